/**
 * The lineage page in Chromium on generated projects of 1,000 and 2,000 models: time to the first
 * drawn graph (cold: dagre in the layout worker; warm: a reload served from the layout cache),
 * the worker's layout time, and frame times while panning and zooming. Also dagre in the same
 * worker on one connected eight-layer graph of the same size (the generated projects are made of
 * 100-model groups, which the layout handles one at a time). Printed, not asserted.
 * Run: node dist/bench/web-lineage.js [--sizes 1000,2000] [--runs 3]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createWebApp } from '../src/server/web-app.js';
import { serveWebApp } from '../src/server/serve-web-app.js';
import { CHROMIUM_PATH, ensureWebBuilt, launchChromium } from '../src/server/testing/browser.js';
import { repoRoot } from '../src/server/testing/built-quickstart.js';
import { writeSyntheticProject } from './generate-project.js';

// Callbacks given to page.evaluate run in the browser; Node's compiler has no DOM types for them.
declare const window: any;
declare const Worker: any;

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const sizes = (arg('--sizes') ?? '1000,2000').split(',').map(Number);
const runs = Number(arg('--runs') ?? 3);
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const ms = (n: number): string => `${n.toFixed(0)} ms`;

if (!existsSync(CHROMIUM_PATH)) {
  console.log(`skipped: no Chromium at ${CHROMIUM_PATH}`);
  process.exit(0);
}
ensureWebBuilt();

/** Opens the lineage page and waits for the drawn graph; returns the page's timings. */
async function firstRender(page: Page, url: string): Promise<{ readyMs: number; layoutMs: number; source: string; nodes: number }> {
  await page.goto(`${url}/#/lineage`);
  await page.waitForFunction(() => window.__reelhouseLineage !== undefined && window.__reelhouseLineage.paintStats().paints > 0, undefined, { timeout: 600_000 });
  return page.evaluate(() => {
    const l = window.__reelhouseLineage;
    return { readyMs: l.readyAt, layoutMs: l.layoutMs, source: l.layoutSource, nodes: l.nodes.length };
  });
}

/** Drags across the canvas, then zooms with the wheel; each step waits for its frame. */
async function panZoom(page: Page): Promise<{ pan: number[]; zoom: number[]; paint: number[] }> {
  const box = (await page.locator('.lineage-canvas').boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  // Zoom in first so node boxes and labels are drawn in detail, as when reading the graph.
  for (let i = 0; i < 8; i++) await page.mouse.wheel(0, -200);
  const pan: number[] = [];
  const zoom: number[] = [];
  const paint: number[] = [];
  const step = async (act: () => Promise<void>, into: number[]): Promise<void> => {
    const before = (await page.evaluate(() => window.__reelhouseLineage.paintStats().paints)) as number;
    const t0 = performance.now();
    await act();
    await page.waitForFunction((n) => window.__reelhouseLineage.paintStats().paints > n, before);
    into.push(performance.now() - t0);
    paint.push((await page.evaluate(() => window.__reelhouseLineage.paintStats().lastPaintMs)) as number);
  };
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 1; i <= 30; i++) await step(() => page.mouse.move(cx - i * 12, cy - i * 6), pan);
  await page.mouse.up();
  for (let i = 0; i < 20; i++) await step(() => page.mouse.wheel(0, i < 10 ? 120 : -120), zoom);
  return { pan, zoom, paint };
}

