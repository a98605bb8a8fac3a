import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { openDuckDb } from '../adapters/duckdb/index.js';
import type { LogSink } from '../run/logger.js';
import { runBackfill } from './backfill.js';
import { openPerCall, type OrchestrateContext } from './orchestrate-context.js';
import { loadPipelines } from './pipeline-config.js';
import { runPipeline } from './pipeline-runner.js';
import { RunStore } from './run-store.js';
import { makeTempProject, removeTempProject, startHealthReceiver, waitFor } from './testing/temp-project.js';

function contextFor(dir: string, lines: string[] = []): OrchestrateContext {
  const sink: LogSink = { out: (l) => lines.push(l), err: (l) => lines.push(l) };
  return {
    projectDir: dir,
    store: new RunStore(dir),
    runCommand: async () => {
      throw new Error('these pipelines have shell steps only');
    },
    warehouse: openPerCall(dir),
    sink,
  };
}

async function setup(t: { after: (fn: () => Promise<void>) => void }, pipelinesYml: (hc: string) => string) {
  const hc = await startHealthReceiver();
  const dir = await makeTempProject({ 'pipelines.yml': pipelinesYml(hc.url) });
  t.after(async () => {
    await hc.close();
    await removeTempProject(dir);
  });
  const lines: string[] = [];
  const ctx = contextFor(dir, lines);
  return { hc, dir, ctx, lines, pipeline: (name: string) => loadPipelines(dir).pipelines.find((p) => p.name === name)! };
}

test('a successful run pings start then success with one run id, and its history reaches the warehouse', async (t) => {
  const { hc, dir, ctx, pipeline } = await setup(t, (url) => `
pipelines:
  ok:
    health_check: ${url}
    vars: {region: eu}
    steps:
      - shell: echo "hello $REELHOUSE_PIPELINE"
      - shell: 'test "$(echo $REELHOUSE_VARS)" = "{\\"region\\":\\"eu\\"}"'
`);
  const run = await runPipeline(ctx, pipeline('ok'), { trigger: 'manual' });
  assert.equal(run.status, 'success', run.error ?? '');
  assert.deepEqual(hc.pings.map((p) => p.kind), ['start', 'success']);
  assert.deepEqual(new Set(hc.pings.map((p) => p.rid)), new Set([run.id]));
  assert.match(hc.pings[1]!.body, /hello ok/);
  const history = ctx.store.read();
  assert.deepEqual(history.steps.filter((s) => s.runId === run.id).map((s) => s.status), ['success', 'success']);

  const db = await openDuckDb({ path: join(dir, 'warehouse.duckdb') });
  try {
    const rows = await db.execute(`select run_id, pipeline, status, "trigger" from raw_reelhouse.pipeline_runs`);
    assert.deepEqual(rows.rows, [[run.id, 'ok', 'success', 'manual']]);
    const steps = await db.execute(`select count(*) from raw_reelhouse.step_runs where run_id = '${run.id}'`);
    assert.deepEqual(steps.rows, [[2]]);
  } finally {
    await db.close();
  }
});

test('a failing step pings /fail, skips the steps after it and records the failure', async (t) => {
  const { hc, ctx, pipeline } = await setup(t, (url) => `
pipelines:
  broken:
    health_check: ${url}
    steps:
      - shell: echo about to fail; exit 3
      - shell: echo never
`);
  const run = await runPipeline(ctx, pipeline('broken'), { trigger: 'manual' });
  assert.equal(run.status, 'failed');
  assert.match(run.error ?? '', /step shell failed/);
  assert.deepEqual(hc.pings.map((p) => p.kind), ['start', 'fail']);
  assert.match(hc.pings[1]!.body, /about to fail/);
  const steps = ctx.store.read().steps.filter((s) => s.runId === run.id);
  assert.deepEqual(steps.map((s) => [s.status, s.exitCode]), [['failed', 3], ['skipped', null]]);
});

test('a step that fails once is retried after its backoff and the run succeeds', async (t) => {
  const { hc, ctx, dir, pipeline } = await setup(t, (url) => `
pipelines:
  flaky:
    health_check: ${url}
    steps:
      - shell: 'if [ -f attempted ]; then echo second; else touch attempted; exit 1; fi'
        retries: 2
        retry_delay: 200ms
`);
  const run = await runPipeline(ctx, pipeline('flaky'), { trigger: 'manual' });
  assert.equal(run.status, 'success');
  assert.ok(existsSync(join(dir, 'attempted')));
  const steps = ctx.store.read().steps.filter((s) => s.runId === run.id);
  assert.deepEqual(steps.map((s) => [s.attempt, s.status]), [[1, 'failed'], [2, 'success']]);
  assert.deepEqual(hc.pings.map((p) => p.kind), ['start', 'success']);
});

test('a step past its timeout is stopped, recorded as timed out and the run fails', async (t) => {
  const { hc, ctx, pipeline } = await setup(t, (url) => `
pipelines:
  slow:
    health_check: ${url}
    steps:
      - shell: sleep 60
        timeout: 1s
`);
  const run = await runPipeline(ctx, pipeline('slow'), { trigger: 'manual' });
  assert.equal(run.status, 'failed');
  const [step] = ctx.store.read().steps.filter((s) => s.runId === run.id);
  assert.equal(step?.status, 'timeout');
  assert.match(step?.error ?? '', /timed out after 1s/);
  assert.deepEqual(hc.pings.map((p) => p.kind), ['start', 'fail']);
});

