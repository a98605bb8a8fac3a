// End-to-end: the flagship's five dashboards in Chromium against a real small build of
// examples/streaming and a real server. Every number the test reads off the page is computed
// again here with plain SQL straight against the warehouse's marts (never through the server),
// a filter change on each dashboard that has one must update the tiles, and each dashboard is
// saved as a screenshot under test-output/web/.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { loadSchemaValidator } from '../run/artifacts/schema-validator.js';
import { generateCatalog } from './docs/catalog.js';
import { createProjectWebApp } from './project-web-app.js';
import { serveWebApp, type RunningServer } from './serve-web-app.js';
import { ensureWebBuilt, launchChromium, SCREENSHOT_DIR } from './testing/browser.js';
import { buildFlagship, type BuiltFlagship } from './testing/built-flagship.js';

// Callbacks given to page.evaluate run in the browser; Node's compiler has no DOM types for them.
declare const document: any;
type HTMLElement = { dataset: Record<string, string | undefined> };

let f: BuiltFlagship;
let server: RunningServer;
let browser: BrowserContext & { cleanup(): Promise<void> };
let page: Page;
const pageErrors: string[] = [];

before(async () => {
  ensureWebBuilt();
  [browser, f] = await Promise.all([launchChromium(), buildFlagship()]);
  const { handler, dashboards } = createProjectWebApp(f.session);
  assert.deepEqual(dashboards.diagnostics, []);
  server = await serveWebApp(handler, { port: 0 });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

after(async () => {
  await browser?.cleanup();
  await server?.close();
  await f?.dispose();
});

/** The warehouse relation of a model of the flagship, as SQL. */
function rel(model: string): string {
  const node = Object.values(f.session.manifest.nodes).find((n) => n.resource_type === 'model' && n.name === model);
  assert.ok(node, `no model ${model}`);
  return f.session.adapter!.dialect.renderRelation({ database: node.database, schema: node.schema, identifier: node.alias || node.name });
}
/** Plain SQL on the warehouse, beside the server (the same DuckDB, not its HTTP API). */
const sql = async (text: string): Promise<unknown[][]> => (await f.session.adapter!.execute(text)).rows;
const num = (v: unknown): number => Number(v);
const cents = (v: number): number => Math.round(v * 100) / 100;
const day = (v: unknown): string => String(v).slice(0, 10);
const daysBefore = (d: string, n: number): string => new Date(Date.parse(`${d}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `flagship-${name}.png`), fullPage: true });

async function open(dashboard: string): Promise<void> {
  await page.goto(`${server.url}/#/dashboards/${dashboard}`);
  await page.waitForSelector('[data-tile]');
  await settled();
}
/** Waits until no tile is loading. */
async function settled(): Promise<void> {
  await page.waitForFunction(() => {
    const tiles = [...document.querySelectorAll('[data-tile]')];
    return tiles.length > 0 && tiles.every((t) => ['ready', 'empty', 'error'].includes((t as HTMLElement).dataset.state ?? ''));
  });
}
async function tileStates(): Promise<Record<string, string>> {
  return Object.fromEntries(await page.$$eval('[data-tile]', (els) => els.map((e) => [(e as HTMLElement).dataset.tile!, (e as HTMLElement).dataset.state!])));
}
async function kpi(tile: string): Promise<number> {
  return num(await page.getAttribute(`[data-tile="${tile}"] .kpi-value`, 'data-raw'));
}
/** Waits for a KPI tile to show a value (after a filter change the old value may still be there). */
async function kpiBecomes(tile: string, value: number): Promise<void> {
  await page.waitForFunction(([t, v]) => document.querySelector(`[data-tile="${t}"] .kpi-value`)?.getAttribute('data-raw') === String(v), [tile, value] as const, { timeout: 15_000 }).catch(async () => {
    assert.fail(`${tile} shows ${await page.getAttribute(`[data-tile="${tile}"] .kpi-value`, 'data-raw')}, expected ${value}`);
  });
  await settled();
}
interface Series {
  categories: string[];
  series: { name: string; values: (number | null)[] }[];
}
async function chart(tile: string): Promise<Series> {
  return JSON.parse((await page.getAttribute(`[data-tile="${tile}"] .chart`, 'data-series'))!) as Series;
}
/** Per category, the sum over the series (a stacked chart's column totals). */
const totals = (s: Series): number[] => s.categories.map((_c, i) => s.series.reduce((a, x) => a + (x.values[i] ?? 0), 0));
async function setDates(filter: string, start: string | undefined, end: string | undefined): Promise<void> {
  for (const [part, v] of [['start', start], ['end', end]] as const) {
    if (v === undefined) continue;
    await page.fill(`[data-filter="${filter}"] input[data-part="${part}"]`, v);
    await page.dispatchEvent(`[data-filter="${filter}"] input[data-part="${part}"]`, 'change');
  }
}
/** Picks exactly one value of a multi-select filter. */
async function pickOnly(filter: string, value: string): Promise<void> {
  await page.click(`[data-filter="${filter}"] .select-button`);
  await page.click(`[data-filter="${filter}"] .popover-actions button:has-text("None")`);
  await page.check(`[data-filter="${filter}"] input[value="${value}"]`);
  await page.click('h1');
}
/** Every tile shows data; a tile that does not is reported with the text it shows (its error). */
async function allReady(): Promise<void> {
  const states = await tileStates();
  const bad = Object.entries(states).filter(([, s]) => s !== 'ready');
  const texts = await Promise.all(bad.map(async ([t, s]) => `${t} ${s}: ${(await page.textContent(`[data-tile="${t}"]`))?.trim().slice(0, 300)}`));
  assert.deepEqual(texts, []);
}

describe('the flagship dashboards in Chromium', () => {
  it('Subscriptions & revenue: KPIs and revenue by plan equal SQL over the marts, and follow the months filter', async () => {
    const months = (await sql(`select strftime(month, '%Y-%m-%d'), mau, paying_users from ${rel('mart_monthly_kpis')} order by month`)).map((r) => ({ month: String(r[0]), mau: num(r[1]), paying: num(r[2]) }));
    const revenue = new Map((await sql(`select strftime(date_trunc('month', payment_date), '%Y-%m-%d'), sum(amount)::double from ${rel('stg_payments')} group by 1`)).map((r) => [String(r[0]), cents(num(r[1]))]));
    assert.ok(months.length >= 2);
    await open('monthly_kpis_dashboard');
    await allReady();
    const last = months.at(-1)!;
    assert.equal(await kpi('mau'), last.mau);
    assert.equal(await kpi('paying_users'), last.paying);
    assert.equal(cents(await kpi('revenue')), revenue.get(last.month) ?? 0);
    const byPlan = await chart('revenue_by_plan');
    assert.deepEqual(byPlan.categories.map(day), months.map((m) => m.month));
    assert.deepEqual(totals(byPlan).map(cents), months.map((m) => revenue.get(m.month) ?? 0));
    await shot('subscriptions');

    const earlier = months.at(-2)!;
    await setDates('months', undefined, earlier.month);
    await kpiBecomes('mau', earlier.mau);
    assert.equal(cents(await kpi('revenue')), revenue.get(earlier.month) ?? 0);
    assert.deepEqual((await chart('revenue_by_plan')).categories.map(day), months.slice(0, -1).map((m) => m.month));
    assert.match(page.url(), new RegExp(`months=${months[0]!.month}\\.\\.${earlier.month}`));
    await shot('subscriptions-filtered');
  });

  it('Engagement: plays and active users equal SQL over fct_watch, for the default 30 days, a shorter range and one country', async () => {
    const watch = rel('fct_watch');
    const [[lastDay, firstDay]] = (await sql(`select strftime(max(watch_date), '%Y-%m-%d'), strftime(min(watch_date), '%Y-%m-%d') from ${watch}`)) as [[string, string]];
    const start = daysBefore(lastDay, 29) > firstDay ? daysBefore(lastDay, 29) : firstDay;
    const expected = async (from: string, where = 'true') => {
      const daily = await sql(`select strftime(watch_date, '%Y-%m-%d'), count(*) from ${watch} where watch_date between date '${from}' and date '${lastDay}' and ${where} group by 1 order by 1`);
      const [[users]] = (await sql(`select count(distinct user_id) from ${watch} where watch_date between date '${from}' and date '${lastDay}' and ${where}`)) as [[unknown]];
      return { days: daily.map((r) => String(r[0])), plays: daily.map((r) => num(r[1])), users: num(users) };
    };
    await open('engagement_dashboard');
    await allReady();
    const all = await expected(start);
    assert.equal(all.days[0], start);
    assert.equal(await kpi('active_users'), all.users);
    assert.equal(await kpi('plays'), all.plays.at(-1));
    const plays = await chart('daily_plays');
    assert.deepEqual(plays.categories.map(day), all.days);
    assert.deepEqual(plays.series[0]!.values, all.plays);
    await shot('engagement');

    // A shorter range: the last week.
    const week = daysBefore(lastDay, 6);
    const lastWeek = await expected(week);
    await setDates('dates', week, undefined);
    await kpiBecomes('active_users', lastWeek.users);
    assert.deepEqual((await chart('daily_plays')).categories.map(day), lastWeek.days);

    // One country: the one with the most sessions that week.
    const [[country]] = (await sql(`select country from ${watch} where watch_date >= date '${week}' group by 1 order by count(*) desc, 1 limit 1`)) as [[string]];
    const one = await expected(week, `country = '${country.replaceAll("'", "''")}'`);
    assert.ok(one.users < lastWeek.users, 'one country has fewer users than all of them');
    await pickOnly('country', country);
    await kpiBecomes('active_users', one.users);
    assert.deepEqual((await chart('daily_plays')).series[0]!.values, one.plays);
    await shot('engagement-filtered');
  });

  it('Content & ratings: ratings and titles equal SQL over fct_ratings and dim_title, and follow the genre filter', async () => {
    const expected = async (genre?: string) => {
      const where = genre ? `t.primary_genre = '${genre.replaceAll("'", "''")}'` : 'true';
      const [[ratings, titles]] = (await sql(`select count(*), count(distinct r.title_id) from ${rel('fct_ratings')} r join ${rel('dim_title')} t using (title_id) where ${where}`)) as [[unknown, unknown]];
      return { ratings: num(ratings), titles: num(titles) };
    };
    await open('content_dashboard');
    await allReady();
    const all = await expected();
    assert.ok(all.ratings > 0);
    assert.equal(await kpi('ratings'), all.ratings);
    assert.equal(await kpi('rated_titles'), all.titles);
    assert.equal(totals(await chart('ratings_distribution')).reduce((a, b) => a + b, 0), all.ratings);
    await shot('content');

    const [[genre]] = (await sql(`select t.primary_genre from ${rel('fct_ratings')} r join ${rel('dim_title')} t using (title_id) where t.primary_genre is not null group by 1 order by count(*) desc, 1 limit 1`)) as [[string]];
    const one = await expected(genre);
    assert.ok(one.ratings < all.ratings);
    await pickOnly('genre', genre);
    await kpiBecomes('ratings', one.ratings);
    assert.equal(await kpi('rated_titles'), one.titles);
    await shot('content-filtered');
  });

  it('Live streams: channels and peak viewers equal SQL over fact_streams, and follow the game filter', async () => {
    const streams = rel('fact_streams');
    const expected = async (game?: string) => {
      const where = game ? `game_name = '${game.replaceAll("'", "''")}'` : 'true';
      const daily = await sql(`select strftime(stream_date, '%Y-%m-%d'), count(distinct user_id) from ${streams} where ${where} group by 1 order by 1`);
      const [[peak]] = (await sql(`select max(max_viewer_count) from ${streams} where ${where}`)) as [[unknown]];
      return { channels: num(daily.at(-1)![1]), peak: num(peak) };
    };
    await open('live_viewers_dashboard');
    await allReady();
    const all = await expected();
    assert.equal(await kpi('channels'), all.channels);
    assert.equal(await kpi('peak_viewers'), all.peak);
    await shot('live-streams');

    const [[game]] = (await sql(`select game_name from ${streams} where game_name is not null group by 1 order by max(max_viewer_count) asc, 1 limit 1`)) as [[string]];
    const one = await expected(game);
    assert.ok(one.peak < all.peak, `${game} peaks below the overall peak`);
    await pickOnly('game', game);
    await kpiBecomes('peak_viewers', one.peak);
    assert.equal(await kpi('channels'), one.channels);
    await shot('live-streams-filtered');
  });

  it('Pipeline health: audited runs, pipeline runs and the newest event day equal SQL over the marts', async () => {
    const [[audited]] = (await sql(`select count(*) from ${rel('mart_pipeline_health')}`)) as [[unknown]];
    const [[runs, failed]] = (await sql(`select count(*), count(*) filter (where status not in ('success', 'running', 'skipped')) from ${rel('mart_pipeline_runs')}`)) as [[unknown, unknown]];
    const [[newest]] = (await sql(`select cast(max(last_event_date) as varchar) from ${rel('fct_watch')}`)) as [[string]];
    assert.equal(num(runs), 1, 'the helper ran the hourly pipeline once');
    await open('pipeline_health_dashboard');
    await allReady();
    assert.equal(await kpi('builds'), num(audited));
    assert.equal(await kpi('pipeline_runs'), num(runs));
    assert.equal(await kpi('failed_runs'), num(failed));
    assert.equal((await page.textContent('[data-tile="latest_event_date"] .kpi-value'))?.trim(), newest);
    const rows = await page.$$eval('[data-tile="runs_table"] tbody tr', (trs) => trs.length);
    assert.equal(rows, num(runs));
    await shot('pipeline-health');
    assert.deepEqual(pageErrors, []);
  });

  it('shows each pipeline\'s schedule (cron, time zone, next run, trigger) and the sources\' freshness on the runs page', async () => {
    const results = (JSON.parse(readFileSync(join(f.dir, 'target', 'sources.json'), 'utf8')) as { results: { unique_id: string; status: string; max_loaded_at?: string }[] }).results;
    assert.ok(results.length > 0, 'the hourly pipeline checked source freshness');
    // Both pipelines run on a cron without a time zone: the server's own applies.
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const nextHour = (): string => new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 + 3_600_000).toISOString();
    const before = nextHour();
    await page.goto(`${server.url}/#/runs`);
    await page.waitForSelector('[data-pipeline="hourly"]');
    await page.waitForSelector('[data-section="freshness"] [data-freshness]');
    const after = nextHour();
    const pipeline = async (name: string) => ({
      cron: (await page.textContent(`[data-pipeline="${name}"] .cron`))?.trim(),
      zone: (await page.textContent(`[data-pipeline="${name}"] .timezone`))?.trim(),
      trigger: (await page.textContent(`[data-pipeline="${name}"] .trigger`))?.trim(),
      next: await page.getAttribute(`[data-pipeline="${name}"] .next-run`, 'data-next'),
    });
    const hourly = await pipeline('hourly');
    assert.equal(hourly.cron, '0 * * * *');
    assert.equal(hourly.zone, `${zone} · catch-up: run_last`);
    assert.equal(hourly.trigger, 'schedule');
    assert.ok([before, after].includes(hourly.next ?? ''), `next hourly run ${hourly.next}, expected ${before}`);
    const daily = await pipeline('daily');
    assert.equal(daily.cron, '30 2 * * *');
    assert.ok(daily.next && Date.parse(daily.next) > Date.now() && Date.parse(daily.next) <= Date.now() + 86_400_000);
    assert.equal(new Date(daily.next).toLocaleTimeString('en-GB', { timeZone: zone, hour12: false }), '02:30:00');

    const rows = await page.$$eval('[data-freshness]', (trs) => trs.map((t) => [(t as HTMLElement).dataset.freshness, (t as HTMLElement).dataset.status, (t as any).querySelector('.loaded-at')?.textContent ?? '']));
    assert.deepEqual(rows.map(([id, status]) => `${id}:${status}`).sort(), results.map((r) => `${r.unique_id}:${r.status}`).sort());
    for (const r of results) if (r.max_loaded_at) assert.ok(rows.some(([id, , text]) => id === r.unique_id && String(text).startsWith(r.max_loaded_at!)), `${r.unique_id} shows ${r.max_loaded_at}`);
    await shot('runs-schedules-freshness');

    // The source's docs page shows its last check too.
    const checked = results.find((r) => r.max_loaded_at) ?? results[0]!;
    await page.goto(`${server.url}/#/docs/${encodeURIComponent(checked.unique_id)}`);
    await page.waitForSelector('.freshness-result');
    assert.equal(await page.getAttribute('.freshness-result', 'data-status'), checked.status);
    if (checked.max_loaded_at) assert.ok((await page.textContent('.freshness-result'))?.includes(checked.max_loaded_at));
    await shot('docs-source-freshness');
    assert.deepEqual(pageErrors, []);
  });

  it('writes a catalog of the flagship that validates against dbt catalog v1', async () => {
    const catalog = (await generateCatalog(f.session.adapter!, f.session.manifest, { invocationId: 'flagship-browser-test' })) as { nodes: Record<string, unknown>; sources: Record<string, unknown> };
    const r = loadSchemaValidator('catalog/v1.json')(catalog);
    assert.ok(r.valid, r.errors);
    assert.ok(Object.keys(catalog.nodes).length > 20);
    assert.ok(Object.keys(catalog.nodes).includes('model.streaming.mart_monthly_kpis'));
  });
});
