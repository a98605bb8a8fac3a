// End to end: load_result(name).data is dbt's as_matrix of the statement's table, a list of
// tuples (one per row), so it prints as Python prints it and indexes the same way.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, queryDb, runCli, writeProjectFile } from '../../cli/test-helpers.js';

let dir = '';
after(() => rm(dir, { recursive: true, force: true }));

test("load_result(name).data is a list of row tuples, as dbt's as_matrix gives it", async () => {
  dir = await newProject('matrix');
  writeProjectFile(
    dir,
    'models/fetched.sql',
    [
      "{% call statement('pair', fetch_result=True) %}select 1 as a, 'b' as b union all select 2, 'c' order by 1{% endcall %}",
      "{% set data = load_result('pair').data if execute else [[0, '']] %}",
      "select '{{ data | replace(\"'\", \"''\") }}' as printed, {{ data[1][0] }} as second_a, {{ data[0] is sequence }} as row_is_sequence",
      '',
    ].join('\n'),
  );
  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  const [rows] = await queryDb(join(dir, 'matrix.duckdb'), 'select * from main.fetched');
  assert.deepEqual(rows, [["[(1, 'b'), (2, 'c')]", 2, true]]);
});
