// End to end: the thread a skipped node's result names, as dbt records it. A node below a failure
// is skipped by the worker that picks it up; the nodes --fail-fast leaves unrun are marked from
// the main thread.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from '../cli/test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('skipthread');
  writeProjectFile(dir, 'models/broken.sql', 'select * from no_such_table\n');
  writeProjectFile(dir, 'models/below.sql', "select * from {{ ref('broken') }}\n");
});
after(() => rm(dir, { recursive: true, force: true }));

function threadOf(id: string): string | undefined {
  const results = readArtifact<{ results: { unique_id: string; status: string; thread_id: string }[] }>(dir, 'run_results.json').results;
  return results.find((r) => r.unique_id === id && r.status === 'skipped')?.thread_id;
}

test('a node skipped below a failure names a worker thread; nodes fail-fast leaves unrun name the main thread', async () => {
  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 1, `${run.out}\n${run.err}`);
  assert.match(threadOf('model.skipthread.below') ?? '', /^Thread-\d+ \(worker\)$/);

  const failFast = await runCli(['run', '--fail-fast', '--threads', '1', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(failFast.code, 1, `${failFast.out}\n${failFast.err}`);
  assert.equal(threadOf('model.skipthread.below'), 'MainThread');
});
