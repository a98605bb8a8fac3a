import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openPerCall, type OrchestrateContext } from './orchestrate-context.js';
import { loadPipelines } from './pipeline-config.js';
import { RunStore } from './run-store.js';
import { PipelineScheduler } from './scheduler.js';
import { makeTempProject, removeTempProject, startHealthReceiver, waitFor } from './testing/temp-project.js';

function contextFor(dir: string): OrchestrateContext {
  return {
    projectDir: dir,
    store: new RunStore(dir),
    runCommand: async () => 1,
    warehouse: openPerCall(dir),
    sink: { out: () => undefined, err: () => undefined },
  };
}

test('a per-second cron starts runs by itself, pings each, and skips ticks while a run is still going', async (t) => {
  const hc = await startHealthReceiver();
  const dir = await makeTempProject({
    'pipelines.yml': `
pipelines:
  every_second:
    schedule: {cron: '* * * * * *', timezone: UTC}
    health_check: ${hc.url}
    steps:
      - shell: 'echo tick >> ticks.log; sleep 2.5'
`,
  });
  const ctx = contextFor(dir);
  const scheduler = new PipelineScheduler(ctx, loadPipelines(dir).pipelines);
  t.after(async () => {
    await scheduler.stop();
    await hc.close();
    await removeTempProject(dir);
  });
  scheduler.start();
  await waitFor(() => {
    const runs = ctx.store.read().runs;
    return runs.filter((r) => r.status === 'success').length >= 2 && runs.some((r) => r.status === 'skipped');
  }, 'two scheduled runs and a skipped tick', 60_000);
  await scheduler.stop();
  const runs = ctx.store.read().runs;
  assert.ok(runs.every((r) => r.trigger === 'schedule' && r.scheduledFor !== null));
  // Never two at once: the runs that did start do not overlap in time.
  const started = runs.filter((r) => r.status !== 'skipped').sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  for (let i = 1; i < started.length; i++) assert.ok(started[i]!.startedAt >= (started[i - 1]!.finishedAt ?? ''), 'runs overlap');
  const successes = runs.filter((r) => r.status === 'success').length;
  assert.ok(hc.pings.filter((p) => p.kind === 'success').length >= successes);
});

test('a run_last schedule catches up the tick it missed while stopped; skip does not', async (t) => {
  const dir = await makeTempProject({
    'pipelines.yml': `
pipelines:
  hourly_last:
    schedule: {cron: '0 * * * *', catch_up: run_last}
    steps: ["shell: echo caught up"]
  hourly_skip:
    schedule: {cron: '0 * * * *', catch_up: skip}
    steps: ["shell: echo caught up"]
`,
  });
  t.after(() => removeTempProject(dir));
  const ctx = contextFor(dir);
  const longAgo = new Date(Date.now() - 3 * 3_600_000).toISOString();
  for (const pipeline of ['hourly_last', 'hourly_skip']) {
    ctx.store.append({ kind: 'run', id: `old-${pipeline}`, pipeline, trigger: 'schedule', status: 'success', pid: process.pid, startedAt: longAgo,
      finishedAt: longAgo, scheduledFor: longAgo, vars: {}, backfillId: null, runDate: null, error: null });
  }
  const scheduler = new PipelineScheduler(ctx, loadPipelines(dir).pipelines);
  scheduler.start();
  await scheduler.idle();
  await scheduler.stop();
  const runs = ctx.store.read().runs.filter((r) => r.trigger === 'catch_up');
  assert.deepEqual(runs.map((r) => [r.pipeline, r.status]), [['hourly_last', 'success']]);
});

test('files landing in a watched folder start one run after the debounce', async (t) => {
  const dir = await makeTempProject({
    'pipelines.yml': `
pipelines:
  on_files:
    on_file_arrival: {path: incoming/*.csv, debounce: 300ms, poll: 100ms}
    steps: ["shell: ls incoming > seen.txt"]
`,
    'incoming/old.csv': 'a\n1\n',
  });
  const ctx = contextFor(dir);
  const scheduler = new PipelineScheduler(ctx, loadPipelines(dir).pipelines);
  t.after(async () => {
    await scheduler.stop();
    await removeTempProject(dir);
  });
  scheduler.start();
  await new Promise((r) => setTimeout(r, 600));
  assert.equal(ctx.store.read().runs.length, 0, 'files present at the first start are not new');
  writeFileSync(join(dir, 'incoming', 'new1.csv'), 'a\n2\n');
  writeFileSync(join(dir, 'incoming', 'new2.csv'), 'a\n3\n');
  writeFileSync(join(dir, 'incoming', 'ignored.txt'), 'x');
  await waitFor(() => ctx.store.read().runs.some((r) => r.status === 'success'), 'a file-triggered run');
  await new Promise((r) => setTimeout(r, 800));
  const runs = ctx.store.read().runs;
  assert.deepEqual(runs.map((r) => [r.trigger, r.status]), [['file', 'success']]);
});
