// End-to-end: the docs site `reelhouse docs generate` writes, opened from disk (file://) in
// Chromium with no server: docs pages, lineage and search work, and nothing is fetched.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { ensureWebBuilt, launchChromium, SCREENSHOT_DIR } from '../testing/browser.js';
import { repoRoot } from '../testing/built-quickstart.js';

// Callbacks given to page.evaluate run in the browser; Node's compiler has no DOM types for them.
declare const window: any;
declare const document: any;

let dir: string;
let url: string;
let browser: BrowserContext & { cleanup(): Promise<void> };
let page: Page;
const problems: string[] = [];
const requests: string[] = [];

type Manifest = { nodes: Record<string, { resource_type: string; description: string; columns: Record<string, { description: string }> }> };

before(async () => {
  ensureWebBuilt();
  dir = await mkdtemp(join(tmpdir(), 'reelhouse-static-browser-'));
  await cp(join(repoRoot, 'examples', 'quickstart'), dir, {
    recursive: true,
    filter: (src) => !/[\\/](target|dbt_packages|logs)$/.test(src) && !src.endsWith('.duckdb') && !src.endsWith('.wal'),
  });
  // The project's own overview block, which the docs site shows rather than dbt's own.
  await writeFile(join(dir, 'models', 'overview.md'), '{% docs __overview__ %}\nQuickstart overview: **monthly KPIs** of the sample service.\n{% enddocs %}\n');
  const env = { ...process.env };
  delete env.QUICKSTART_DB_PATH;
  for (const args of [['build', '-q'], ['docs', 'generate']]) {
    const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'reelhouse'), ...args, '--project-dir', dir], { encoding: 'utf8', env });
    assert.equal(r.status, 0, `${args.join(' ')}:\n${r.stdout}\n${r.stderr}`);
  }
  url = pathToFileURL(join(dir, 'target', 'index.html')).href;
  browser = await launchChromium();
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('request', (r) => requests.push(r.url()));
});

after(async () => {
  await browser?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const ready = (): Promise<unknown> => page.waitForSelector('main[data-ready="true"]');

describe('the static docs site from file:// in Chromium', () => {
  it('opens on the docs, with only the pages that need no server in the navigation', async () => {
    await page.goto(url);
    await ready();
    const sections = await page.$$eval('.top-nav a', (els) => els.map((e) => e.textContent));
    assert.deepEqual(sections, ['Docs', 'Lineage']);
    await page.waitForSelector('.docs-layout');
    assert.equal(await page.textContent('header .project'), 'quickstart');
    // The manifest also carries doc.dbt.__overview__; the project's own block is the one shown.
    const manifest = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8')) as { docs: Record<string, unknown> };
    assert.ok(manifest.docs['doc.dbt.__overview__'] && manifest.docs['doc.quickstart.__overview__']);
    await page.waitForFunction(() => document.querySelector('.docs-content')?.textContent?.includes('Quickstart overview'));
    assert.doesNotMatch((await page.textContent('.docs-content')) ?? '', /Replace this text with a docs block/);
  });

  it("shows a model's page with its description and columns", async () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8')) as Manifest;
    const id = 'model.quickstart.stg_users';
    const model = manifest.nodes[id]!;
    assert.ok(model.description.length > 10, 'the example documents this model');
    await page.goto(`${url}#/docs/${encodeURIComponent(id)}`);
    await page.waitForFunction(() => document.querySelector('h1')?.textContent?.includes('stg_users'));
    const description = (await page.textContent('.docs-content .card .prose')) ?? '';
    assert.ok(description.includes(model.description.trim().split('\n')[0]!.replace(/[`*_]/g, '').slice(0, 30)), description);
    const columns = await page.$$eval('tr[data-column]', (els) => els.map((e) => e.getAttribute('data-column')));
    for (const name of Object.keys(model.columns)) assert.ok(columns.includes(name), `column ${name} in ${columns.join(', ')}`);
    // Types come from the catalog, embedded at generate time.
    const catalog = JSON.parse(readFileSync(join(dir, 'target', 'catalog.json'), 'utf8')) as { nodes: Record<string, { columns: Record<string, { type: string }> }> };
    assert.equal(await page.textContent('tr[data-column="user_id"] .type'), catalog.nodes[id]!.columns.user_id!.type);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'static-docs-model.png') });
  });

  it('draws the lineage, laid out by the worker from the page itself', async () => {
    await page.goto(`${url}#/lineage`);
    await page.waitForFunction(() => window.__reelhouseLineage !== undefined && document.querySelector('.lineage-stage')?.getAttribute('data-state') === 'ready', undefined, { timeout: 60_000 });
    const g = (await page.evaluate(() => ({ nodes: window.__reelhouseLineage.nodes, source: window.__reelhouseLineage.layoutSource }))) as { nodes: string[]; source: string };
    assert.ok(g.nodes.includes('model.quickstart.stg_users'));
    assert.ok(g.nodes.includes('model.quickstart.mart_monthly_kpis'));
    assert.equal(g.source, 'worker');
    const at = (await page.evaluate((id) => window.__reelhouseLineage.positionOf(id), 'model.quickstart.mart_monthly_kpis')) as { x: number; y: number } | undefined;
    assert.ok(at, 'the node is drawn on the canvas');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'static-docs-lineage.png') });
  });

  it('finds a model with the search box and opens it', async () => {
    await page.goto(`${url}#/docs`);
    await ready();
    await page.fill('.search-input', 'mart_monthly');
    await page.waitForSelector('.search-hit');
    const hits = await page.$$eval('.search-hit .hit-name', (els) => els.map((e) => e.textContent));
    assert.ok(hits.includes('mart_monthly_kpis'), hits.join(', '));
    await page.click('.search-hit:has-text("mart_monthly_kpis")');
    await page.waitForFunction(() => document.querySelector('h1')?.textContent?.includes('mart_monthly_kpis'));
  });

  it('says in one line that dashboards and runs need a server', async () => {
    for (const route of ['#/dashboards', '#/runs']) {
      await page.goto(`${url}${route}`);
      await page.waitForSelector('main[data-ready="true"] .empty');
      assert.match((await page.textContent('main .empty-detail')) ?? '', /reelhouse docs serve/);
    }
  });

  it('loaded nothing from anywhere and logged no errors', () => {
    assert.deepEqual(problems, []);
    const elsewhere = requests.filter((r) => !/^(file|data|blob):/.test(r));
    assert.deepEqual(elsewhere, []);
    assert.ok(requests.some((r) => r.startsWith('blob:')), 'the layout worker started from the page');
  });
});
