/**
 * Times every dashboard tile query of a project (through the server's HTTP API, as the browser
 * runs them) and the web app's first paint and time-to-tiles in Chromium. Printed, not asserted.
 * Run: node dist/bench/web-tiles.js [--project-dir DIR] [--iterations N]
 * Without --project-dir, the quickstart example is copied to a temp folder and built first.
 * A given project must be built already (its warehouse and target/ exist).
 */
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Logger } from '../src/run/logger.js';
import { openSession, type ProjectSession } from '../src/run/project-session.js';
import { createProjectWebApp } from '../src/server/project-web-app.js';
import { serveWebApp } from '../src/server/serve-web-app.js';
import { CHROMIUM_PATH, ensureWebBuilt, launchChromium } from '../src/server/testing/browser.js';
import { buildQuickstart } from '../src/server/testing/built-quickstart.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const iterations = Number(arg('--iterations') ?? 20);
const projectDir = arg('--project-dir');

let session: ProjectSession;
let dispose: () => Promise<void>;
if (projectDir) {
  const logger = new Logger({ format: 'text', invocationId: randomUUID(), quiet: true });
  session = await openSession({ projectDir: resolve(projectDir), flags: { WHICH: 'serve' }, logger, connect: true });
  dispose = () => session.close();
} else {
  const q = await buildQuickstart();
  session = q.session;
  dispose = q.dispose;
}

const { handler, dashboards } = createProjectWebApp(session);
for (const d of dashboards.diagnostics) console.log(`dashboard problem: ${d.location?.file}:${d.location?.line} ${d.message}`);
const server = await serveWebApp(handler, { port: 0 });
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

console.log(`tile queries over HTTP, ${iterations} runs each (default filters):`);
console.log(`${'dashboard.tile'.padEnd(44)} ${'median ms'.padStart(10)} ${'p95 ms'.padStart(8)} ${'query ms'.padStart(9)} ${'rows'.padStart(6)}`);
for (const d of dashboards.dashboards) {
  for (const tile of d.tiles) {
    const wall: number[] = [];
    const query: number[] = [];
    let rows = 0;
    for (let i = 0; i < iterations; i++) {
      const started = performance.now();
      const res = await fetch(`${server.url}/api/web/dashboards/${d.name}/tiles/${tile.name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      const body = (await res.json()) as { rows?: unknown[]; elapsedMs?: number; error?: { message: string } };
      wall.push(performance.now() - started);
      if (!res.ok) {
        console.log(`${d.name}.${tile.name}: ${body.error?.message}`);
        break;
      }
      query.push(body.elapsedMs ?? 0);
      rows = body.rows?.length ?? 0;
    }
    if (query.length === 0) continue;
    console.log(`${`${d.name}.${tile.name}`.padEnd(44)} ${pct(wall, 0.5).toFixed(1).padStart(10)} ${pct(wall, 0.95).toFixed(1).padStart(8)} ${pct(query, 0.5).toFixed(1).padStart(9)} ${String(rows).padStart(6)}`);
  }
}

if (!existsSync(CHROMIUM_PATH)) {
  console.log(`first paint: skipped, no Chromium at ${CHROMIUM_PATH}`);
} else {
  ensureWebBuilt();
  const browser = await launchChromium();
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    const first = dashboards.dashboards[0];
    const pages = [first ? `#/dashboards/${first.name}` : '#/dashboards', '#/docs', '#/lineage'];
    for (const hash of pages) {
      for (let run = 0; run < 2; run++) {
        await page.goto('about:blank');
        const started = performance.now();
        await page.goto(`${server.url}/${hash}`, { waitUntil: 'load' });
        await page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): { dataset: { ready?: string } } | null } }).document.querySelector('main')?.dataset.ready === 'true');
        if (hash.startsWith('#/dashboards/')) {
          await page.waitForFunction(() => {
            const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ dataset: { state?: string } }> } }).document;
            const tiles = Array.from(doc.querySelectorAll('[data-tile]'));
            return tiles.length > 0 && tiles.every((t) => t.dataset.state !== 'loading');
          });
        }
        const ready = performance.now() - started;
        const paint = (await page.evaluate(() => {
          const entry = (globalThis as unknown as { performance: { getEntriesByName(n: string): { startTime: number }[] } }).performance.getEntriesByName('first-contentful-paint')[0];
          return entry ? entry.startTime : -1;
        })) as number;
        console.log(`${hash.padEnd(28)} ${run === 0 ? 'cold' : 'warm'}: first contentful paint ${paint.toFixed(0)} ms, content ready ${ready.toFixed(0)} ms`);
      }
    }
  } finally {
    await browser.cleanup();
  }
}
await server.close();
await dispose();