/** dagre in the app's layout worker on one connected graph of `n` nodes (no component split). */
async function connectedLayout(page: Page, n: number): Promise<number> {
  return page.evaluate(async (count) => {
    const ids = Array.from({ length: count }, (_v, i) => `m${i}`);
    const edges: [string, string][] = [];
    // Eight layers, as sources, staging, intermediate and mart models stack up: every node reads
    // two nodes of the layer before, every fifth also one two layers up (a longer edge).
    const size = Math.ceil(count / 8);
    for (let i = size; i < count; i++) {
      const layer = Math.floor(i / size);
      const base = (layer - 1) * size;
      edges.push([`m${base + ((i * 7) % size)}`, `m${i}`]);
      edges.push([`m${base + ((i * 13 + 5) % size)}`, `m${i}`]);
      if (layer > 1 && i % 5 === 0) edges.push([`m${base - size + ((i * 3) % size)}`, `m${i}`]);
    }
    const worker = new Worker('/layout-worker.js', { type: 'module' });
    const answer = await new Promise<{ ms: number; error?: string }>((resolve) => {
      worker.onmessage = (e: { data: { ms: number; error?: string } }) => resolve(e.data);
      worker.postMessage({ seq: 1, ids, edges });
    });
    worker.terminate();
    if (answer.error) throw new Error(answer.error);
    return answer.ms;
  }, n);
}

const work = await mkdtemp(join(tmpdir(), 'reelhouse-web-lineage-'));
const browser = await launchChromium({ width: 1440, height: 900 });
try {
  console.log(`lineage page in Chromium, ${runs} runs per size (median, then each run)`);
  for (const size of sizes) {
    const dir = join(work, `p${size}`);
    await writeSyntheticProject(dir, { models: size, testsPerModel: 0, materialized: 'view', fanIn: 2, dbPath: join(dir, 'bench.duckdb') });
    const parse = spawnSync(process.execPath, [join(repoRoot, 'bin', 'reelhouse'), 'parse', '--project-dir', dir, '-q'], { encoding: 'utf8' });
    if (parse.status !== 0) throw new Error(`parse failed: ${parse.stderr}`);
    const server = await serveWebApp(createWebApp({ projectName: 'bench', targetDir: join(dir, 'target') }), { port: 0 });
    const cold: number[] = [];
    const coldLayout: number[] = [];
    const warm: number[] = [];
    const pan: number[] = [];
    const zoom: number[] = [];
    const paint: number[] = [];
    const connected: number[] = [];
    let nodes = 0;
    try {
      for (let r = 0; r < runs; r++) {
        const page = await browser.newPage();
        await page.goto(`${server.url}/`);
        await page.evaluate(() => window.localStorage.clear());
        const c = await firstRender(page, server.url);
        if (c.source !== 'worker') throw new Error(`expected a fresh layout, got ${c.source}`);
        nodes = c.nodes;
        cold.push(c.readyMs);
        coldLayout.push(c.layoutMs);
        await page.reload();
        const w = await page.waitForFunction(() => window.__reelhouseLineage?.paintStats().paints > 0 && window.__reelhouseLineage.readyAt, undefined, { timeout: 600_000 });
        const warmInfo = (await page.evaluate(() => ({ at: window.__reelhouseLineage.readyAt, source: window.__reelhouseLineage.layoutSource }))) as { at: number; source: string };
        await w.dispose();
        if (warmInfo.source !== 'storage') throw new Error(`expected the cached layout on reload, got ${warmInfo.source}`);
        warm.push(warmInfo.at);
        const pz = await panZoom(page);
        pan.push(median(pz.pan));
        zoom.push(median(pz.zoom));
        paint.push(pct(pz.paint, 0.95));
        connected.push(await connectedLayout(page, size));
        await page.close();
      }
    } finally {
      await server.close();
    }
    const line = (label: string, xs: number[]): void => console.log(`  ${label.padEnd(44)} ${ms(median(xs)).padStart(9)}   [${xs.map(ms).join(', ')}]`);
    console.log(`${size} models (${nodes} nodes drawn):`);
    line('first render, cold (navigation to drawn graph)', cold);
    line('  of which dagre in the worker', coldLayout);
    line('first render, warm (layout from the cache)', warm);
    line('pan: input to painted frame (median step)', pan);
    line('zoom: input to painted frame (median step)', zoom);
    line('canvas paint time (p95 frame)', paint);
    line('dagre, one connected 8-layer graph this size', connected);
  }
} finally {
  await browser.cleanup();
  await rm(work, { recursive: true, force: true });
}