test('a backfill failing on day 3 stops there, and running it again resumes from day 3', async (t) => {
  const { ctx, dir, pipeline } = await setup(t, () => `
pipelines:
  daily:
    steps:
      - shell: 'echo "$REELHOUSE_RUN_DATE" >> days.log; if [ "$REELHOUSE_RUN_DATE" = 2024-01-03 ] && [ ! -f fixed ]; then exit 1; fi'
`);
  const first = await runBackfill(ctx, pipeline('daily'), { start: '2024-01-01', end: '2024-01-05' });
  assert.equal(first.success, false);
  assert.deepEqual(first.days.map((d) => d.status), ['success', 'success', 'failed', 'not_run', 'not_run']);
  writeFileSync(join(dir, 'fixed'), '');
  const second = await runBackfill(ctx, pipeline('daily'), { start: '2024-01-01', end: '2024-01-05' });
  assert.equal(second.success, true);
  assert.deepEqual(second.days.map((d) => d.status), ['done_before', 'done_before', 'success', 'success', 'success']);
  const { readFileSync } = await import('node:fs');
  assert.deepEqual(readFileSync(join(dir, 'days.log'), 'utf8').trim().split('\n'), ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-03', '2024-01-04', '2024-01-05']);
  const runs = ctx.store.read().runs.filter((r) => r.backfillId === 'daily:2024-01-01:2024-01-05');
  assert.equal(runs.length, 6, 'each day is its own recorded run');
  assert.ok(runs.every((r) => r.vars.run_date === r.runDate));
});

test('a second run of a pipeline that is still running is recorded as skipped, not started', async (t) => {
  const { ctx, dir, pipeline } = await setup(t, () => `
pipelines:
  long:
    steps:
      - shell: 'touch started; while [ ! -f release ]; do sleep 0.05; done'
`);
  const first = runPipeline(ctx, pipeline('long'), { trigger: 'manual', exportHistory: false });
  await waitFor(() => existsSync(join(dir, 'started')), 'the first run to start');
  const second = await runPipeline(ctx, pipeline('long'), { trigger: 'schedule', exportHistory: false });
  assert.equal(second.status, 'skipped');
  assert.match(second.error ?? '', /still running/);
  writeFileSync(join(dir, 'release'), '');
  assert.equal((await first).status, 'success');
});

test('a run left running by a dead process is marked failed and the next run proceeds', async (t) => {
  const { ctx, pipeline } = await setup(t, () => `pipelines:\n  p:\n    steps:\n      - shell: 'true'\n`);
  const now = new Date().toISOString();
  ctx.store.append({ kind: 'run', id: 'ghost', pipeline: 'p', trigger: 'schedule', status: 'running', pid: 2 ** 22 + 12345, startedAt: now,
    finishedAt: null, scheduledFor: null, vars: {}, backfillId: null, runDate: null, error: null });
  const run = await runPipeline(ctx, pipeline('p'), { trigger: 'manual', exportHistory: false });
  assert.equal(run.status, 'success');
  const ghost = ctx.store.run('ghost');
  assert.equal(ghost?.status, 'failed');
  assert.match(ghost?.error ?? '', /stopped before the run finished/);
});

test('a health check URL from env_var is pinged, and it and other env_var values never appear in the output; a failing ping names only the host', async (t) => {
  const hc = await startHealthReceiver();
  const token = 'tok-0123456789abcdef';
  const dir = await makeTempProject({
    'pipelines.yml': `
pipelines:
  secret:
    health_check: "{{ env_var('PIPE_HC_URL') }}"
    steps:
      - shell: "echo using {{ env_var('PIPE_TOKEN') }}"
  unreachable:
    health_check: {url: "{{ env_var('PIPE_DOWN_URL') }}", timeout: 1s}
    steps:
      - shell: 'true'
`,
  });
  t.after(async () => {
    await hc.close();
    await removeTempProject(dir);
  });
  const lines: string[] = [];
  const ctx = contextFor(dir, lines);
  const closedPort = await new Promise<number>((ok) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => ok(port));
    });
  });
  const env = { PIPE_HC_URL: hc.url, PIPE_TOKEN: token, PIPE_DOWN_URL: `http://127.0.0.1:${closedPort}/ping/${token}` };
  const pipelines = loadPipelines(dir, env).pipelines;
  const run = await runPipeline(ctx, pipelines.find((p) => p.name === 'secret')!, { trigger: 'manual', exportHistory: false });
  assert.equal(run.status, 'success', run.error ?? '');
  assert.deepEqual(hc.pings.map((p) => [p.kind, p.rid]), [['start', run.id], ['success', run.id]]);
  assert.match(lines.join('\n'), /using \*\*\*\*/);
  assert.ok(!hc.pings[1]!.body.includes(token), 'the ping body is masked too');

  const down = await runPipeline(ctx, pipelines.find((p) => p.name === 'unreachable')!, { trigger: 'manual', exportHistory: false });
  assert.equal(down.status, 'success', 'a ping that cannot be delivered never fails the run');
  const output = lines.join('\n');
  assert.match(output, new RegExp(`health check ping \\(start\\) to http://127\\.0\\.0\\.1:${closedPort}/\\*\\*\\*\\* failed`));
  assert.ok(!output.includes(token), output);
  assert.ok(!output.includes(hc.url), output);
});
