// End to end: the order and indexes of the nodes skipped below a failure. dbt marks them when the
// failure is recorded but skips each only when its graph queue hands it out, so SKIP lines (and
// run_results.json) follow the queue: ready nodes by depth then unique_id, a node's children
// only after it. A SKIP line names the node by its name even when its relation has an alias.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from '../cli/test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('skiporder');
  writeProjectFile(dir, 'models/broken.sql', 'select * from no_such_table\n');
  writeProjectFile(dir, 'models/child_b.sql', "select * from {{ ref('broken') }}\n");
  writeProjectFile(dir, 'models/child_c.sql', "{{ config(alias='c_relation') }}\nselect * from {{ ref('broken') }}\n");
  writeProjectFile(dir, 'models/grandchild_d.sql', "select * from {{ ref('child_c') }}\n");
});
after(() => rm(dir, { recursive: true, force: true }));

test('nodes below a failure are skipped in graph-queue order, each before its own children', async () => {
  const run = await runCli(['run', '--threads', '1', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 1, `${run.out}\n${run.err}`);
  const skipLines = run.out
    .split('\n')
    .filter((line) => / SKIP /.test(line))
    .map((line) => /(\d+ of \d+) SKIP relation main\.(\w+)/.exec(line)?.slice(1).join(' '));
  assert.deepEqual(skipLines, ['2 of 4 child_b', '3 of 4 child_c', '4 of 4 grandchild_d'], run.out);

  const results = readArtifact<{ results: { unique_id: string; status: string }[] }>(dir, 'run_results.json').results;
  assert.deepEqual(
    results.map((r) => `${r.unique_id} ${r.status}`),
    ['model.skiporder.broken error', 'model.skiporder.child_b skipped', 'model.skiporder.child_c skipped', 'model.skiporder.grandchild_d skipped'],
  );
});
