// End to end: on-run-end's `results` hold the run's results but those of the hooks that passed,
// as dbt hands them over: an on-run-start hook that failed comes first, as its operation node.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, queryDb, runCli, writeProjectFile } from '../cli/test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject(
    'hookres',
    [
      'on-run-start:',
      '  - "create or replace table main.marker as select 1 as x"',
      '  - "select * from no_such_table"',
      'on-run-end:',
      '  - "create or replace table main.seen as select * from (values {% for r in results %}(\'{{ r.node.unique_id }}\', \'{{ r.status }}\', \'{{ r.node.resource_type }}\'){{ \',\' if not loop.last }}{% endfor %}) t(id, status, kind)"',
      '',
    ].join('\n'),
  );
  writeProjectFile(dir, 'models/clips.sql', 'select 1 as id\n');
});
after(() => rm(dir, { recursive: true, force: true }));

test('on-run-end results begin with the on-run-start hook that failed and leave out the one that passed', async () => {
  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 1, `${run.out}\n${run.err}`);
  const [rows] = await queryDb(join(dir, 'hookres.duckdb'), 'select id, status, kind from main.seen');
  assert.deepEqual(rows[0], ['operation.hookres.hookres-on-run-start-1', 'error', 'operation']);
  assert.deepEqual(rows.slice(1).map((r) => r[0]), ['model.hookres.clips']);
});
