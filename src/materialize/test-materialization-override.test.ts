// End to end: a root project's own `{% materialization test %}` block runs in place of the
// built-in one, as in dbt. The block here wraps dbt.materialization_test_default, as packages
// that record test results ask projects to do, and notes each test's count from load_result('main');
// the verdicts, stored failures and run results stay those of the built-in materialization.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, queryDb, readArtifact, runCli, writeProjectFile } from '../cli/test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('testblock', 'on-run-start: ["{% do graph.setdefault(\'seen\', {}) %}"]\non-run-end: ["{{ save_seen() }}"]\n');
  writeProjectFile(dir, 'models/titles.sql', 'select 1 as id union all select 1 union all select null\n');
  writeProjectFile(
    dir,
    'models/schema.yml',
    [
      'version: 2',
      'models:',
      '  - name: titles',
      '    columns:',
      '      - name: id',
      '        data_tests:',
      '          - unique:',
      '              config: {severity: warn, store_failures: true}',
      '          - not_null',
      '          - accepted_values:',
      '              arguments: {values: [1]}',
      '',
    ].join('\n'),
  );
  writeProjectFile(
    dir,
    'macros/test_block.sql',
    [
      '{% materialization test, default %}',
      '  {{ return(noted_test(dbt.materialization_test_default)) }}',
      '{% endmaterialization %}',
      '',
      '{% macro noted_test(builtin) %}',
      "  {% set result = builtin() %}",
      "  {% set main = load_result('main') %}",
      "  {% do graph.seen.update({model.unique_id: main.table.rows[0][0] ~ '/' ~ (result.relations | length)}) %}",
      '  {{ return(result) }}',
      '{% endmacro %}',
      '',
      '{% macro save_seen() %}',
      '  {% do run_query("create or replace table main.seen (test_id varchar, noted varchar)") %}',
      "  {% for id, noted in graph.seen.items() %}{% do run_query(\"insert into main.seen values ('\" ~ id ~ \"', '\" ~ noted ~ \"')\") %}{% endfor %}",
      '{% endmacro %}',
      '',
    ].join('\n'),
  );
});
after(() => rm(dir, { recursive: true, force: true }));

test("the root project's test materialization block runs for every data test, with the built-in verdicts", async () => {
  const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 1, `${run.out}\n${run.err}`);
  assert.doesNotMatch(run.out, /is ignored/);
  const [seen, stored] = await queryDb(
    join(dir, 'testblock.duckdb'),
    'select split_part(test_id, \'.\', 3), noted from main.seen order by 1',
    'select count(*) from main_dbt_test__audit.unique_titles_id',
  );
  assert.deepEqual(seen, [['accepted_values_titles_id__1', '0/0'], ['not_null_titles_id', '1/0'], ['unique_titles_id', '1/1']]);
  assert.deepEqual(stored, [[1]]);
  const results = readArtifact<{ results: { unique_id: string; status: string; failures: number | null; message: string | null }[] }>(dir, 'run_results.json').results;
  const verdicts = results.filter((r) => r.unique_id.startsWith('test.')).map((r) => [r.unique_id.split('.')[2], r.status, r.failures, r.message]).sort();
  assert.deepEqual(verdicts, [
    ['accepted_values_titles_id__1', 'pass', 0, null],
    ['not_null_titles_id', 'fail', 1, 'Got 1 result, configured to fail if != 0'],
    ['unique_titles_id', 'warn', 1, 'Got 1 result, configured to warn if != 0'],
  ]);
});
