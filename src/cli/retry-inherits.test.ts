// End to end: `retry` reruns the previous invocation as dbt does: with its vars, from --state
// when given, with warnings retryable under --warn-error, and for a failed run-operation too.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { renameSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readArtifact, resultStatuses, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelhouse-retry-'));
  writeProjectFile(dir, 'dbt_project.yml', 'name: ferry\nprofile: ferry\n');
  writeProjectFile(dir, 'profiles.yml', 'ferry:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ferry.duckdb\n');
  // Fails when the crossing var is not a number: the rerun shows which vars it used.
  writeProjectFile(dir, 'models/crossings.sql', "{{ config(materialized='table') }}\nselect cast('{{ var(\"crossing\", \"1\") }}' as integer) as crossing\n");
  writeProjectFile(dir, 'models/crossings.yml', 'models:\n  - name: crossings\n    columns:\n      - name: crossing\n        data_tests:\n          - accepted_values: {arguments: {values: [9], quote: false}, config: {severity: warn}}\n');
  writeProjectFile(dir, 'macros/set_zone.sql', "{% macro set_zone(zone) %}{% do run_query(\"set TimeZone = '\" ~ zone ~ \"'\") %}{% endmacro %}\n");
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('retry keeps the failed invocation\'s vars unless it is given its own', async () => {
  assert.equal((await cli('run', '--vars', '{crossing: "two"}')).code, 1);
  assert.equal((await cli('retry')).code, 1, 'the rerun uses the same bad vars');
  assert.equal((await cli('retry', '--vars', '{crossing: "2"}')).code, 0);
  assert.equal(resultStatuses(dir).get('model.ferry.crossings'), 'success');
  // Nothing left to retry: run_results.json is rewritten empty, as dbt does.
  assert.equal((await cli('retry')).code, 0);
  assert.deepEqual(readArtifact<{ results: unknown[] }>(dir, 'run_results.json').results, []);
});

test('retry runs with the failed invocation\'s --threads unless it is given its own', async () => {
  assert.equal((await cli('run', '--threads', '3', '--vars', '{crossing: "two"}')).code, 1);
  const again = await cli('retry');
  assert.equal(again.code, 1);
  assert.match(again.out, /Concurrency: 3 threads \(target='dev'\)/u);
  assert.equal(readArtifact<{ args: { threads?: number } }>(dir, 'run_results.json').args.threads, 3);
  const given = await cli('retry', '--threads', '2');
  assert.match(given.out, /Concurrency: 2 threads \(target='dev'\)/u);
});

test('retry --warn-error retries warnings; --state names where the previous run_results.json is', async () => {
  assert.equal((await cli('build')).code, 0);
  assert.equal((await cli('retry')).code, 0);
  assert.deepEqual(readArtifact<{ results: unknown[] }>(dir, 'run_results.json').results, [], 'a warning is not retried');
  assert.equal((await cli('build')).code, 0);
  const strict = await cli('--warn-error', 'retry');
  assert.equal(strict.code, 1, strict.out);
  assert.deepEqual([...resultStatuses(dir).values()], ['fail'], 'only the warning test reruns, failing under --warn-error');
  renameSync(join(dir, 'target'), join(dir, 'saved'));
  const missing = await cli('retry');
  assert.equal(missing.code, 2);
  assert.match(missing.err, /Could not find previous run in 'target' target directory/);
  assert.equal((await cli('--warn-error', 'retry', '--state', join(dir, 'saved'))).code, 1);
});

test('a failed run-operation writes run_results.json under the macro\'s id, and retry calls it again', async () => {
  assert.equal((await cli('run-operation', 'set_zone', '--args', '{zone: Nowhere/Atlantis}')).code, 1);
  const rr = readArtifact<{ args: { which: string }; results: { unique_id: string; status: string }[] }>(dir, 'run_results.json');
  assert.equal(rr.args.which, 'run-operation');
  assert.deepEqual(rr.results.map((r) => [r.unique_id, r.status]), [['macro.ferry.set_zone', 'error']]);
  assert.equal((await cli('retry')).code, 1);
  assert.equal((await cli('run-operation', 'set_zone', '--args', '{zone: UTC}')).code, 0);
  assert.equal(resultStatuses(dir).get('macro.ferry.set_zone'), 'success');
  // After a run-operation that succeeded, retry calls nothing and leaves its run_results.json as it was.
  const before = readArtifact<{ metadata: { invocation_id: string } }>(dir, 'run_results.json').metadata.invocation_id;
  const again = await cli('retry');
  assert.equal(again.code, 0, again.err);
  assert.doesNotMatch(again.out, /Nothing to/u);
  assert.equal(readArtifact<{ metadata: { invocation_id: string } }>(dir, 'run_results.json').metadata.invocation_id, before);
});

test('retry of a --full-refresh run renders with flags.FULL_REFRESH true again', async () => {
  // Valid SQL only outside a full refresh: the retry fails the same way the full refresh did.
  writeProjectFile(dir, 'models/dock_log.sql', '{% if flags.FULL_REFRESH %}select from nowhere_dock{% else %}select 1 as berth{% endif %}\n');
  try {
    assert.equal((await cli('run', '--select', 'dock_log', '--full-refresh')).code, 1);
    assert.equal((await cli('retry')).code, 1, 'the rerun is a full refresh too');
    assert.equal(resultStatuses(dir).get('model.ferry.dock_log'), 'error');
    assert.equal((await cli('run', '--select', 'dock_log')).code, 0);
  } finally {
    rmSync(join(dir, 'models', 'dock_log.sql'));
  }
});
