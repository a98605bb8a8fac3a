import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openDuckDb } from '../adapters/duckdb/index.js';
import { createProjectWebApp } from './project-web-app.js';
import { serveWebApp, type RunningServer } from './serve-web-app.js';
import { buildFlagship, type BuiltFlagship } from './testing/built-flagship.js';

let f: BuiltFlagship;
let server: RunningServer;

const DASHBOARDS = ['content_dashboard', 'engagement_dashboard', 'live_viewers_dashboard', 'monthly_kpis_dashboard', 'pipeline_health_dashboard'];

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${server.url}/api/web${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

async function tile(dashboard: string, name: string, filters?: Record<string, unknown>): Promise<unknown[][]> {
  const r = await call('POST', `/dashboards/${dashboard}/tiles/${name}`, filters === undefined ? {} : { filters });
  assert.equal(r.status, 200, `${dashboard}/${name}: ${JSON.stringify(r.json)}`);
  return r.json.rows as unknown[][];
}

/** Runs plain SQL over the raw landed files in a separate in-memory database. */
async function raw(sql: string): Promise<unknown[][]> {
  const db = await openDuckDb({ path: ':memory:' });
  try {
    return (await db.execute(sql)).rows;
  } finally {
    await db.close();
  }
}

const file = (rel: string): string => `'${join(f.dataDir, rel).replaceAll('\\', '/')}'`;
const lake = (): string => `read_parquet(${file('lake/events/*/*.parquet')}, hive_partitioning = true)`;
const num = (v: unknown): number => Number(v);
const first = (rows: unknown[][]): unknown => rows[0]?.[0];
const day = (v: unknown): string => String(v).slice(0, 10);

before(async () => {
  f = await buildFlagship();
  const { handler, dashboards } = createProjectWebApp(f.session);
  assert.deepEqual(dashboards.diagnostics, []);
  server = await serveWebApp(handler, { port: 0 });
});

after(async () => {
  await server?.close();
  await f?.dispose();
});

describe('the flagship dashboards', () => {
  it('loads all five dashboards, each an exposure of the models it reads', async () => {
    const { status, json } = await call('GET', '/dashboards');
    assert.equal(status, 200);
    assert.deepEqual(json.problems ?? json.diagnostics ?? [], []);
    assert.deepEqual(json.dashboards.map((d: { name: string }) => d.name).sort(), DASHBOARDS);
    const kpis = json.dashboards.find((d: { name: string }) => d.name === 'monthly_kpis_dashboard');
    assert.ok(kpis.dependsOn.includes('model.streaming.mart_monthly_kpis'));
    for (const d of json.dashboards) assert.ok(d.dependsOn.length > 0 && d.dependsOn.every((id: string) => /^(model|seed|snapshot|source)\.streaming\./.test(id)), d.name);
  });

  it('runs every tile of every dashboard with its default filters without errors, with data', async () => {
    const { json } = await call('GET', '/dashboards');
    let ran = 0;
    for (const d of json.dashboards as { name: string; tiles: { name: string }[] }[]) {
      const defaults = await call('GET', `/dashboards/${d.name}/defaults`);
      assert.equal(defaults.status, 200, JSON.stringify(defaults.json));
      for (const t of d.tiles) {
        const rows = await tile(d.name, t.name);
        ran += 1;
        // The helper ran the hourly pipeline once, so the run-history tiles have data too.
        assert.ok(rows.length > 0, `${d.name}/${t.name} returned no rows`);
        assert.ok(rows[0]!.some((v) => v !== null), `${d.name}/${t.name} returned only nulls`);
      }
    }
    assert.ok(ran >= 40, `ran ${ran} tiles`);
  });

  it('shows MAU, paying users and revenue per month equal to plain SQL over the billing CSVs', async () => {
    const viewing = `read_csv(${file('viewing_activity.csv')}, header = true)`;
    const payments = `read_csv(${file('payments.csv')}, header = true)`;
    const mau = new Map((await raw(`select strftime(date_trunc('month', cast(watch_date as date)), '%Y-%m-%d'), count(distinct user_id) from ${viewing} group by 1`)).map((r) => [String(r[0]), num(r[1])]));
    const pay = new Map(
      (await raw(`select strftime(date_trunc('month', cast(payment_date as date)), '%Y-%m-%d'), count(distinct user_id), sum(cast(amount as decimal(10,2)))::double from ${payments} group by 1`)).map((r) => [
        String(r[0]),
        { users: num(r[1]), revenue: num(r[2]) },
      ]),
    );
    const mauRows = await tile('monthly_kpis_dashboard', 'mau');
    assert.ok(mauRows.length >= 2);
    for (const [m, v] of mauRows) assert.equal(num(v), mau.get(day(m)) ?? 0, `MAU of ${day(m)}`);
    assert.ok(mauRows.some(([, v]) => num(v) > 0));
    for (const [m, v] of await tile('monthly_kpis_dashboard', 'paying_users')) assert.equal(num(v), pay.get(day(m))?.users ?? 0, `paying users of ${day(m)}`);
    for (const [m, v] of await tile('monthly_kpis_dashboard', 'revenue')) assert.equal(num(v), pay.get(day(m))?.revenue ?? 0, `revenue of ${day(m)}`);
    // Revenue by plan adds up to the month's revenue; a narrower range returns only its months.
    const lastTwo = mauRows.slice(-2).map(([m]) => day(m));
    const byPlan = await tile('monthly_kpis_dashboard', 'revenue_by_plan', { months: { start: lastTwo[0], end: lastTwo[1] } });
    assert.deepEqual([...new Set(byPlan.map(([m]) => day(m)))].sort(), lastTwo);
    for (const m of lastTwo) {
      const sum = byPlan.filter(([x]) => day(x) === m).reduce((a, r) => a + num(r[2]), 0);
      assert.equal(Math.round(sum * 100) / 100, pay.get(m)?.revenue ?? 0);
    }
  });

  it('shows plays and daily active users per day, filtered by dates and country, equal to plain SQL over the event lake', async () => {
    const sessions = `(select session_id, any_value(user_id) as user_id, cast(min(event_ts) as date) as d, arg_min(country, event_ts) as country, arg_min(device, event_ts) as device
                       from ${lake()} group by session_id)`;
    const [[lastDay, country]] = (await raw(`select strftime(max(d), '%Y-%m-%d'), (select country from ${sessions} group by 1 order by count(*) desc, 1 limit 1) from ${sessions}`)) as [[string, string]];
    const start = new Date(Date.parse(`${lastDay}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
    const expected = await raw(
      `select strftime(d, '%Y-%m-%d'), count(*), count(distinct user_id) from ${sessions}
       where d between date '${start}' and date '${lastDay}' and country = '${country}' group by 1 order by 1`,
    );
    assert.ok(expected.length >= 5);
    const filters = { dates: { start, end: lastDay }, country: [country] };
    const plays = await tile('engagement_dashboard', 'daily_plays', filters);
    assert.deepEqual(plays.map(([d, n]) => [day(d), num(n)]), expected.map(([d, n]) => [d, num(n)]));
    const dau = await tile('engagement_dashboard', 'daily_active_users', filters);
    assert.deepEqual(dau.map(([d, n]) => [day(d), num(n)]), expected.map(([d, , u]) => [d, num(u)]));
    const active = first(await tile('engagement_dashboard', 'active_users', filters));
    const [[expectedActive]] = (await raw(`select count(distinct user_id) from ${sessions} where d between date '${start}' and date '${lastDay}' and country = '${country}'`)) as [[unknown]];
    assert.equal(num(active), num(expectedActive));
    // The default range is the last 30 days of data, ending on the newest day.
    const defaults = await call('GET', '/dashboards/engagement_dashboard/defaults');
    assert.equal(defaults.json.filters.dates.end, lastDay);
    // A value that is not among the options is refused, never run.
    const bad = await call('POST', '/dashboards/engagement_dashboard/tiles/daily_plays', { filters: { country: ["x' or 1=1 --"] } });
    assert.equal(bad.status, 400);
  });

  it('shows live channels per day and the top stream equal to plain SQL over the stream snapshots', async () => {
    const streams = `read_parquet(${file('streams/*.parquet')}, union_by_name = true)`;
    const expected = await raw(`select strftime(cast(_extracted_at as date), '%Y-%m-%d'), count(distinct user_id) from ${streams} group by 1 order by 1`);
    const channels = await tile('live_viewers_dashboard', 'channels');
    assert.deepEqual(channels.map(([d, n]) => [day(d), num(n)]), expected.map(([d, n]) => [d, num(n)]));
    const peak = first(await tile('live_viewers_dashboard', 'peak_viewers'));
    const [[expectedPeak]] = (await raw(`select max(viewer_count) from ${streams}`)) as [[unknown]];
    assert.equal(num(peak), num(expectedPeak));
  });

  it('shows ratings and pipeline builds from the data', async () => {
    const ratings = first(await tile('content_dashboard', 'ratings'));
    const [[expected]] = (await raw(
      `select count(*) from read_csv(${file('movielens/ratings.csv')}, header = true) r
       where r.movieId in (select title_id from read_csv(${file('catalog/titles.csv')}, header = true))`,
    )) as [[unknown]];
    assert.equal(num(ratings), num(expected));
    const builds = first(await tile('pipeline_health_dashboard', 'builds'));
    assert.equal(num(builds), 1);
  });
});
