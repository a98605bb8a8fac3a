// End-to-end: `reelhouse serve` as a real process owning a built project's warehouse, with the web
// app mounted: dashboards answer during a handed-over build, whose progress streams over SSE.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { ensureWebBuilt, launchChromium, SCREENSHOT_DIR } from '../server/testing/browser.js';
import { expectedKpis, parseCsv, type BuiltQuickstart } from '../server/testing/built-quickstart.js';
import { main } from './main.js';
import { copyProject, repoRoot, runCli, writeProjectFile } from './test-helpers.js';

// Callbacks given to page.evaluate run in the browser; Node's compiler has no DOM types for them.
declare const document: any;

interface BuildEvent {
  name: string;
  invocationId?: string;
  data: { node_info?: { unique_id?: string } };
}

let dir: string;
let serve: ChildProcess;
let url: string;
let serveOutput = '';
const savedDbPath = process.env.QUICKSTART_DB_PATH;

/** The model that keeps the handed-over build busy long enough to query beside it. */
const SLOW = 'model.quickstart.slow_count';

before(async () => {
  ensureWebBuilt();
  // The project's own warehouse file (the profile's default path) so the server and the CLI agree.
  delete process.env.QUICKSTART_DB_PATH;
  dir = await copyProject('examples/quickstart');
  writeProjectFile(dir, 'models/slow_count.sql', "{{ config(materialized='table') }}\nselect count(*) as n from range(150000000) t(i) where hash(i) % 7 = 3\n");
  writeProjectFile(
    dir,
    'pipelines.yml',
    'pipelines:\n  refresh_users:\n    description: rebuild the user staging model\n    steps:\n      - build --select stg_users\n',
  );
  const first = await runCli(['build', '--project-dir', dir, '--exclude', 'slow_count']);
  assert.equal(first.code, 0, first.out + first.err);
  const env: NodeJS.ProcessEnv = { ...process.env, REELHOUSE_NO_TIMESTAMPS: '1' };
  delete env.QUICKSTART_DB_PATH;
  serve = spawn(process.execPath, [join(repoRoot, 'bin', 'reelhouse'), 'serve', '--project-dir', dir, '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not start:\n${serveOutput}`)), 20_000);
    let served: string | undefined;
    const take = (chunk: Buffer): void => {
      serveOutput += chunk.toString();
      served ??= /Serving .* at (http:\/\/\S+)/.exec(serveOutput)?.[1];
      if (served && /Web app: /.test(serveOutput)) {
        clearTimeout(timer);
        ok(served);
      }
    };
    serve.stdout!.on('data', take);
    serve.stderr!.on('data', take);
    serve.once('exit', (code) => fail(new Error(`serve exited with ${code}:\n${serveOutput}`)));
  });
});

after(async () => {
  if (serve && serve.exitCode === null) {
    const exited = new Promise((ok) => serve.once('exit', ok));
    serve.kill('SIGTERM');
    await exited;
  }
  if (savedDbPath !== undefined) process.env.QUICKSTART_DB_PATH = savedDbPath;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const csvs = (): BuiltQuickstart => ({ csv: (name: string) => parseCsv(readFileSync(join(dir, 'seeds', `${name}.csv`), 'utf8')) }) as unknown as BuiltQuickstart;

async function api(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${url}${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return { status: res.status, json: await res.json() };
}

const mauTile = () => api('POST', '/api/web/dashboards/monthly_kpis/tiles/mau', { filters: { months: { start: '2023-01-01', end: '2023-03-01' } } });

/** Follows the server's build events until `close()`. */
function followEvents(): Promise<{ events: BuildEvent[]; close(): void; waitFor(test: (e: BuildEvent) => boolean): Promise<BuildEvent> }> {
  return new Promise((ok, fail) => {
    const events: BuildEvent[] = [];
    const waiters: { test: (e: BuildEvent) => boolean; done: (e: BuildEvent) => void }[] = [];
    const req = httpGet(`${url}/api/web/events`, (res: IncomingMessage) => {
      if (res.statusCode !== 200) return fail(new Error(`events answered ${res.statusCode}`));
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = frame.split('\n').find((l) => l.startsWith('data: '));
          if (!data) continue;
          const event = JSON.parse(data.slice(6)) as BuildEvent;
          events.push(event);
          for (const w of [...waiters]) if (w.test(event)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.done(event);
          }
        }
      });
      ok({
        events,
        close: () => req.destroy(),
        waitFor: (test) => {
          const seen = events.find(test);
          return seen ? Promise.resolve(seen) : new Promise((done) => waiters.push({ test, done }));
        },
      });
    });
    req.on('error', () => undefined);
  });
}

