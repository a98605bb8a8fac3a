// End-to-end: the web app in Chromium against a real built project and a real server.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { executeInvocation } from '../run/execute-invocation.js';
import { Logger } from '../run/logger.js';
import { generateCatalog } from './docs/catalog.js';
import { BuildEventHub } from './live/build-events.js';
import { createProjectWebApp } from './project-web-app.js';
import { serveWebApp, type RunningServer } from './serve-web-app.js';
import { ensureWebBuilt, launchChromium, SCREENSHOT_DIR } from './testing/browser.js';
import { buildQuickstart, expectedKpis, type BuiltQuickstart } from './testing/built-quickstart.js';

// Callbacks given to page.evaluate run in the browser; Node's compiler has no DOM types for them.
declare const document: any;
declare const window: any;
type HTMLElement = { dataset: Record<string, string | undefined> };

let q: BuiltQuickstart;
let server: RunningServer;
let hub: BuildEventHub;
let browser: BrowserContext & { cleanup(): Promise<void> };
let page: Page;
const pageErrors: string[] = [];

before(async () => {
  ensureWebBuilt();
  browser = await launchChromium();
  q = await buildQuickstart();
  const catalog = await generateCatalog(q.session.adapter!, q.session.manifest, { invocationId: 'web-test' });
  await writeFile(join(q.dir, 'target', 'catalog.json'), JSON.stringify(catalog));
  hub = new BuildEventHub();
  const { handler } = createProjectWebApp(q.session, { events: hub });
  server = await serveWebApp(handler, { port: 0 });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

after(async () => {
  await browser?.cleanup();
  await server?.close();
  await q?.dispose();
});

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
const raw = async (tile: string): Promise<number> => Number(await page.getAttribute(`[data-tile="${tile}"] .kpi-value`, 'data-raw'));
async function tilesSettled(): Promise<void> {
  await page.waitForFunction(() => {
    const tiles = [...document.querySelectorAll('[data-tile]')];
    return tiles.length > 0 && tiles.every((t) => ['ready', 'empty', 'error'].includes((t as HTMLElement).dataset.state ?? ''));
  });
}

describe('the web app in Chromium', () => {
  it('renders the dashboard tiles with the numbers computed from the raw data', async () => {
    await page.goto(`${server.url}/#/dashboards/monthly_kpis`);
    await tilesSettled();
    const states = await page.$$eval('[data-tile]', (els) => els.map((e) => `${(e as HTMLElement).dataset.tile}:${(e as HTMLElement).dataset.state}`));
    assert.deepEqual(states.filter((s) => !s.endsWith(':ready')), []);
    const all = expectedKpis(q, { start: '2023-01-01', end: '2023-03-01' });
    assert.equal(await raw('mau'), all.mau.at(-1));
    assert.equal(await raw('revenue'), all.revenue.at(-1));
    assert.equal(await raw('total_revenue'), all.totalRevenue);
    assert.equal((await page.textContent('[data-tile="total_revenue"] .kpi-value'))?.trim(), all.totalRevenue.toFixed(2));
    const change = Math.round(((all.revenue.at(-1)! - all.revenue.at(-2)!) / all.revenue.at(-2)!) * 100);
    assert.equal(await page.getAttribute('[data-tile="revenue"] .kpi-change', 'data-change'), `${change > 0 ? '+' : ''}${change}%`);
    const stacked = JSON.parse((await page.getAttribute('[data-tile="revenue_by_month"] .chart', 'data-series'))!) as { categories: string[]; series: { values: (number | null)[] }[] };
    assert.deepEqual(stacked.categories, all.months);
    const sums = stacked.categories.map((_c, i) => Math.round(stacked.series.reduce((s, x) => s + (x.values[i] ?? 0), 0) * 100) / 100);
    assert.deepEqual(sums, all.revenue);
    const tableRows = await page.$$eval('[data-tile="users"] tbody tr', (rows) => rows.map((r) => r.textContent));
    assert.equal(tableRows.length, new Set(q.csv('payments_raw').map((p) => p.user_id)).size);
    await shot('dashboard-light');
  });

  it('updates the tiles when a filter changes', async () => {
    await page.fill('[data-filter="months"] input[data-part="end"]', '2023-02-01');
    await page.dispatchEvent('[data-filter="months"] input[data-part="end"]', 'change');
    const feb = expectedKpis(q, { start: '2023-01-01', end: '2023-02-01' });
    await page.waitForFunction((v) => document.querySelector('[data-tile="total_revenue"] .kpi-value')?.getAttribute('data-raw') === String(v), feb.totalRevenue);
    await tilesSettled();
    assert.equal(await raw('mau'), feb.mau.at(-1));
    assert.equal(await raw('revenue'), feb.revenue.at(-1));
    assert.match(page.url(), /months=2023-01-01\.\.2023-02-01/);
    // Only countries without activity: the KPI tiles say there is no data.
    await page.click('[data-filter="country"] .select-button');
    await page.uncheck('[data-filter="country"] input[value="US"]');
    await page.waitForSelector('[data-tile="mau"][data-state="empty"]');
    await page.click('h1');
    await shot('dashboard-filtered-empty');
  });

  it('shows the lineage graph with the expected nodes and edges and opens a node page', async () => {
    await page.goto(`${server.url}/#/lineage`);
    await page.waitForFunction(() => window.__reelhouseLineage !== undefined);
    const graph = (await page.evaluate(() => ({ nodes: window.__reelhouseLineage.nodes, edges: window.__reelhouseLineage.edges }))) as { nodes: string[]; edges: [string, string][] };
    const manifest = JSON.parse(readFileSync(join(q.dir, 'target', 'manifest.json'), 'utf8')) as { nodes: Record<string, { resource_type: string }>; exposures: Record<string, unknown>; parent_map: Record<string, string[]> };
    const expected = [
      ...Object.entries(manifest.nodes).filter(([, n]) => ['model', 'seed', 'snapshot'].includes(n.resource_type)).map(([id]) => id),
      ...Object.keys(manifest.exposures),
      'exposure.quickstart.monthly_kpis',
    ].sort();
    assert.deepEqual([...new Set(graph.nodes)].sort(), [...new Set(expected)].sort());
    const edges = new Set(graph.edges.map((e) => e.join(' -> ')));
    for (const id of expected) for (const p of manifest.parent_map[id] ?? []) if (expected.includes(p)) assert.ok(edges.has(`${p} -> ${id}`), `${p} -> ${id}`);
    assert.ok(edges.has('model.quickstart.stg_users -> exposure.quickstart.monthly_kpis'));
    await shot('lineage');

    const target = 'model.quickstart.mart_monthly_kpis';
    const at = (await page.evaluate((id) => window.__reelhouseLineage.positionOf(id), target)) as { x: number; y: number } | undefined;
    assert.ok(at);
    await page.mouse.click(at.x, at.y);
    await page.waitForSelector(`.lineage-info a[data-open="${target}"]`);
    await shot('lineage-selected');
    await page.click(`.lineage-info a[data-open="${target}"]`);
    await page.waitForFunction(() => document.querySelector('h1')?.textContent?.includes('mart_monthly_kpis'));
    const monthType = await page.textContent('tr[data-column="month"] .type');
    assert.equal(monthType, 'DATE');
    await shot('docs-model');
  });

  it('focuses a node neighbourhood with +node+', async () => {
    await page.goto(`${server.url}/#/lineage?select=${encodeURIComponent('+stg_users+')}`);
    await page.waitForFunction(() => window.__reelhouseLineage !== undefined && window.__reelhouseLineage.nodes.length > 0);
    const nodes = (await page.evaluate(() => window.__reelhouseLineage.nodes)) as string[];
    assert.deepEqual(nodes.sort(), ['exposure.quickstart.monthly_kpis', 'model.quickstart.stg_users', 'seed.quickstart.users_raw']);
  });

  it('searches across nodes and columns', async () => {
    await page.goto(`${server.url}/#/docs`);
    await page.fill('.search-input', 'paying_users');
    await page.waitForSelector('.search-hit');
    const hits = await page.$$eval('.search-hit .hit-name', (els) => els.map((e) => e.textContent));
    assert.ok(hits.includes('mart_monthly_kpis'), hits.join(', '));
    await shot('search');
  });

  it('shows a run the test triggers, live and in the history, with its timeline', async () => {
    await page.goto(`${server.url}/#/runs`);
    await page.waitForSelector('[data-run]');
    const logger = new Logger({ format: 'json', invocationId: 'triggered-run', sink: hub.jsonSink(), timestamps: false });
    const result = await executeInvocation({ ...q.session, logger, invocationId: 'triggered-run' }, { command: 'build', select: ['+mart_monthly_kpis'], fullRefresh: false, failFast: false, storeFailures: false, args: { which: 'build' } });
    assert.ok(result.success);
    await page.waitForSelector('.live-row[data-node="model.quickstart.mart_monthly_kpis"]');
    await page.waitForSelector('[data-run="triggered-run"]');
    await shot('runs');
    await page.click('[data-run="triggered-run"] a');
    await page.waitForSelector('.gantt-row');
    const rows = await page.$$eval('.gantt-row', (els) => els.map((e) => (e as HTMLElement).dataset.node));
    assert.deepEqual(rows.sort(), result.results.map((r) => r.unique_id).sort());
    await shot('run-timeline');
  });

  it('renders in the dark theme at a laptop width without page errors', async () => {
    const dark = await launchChromium({ colorScheme: 'dark', width: 1280, height: 800 });
    try {
      const p = dark.pages()[0] ?? (await dark.newPage());
      await p.goto(`${server.url}/#/dashboards/monthly_kpis`);
      await p.waitForFunction(() => [...document.querySelectorAll('[data-tile]')].every((t) => (t as HTMLElement).dataset.state === 'ready'));
      assert.equal(await p.getAttribute('html', 'data-theme'), 'dark');
      const overflow: number = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(overflow, 0, 'the page scrolls sideways at 1280 px');
      await p.screenshot({ path: join(SCREENSHOT_DIR, 'dashboard-dark-1280.png'), fullPage: true });
    } finally {
      await dark.cleanup();
    }
    assert.deepEqual(pageErrors, []);
  });
});
