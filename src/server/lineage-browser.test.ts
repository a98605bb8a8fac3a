// End-to-end: the lineage page in Chromium on a generated project of 1,000 models. The layout
// library lays it out (in the worker) left to right, and zoom, pan and the tag, folder and
// resource-type filters work at that size.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { writeSyntheticProject } from '../../bench/generate-project.js';
import { serveWebApp, type RunningServer } from './serve-web-app.js';
import { ensureWebBuilt, launchChromium, SCREENSHOT_DIR } from './testing/browser.js';
import { repoRoot } from './testing/built-quickstart.js';
import { createWebApp } from './web-app.js';

// Callbacks given to page.evaluate run in the browser; Node's compiler has no DOM types for them.
declare const window: any;
declare const document: any;

const MODELS = 1000;
let dir: string;
let server: RunningServer;
let browser: BrowserContext & { cleanup(): Promise<void> };
let page: Page;
const pageErrors: string[] = [];

before(async () => {
  ensureWebBuilt();
  dir = await mkdtemp(join(tmpdir(), 'reelhouse-lineage-'));
  await writeSyntheticProject(dir, { models: MODELS, testsPerModel: 0, materialized: 'view', fanIn: 2, dbPath: join(dir, 'bench.duckdb') });
  const parse = spawnSync(process.execPath, [join(repoRoot, 'bin', 'reelhouse'), 'parse', '--project-dir', dir, '-q'], { encoding: 'utf8' });
  assert.equal(parse.status, 0, parse.stderr);
  server = await serveWebApp(createWebApp({ projectName: 'bench', targetDir: join(dir, 'target') }), { port: 0 });
  browser = await launchChromium();
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

after(async () => {
  await browser?.cleanup();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Drawn {
  nodes: string[];
  edges: [string, string][];
  source: string;
  at: Record<string, { x: number; y: number }>;
}
/** Waits for the graph of the current filters and reads every node's place on screen. */
async function drawn(count?: number): Promise<Drawn> {
  await page.waitForFunction((n) => {
    const l = window.__reelhouseLineage;
    return l !== undefined && document.querySelector('.lineage-stage')?.getAttribute('data-state') === 'ready' && (n === undefined || l.nodes.length === n);
  }, count, { timeout: 120_000 });
  return page.evaluate(() => {
    const l = window.__reelhouseLineage;
    return { nodes: l.nodes, edges: l.edges, source: l.layoutSource, at: Object.fromEntries(l.nodes.map((id: string) => [id, l.positionOf(id)])) };
  }) as Promise<Drawn>;
}
const model = (i: number): string => `model.bench.model_${String(i).padStart(5, '0')}`;

describe('the lineage of 1,000 models in Chromium', () => {
  it('is laid out left to right by the layout library, without overlapping nodes', async () => {
    await page.goto(`${server.url}/#/lineage`);
    const g = await drawn(MODELS);
    assert.equal(g.source, 'worker');
    assert.equal(new Set(g.nodes).size, MODELS);
    // Every model but the roots reads two others: every edge points right.
    assert.equal(g.edges.length, (MODELS * 9) / 10 * 2);
    for (const [a, b] of g.edges) assert.ok(g.at[a]!.x < g.at[b]!.x, `${a} is left of ${b}`);
    // Nodes in one column never share a place (the drawing is zoomed out to fit, so compare centres).
    const places = new Set(Object.values(g.at).map((p) => `${p.x.toFixed(2)},${p.y.toFixed(2)}`));
    assert.equal(places.size, MODELS);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'lineage-1000.png') });
  });

  it('zooms and pans', async () => {
    const before = (await drawn()).at;
    const a = before[model(10)]!;
    await page.click('button[title="Zoom in"]');
    await page.waitForFunction(([id, x]) => window.__reelhouseLineage.positionOf(id).x !== x, [model(10), a.x] as const);
    const zoomed = (await drawn()).at;
    const spread = (p: Record<string, { x: number; y: number }>): number => Math.hypot(p[model(10)]!.x - p[model(11)]!.x, p[model(10)]!.y - p[model(11)]!.y);
    assert.ok(Math.abs(spread(zoomed) / spread(before) - 1.25) < 0.01, `zoom by 1.25: ${spread(before)} -> ${spread(zoomed)}`);
    const box = (await page.locator('.lineage-canvas').boundingBox())!;
    await page.mouse.move(box.x + 300, box.y + 300);
    await page.mouse.down();
    await page.mouse.move(box.x + 340, box.y + 250, { steps: 4 });
    await page.mouse.up();
    const panned = (await drawn()).at[model(10)]!;
    assert.ok(Math.abs(panned.x - zoomed[model(10)]!.x - 40) < 1 && Math.abs(panned.y - zoomed[model(10)]!.y + 50) < 1, JSON.stringify({ zoomed: zoomed[model(10)], panned }));
  });

  it('filters by tag, folder and resource type, and focuses a neighbourhood', async () => {
    // Tag: the roots (the first ten models of every hundred).
    await page.selectOption('select[aria-label="Tag"]', 'root');
    const roots = await drawn(MODELS / 10);
    assert.ok(roots.nodes.every((id) => Number(id.slice(-5)) % 100 < 10));
    assert.equal(roots.edges.length, 0);
    await page.selectOption('select[aria-label="Tag"]', '');
    // Folder: models 500-999 live in models/group_1.
    await page.selectOption('select[aria-label="Folder"]', 'group_1');
    const group = await drawn(500);
    assert.ok(group.nodes.every((id) => Number(id.slice(-5)) >= 500));
    await page.selectOption('select[aria-label="Folder"]', '');
    // Resource type: without models nothing is left.
    await page.uncheck('.type-filters input[value="model"]');
    await page.waitForFunction(() => document.querySelector('.lineage-stage')?.getAttribute('data-empty') === 'true');
    await page.check('.type-filters input[value="model"]');
    await drawn(MODELS);
    // Focus: a root, its children and nothing upstream.
    await page.fill('.select-input', 'model_00003+');
    await page.press('.select-input', 'Enter');
    const focus = await drawn();
    // The generator has model i (10 <= i < 100) read models i % 10 and (i + 1) % 10.
    const children = Array.from({ length: 90 }, (_v, k) => k + 10).filter((i) => i % 10 === 3 || (i + 1) % 10 === 3).map(model);
    assert.deepEqual([...focus.nodes].sort(), [model(3), ...children].sort());
    assert.deepEqual(pageErrors, []);
  });
});