describe('reelhouse serve with the web app', () => {
  it('answers a dashboard tile with the numbers computed from the raw CSVs', async () => {
    const res = await mauTile();
    assert.equal(res.status, 200, JSON.stringify(res.json));
    const expected = expectedKpis(csvs(), { start: '2023-01-01', end: '2023-03-01' });
    assert.deepEqual(res.json.rows, expected.months.map((m, i) => [m, expected.mau[i]]));
    const health = await api('GET', '/api/web/health');
    assert.deepEqual(health.json.features, { orchestrator: true, runPipelines: true, sqlExplorer: false, liveEvents: true, warehouse: true });
  });

  it('runs a CLI build handed over to it, streaming output and events, while dashboards answer', async () => {
    const stream = await followEvents();
    const out: string[] = [];
    const err: string[] = [];
    let settled = false;
    const build = main(['build', '--project-dir', dir], { sink: { out: (l) => out.push(l), err: (l) => err.push(l) } }).finally(() => {
      settled = true;
    });
    // Once the slow model started, the warehouse is being written: dashboards must still answer.
    const started = await stream.waitFor((e) => e.name === 'LogStartLine' && e.data.node_info?.unique_id === SLOW);
    const tile = await mauTile();
    const answeredDuringBuild = !settled && !stream.events.some((e) => e.name === 'LogModelResult' && e.data.node_info?.unique_id === SLOW);
    assert.equal(tile.status, 200, JSON.stringify(tile.json));
    const expected = expectedKpis(csvs(), { start: '2023-01-01', end: '2023-03-01' });
    assert.deepEqual(tile.json.rows, expected.months.map((m, i) => [m, expected.mau[i]]));
    assert.ok(answeredDuringBuild, 'the tile answered only after the slow model was written');
    const code = await build;
    assert.equal(code, 0, [...out, ...err].join('\n'));
    assert.match(err.join('\n'), /Handing this command to reelhouse serve \(pid \d+/);
    assert.match(out.join('\n'), /Completed successfully|Done\. PASS=/);
    assert.ok(out.some((l) => l.includes('slow_count')), out.join('\n'));
    const result = await stream.waitFor((e) => e.name === 'LogModelResult' && e.data.node_info?.unique_id === SLOW);
    assert.equal(result.invocationId, started.invocationId);
    const ofBuild = stream.events.filter((e) => e.invocationId === started.invocationId);
    const startedIds = new Set(ofBuild.filter((e) => e.name === 'LogStartLine').map((e) => e.data.node_info?.unique_id));
    const finishedIds = new Set(ofBuild.filter((e) => e.name === 'LogModelResult').map((e) => e.data.node_info?.unique_id));
    assert.ok(startedIds.has('model.quickstart.stg_users') && finishedIds.has('model.quickstart.stg_users'), [...startedIds].join(', '));
    stream.close();

    const runs = await api('GET', '/api/web/runs');
    assert.equal(runs.json.source, 'orchestrator');
    const run = (runs.json.runs as { id: string; command: string | null; status: string }[]).find((r) => r.command?.startsWith('reelhouse build'));
    assert.ok(run, JSON.stringify(runs.json.runs));
    assert.equal(run.status, 'success');
    const detail = await api('GET', `/api/web/runs/${encodeURIComponent(run.id)}`);
    const nodes = (detail.json.nodes as { uniqueId: string; status: string }[]).map((n) => n.uniqueId);
    assert.ok(nodes.includes(SLOW) && nodes.includes('model.quickstart.stg_users'), nodes.join(', '));

    // The docs read the build's fresh artifacts: the slow model is in the served manifest and results.
    const page = await api('GET', `/api/web/docs/nodes/${encodeURIComponent(SLOW)}`);
    assert.equal(page.status, 200, JSON.stringify(page.json));
  });

  it('starts a pipeline from the runs page in Chromium and shows its run', async () => {
    const browser: BrowserContext & { cleanup(): Promise<void> } = await launchChromium();
    try {
      const page = browser.pages()[0] ?? (await browser.newPage());
      await page.goto(`${url}/#/runs`);
      const button = page.locator('[data-run-pipeline="refresh_users"]');
      await button.waitFor();
      await button.click();
      await page.waitForFunction(() => document.querySelector('[data-run-pipeline="refresh_users"]')?.title?.length > 0);
      const runId = await button.getAttribute('title');
      assert.ok(runId && runId !== 'pending', `no run id: ${runId}`);
      // The runs page refreshes its history when the build's events end; reload if it missed them.
      const row = page.locator(`[data-run="${runId}"]`);
      try {
        await row.waitFor({ timeout: 10_000 });
      } catch {
        await page.reload();
        await row.waitFor({ timeout: 10_000 });
      }
      assert.match((await row.textContent()) ?? '', /refresh_users/);
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'serve-pipeline-run.png'), fullPage: true });
      const deadline = Date.now() + 20_000;
      let status = '';
      while (Date.now() < deadline) {
        status = (await api('GET', `/api/web/runs/${encodeURIComponent(runId)}`)).json.status;
        if (status !== 'running') break;
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.equal(status, 'success', serveOutput);
    } finally {
      await browser.cleanup();
    }
  });
});
