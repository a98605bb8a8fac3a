// End to end: a model's post-hook whose macros run their own statements (statement blocks,
// run_query) sees the relation the model just built, as in dbt, where the hook runs on the
// model's connection inside its transaction, after the rename and before the commit.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, queryDb, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('pantry');
  writeProjectFile(dir, 'macros/restock.sql', [
    '{% macro restock(relation, jar) %}',
    "  {% call statement('restock_insert') -%}",
    "    insert into {{ relation }} values ('{{ jar }}', 3)",
    '  {%- endcall %}',
    "  {% set counted = run_query('select count(*) from ' ~ relation) %}",
    "  {% do run_query(\"insert into \" ~ relation ~ \" values ('counted', \" ~ counted.columns[0].values()[0] ~ \")\") %}",
    '{% endmacro %}',
    '',
  ].join('\n'));
  writeProjectFile(dir, 'models/jars.sql', [
    "{{ config(materialized='table', post_hook=[\"{{ restock(this, 'honey') }}\", {'sql': \"{{ restock(this, 'after_commit') }}\", 'transaction': false}]) }}",
    "select 'jam' as jar, 1 as qty",
    '',
  ].join('\n'));
});
after(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

test("a post-hook's run_query and statement calls reach the relation its model just built, inside the transaction and after it", async () => {
  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  const [rows] = await queryDb(join(dir, 'pantry.duckdb'), 'select jar, qty from main.jars order by jar, qty');
  assert.deepEqual(rows, [
    ['after_commit', 3],
    ['counted', 2],
    ['counted', 4],
    ['honey', 3],
    ['jam', 1],
  ]);
});
