// End to end: the times in the artifacts and the JSON log are dbt's, to the microsecond (timing
// entries, generated_at, execution_time, node events), manifest.json names its invocation, when it
// began and its quote policy, a node's events name its worker thread, and a project hook's result
// is recorded as dbt records it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('sundial', 'on-run-start:\n  - "select 1"\nquoting:\n  identifier: false\n');
  for (const name of ['gnomon', 'shadow', 'noon', 'dusk']) writeProjectFile(dir, `models/${name}.sql`, 'select 1 as id\n');
});
after(async () => rm(dir, { recursive: true, force: true }));

interface Timing { name: string; started_at: string; completed_at: string }
interface RunResults {
  metadata: { generated_at: string; invocation_id: string };
  results: { unique_id: string; status: string; message: string | null; failures: number | null; timing: Timing[]; execution_time: number }[];
}

const MICROS_Z = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/u;
// Not every reading ends in three zeros: the microseconds are measured, not padded.
const measured = (texts: string[]): boolean => texts.some((t) => !/\.\d{3}000Z?$/u.test(t));

test('run_results.json and manifest.json carry microsecond times; the manifest names its invocation and its start', async () => {
  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.out + run.err);
  const rr = readArtifact<RunResults>(dir, 'run_results.json');
  assert.match(rr.metadata.generated_at, MICROS_Z);
  // In the order of dbt's RunResultOutput.
  const order = ['status', 'timing', 'thread_id', 'execution_time', 'adapter_response', 'message', 'failures', 'unique_id', 'compiled', 'compiled_code', 'relation_name', 'batch_results'];
  for (const r of rr.results) assert.deepEqual(Object.keys(r), order);
  const times = rr.results.flatMap((r) => r.timing.flatMap((t) => [t.started_at, t.completed_at]));
  for (const t of times) assert.match(t, MICROS_Z);
  assert.ok(measured(times), times.join(' '));
  assert.ok(rr.results.some((r) => Math.round(r.execution_time * 1e6) % 1000 !== 0), 'execution_time to the microsecond');

  const manifest = readArtifact<{ metadata: Record<string, unknown>; nodes: Record<string, { created_at: number }> }>(dir, 'manifest.json');
  assert.match(String(manifest.metadata['generated_at']), MICROS_Z);
  assert.equal(manifest.metadata['invocation_id'], rr.metadata.invocation_id);
  assert.match(String(manifest.metadata['invocation_started_at']), MICROS_Z);
  assert.ok(String(manifest.metadata['invocation_started_at']) <= rr.metadata.generated_at);
  // The adapter's quote policy with the project's `quoting:` over it; a policy has no column part.
  assert.deepEqual(manifest.metadata['quoting'], { database: true, schema: true, identifier: false, column: null });
});

test("a project hook's result is dbt's: `<package>.on-run-start.<n> passed`, no failures, timed compile and execute", async () => {
  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir, '-s', 'gnomon']);
  assert.equal(run.code, 0, run.out + run.err);
  const hook = readArtifact<RunResults>(dir, 'run_results.json').results.find((r) => r.unique_id === 'operation.sundial.sundial-on-run-start-0');
  assert.equal(hook?.message, 'sundial.on-run-start.0 passed');
  assert.equal(hook?.failures, 0);
  assert.deepEqual(hook?.timing.map((t) => t.name), ['compile', 'execute']);
  assert.equal(hook?.timing[0]!.completed_at, hook?.timing[1]!.started_at);
});

test("log events are stamped as dbt's: ts as protobuf writes it, node times without a zone, to the microsecond, on the node's worker", async () => {
  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir, '--log-format', 'json', '--log-format-file', 'debug']);
  assert.equal(run.code, 0, run.out + run.err);
  const events = run.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { info: { name: string; ts: string; thread: string }; data: { node_info?: { node_started_at: string; node_finished_at: string } } });
  const stamps = events.map((e) => e.info.ts);
  for (const ts of stamps) assert.match(ts, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3}|\.\d{6})?Z$/u);
  assert.ok(stamps.some((ts) => /\.\d{6}Z$/u.test(ts)), stamps.join(' '));
  const nodeTimes = events.flatMap((e) => (e.data.node_info ? [e.data.node_info.node_started_at, e.data.node_info.node_finished_at] : [])).filter((t) => t !== '');
  for (const t of nodeTimes) assert.match(t, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/u);
  assert.ok(measured(nodeTimes), nodeTimes.join(' '));
  // A node's events fire on the worker that runs it; the run's own on the main thread.
  for (const e of events.filter((x) => ['LogStartLine', 'LogModelResult'].includes(x.info.name))) assert.match(e.info.thread, /^Thread-\d+ \(worker\)$/u);
  assert.equal(events.find((e) => e.info.name === 'FoundStats')?.info.thread, 'MainThread');
  const logFile = readFileSync(join(dir, 'logs', 'dbt.log'), 'utf8');
  // dbt.log names the thread in ten columns, cut as dbt's text logger cuts it.
  assert.match(logFile, /^\d\d:\d\d:\d\d\.\d{6} \[info \] \[Thread-\d+ \(\]: \d+ of \d+ START sql/mu);
});
