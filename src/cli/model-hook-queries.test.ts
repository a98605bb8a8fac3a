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
  // A hook that describes the relation just built: its columns, and whether it exists at all.
  writeProjectFile(dir, 'macros/describe_into.sql', [
    '{% macro describe_into(relation, table) %}',
    "  {%- set names = adapter.get_columns_in_relation(relation) | map(attribute='name') | join(',') -%}",
    '  {%- set found = adapter.get_relation(relation.database, relation.schema, relation.identifier) is not none -%}',
    "  create or replace table main.{{ table }} as select '{{ names }}' as names, {{ 1 if found else 0 }} as found",
    '{% endmacro %}',
    '',
  ].join('\n'));
  writeProjectFile(dir, 'models/shelves.sql', [
    "{{ config(materialized='table', post_hook=\"{{ describe_into(this, 'shelves_described') }}\") }}",
    "select 'oak' as wood, 2 as width",
    '',
  ].join('\n'));
  writeProjectFile(dir, 'seeds/planks.csv', 'plank,length\npine,4\n');
  writeProjectFile(dir, 'seeds/planks.yml', [
    'version: 2',
    'seeds:',
    '  - name: planks',
    '    config:',
    '      post-hook: "{{ describe_into(this, \'planks_described\') }}"',
    '',
  ].join('\n'));
});
after(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

test("a post-hook's run_query and statement calls reach the relation its model just built, inside the transaction and after it", async () => {
  const run = await runCli(['run', '--select', 'jars', '--project-dir', dir, '--profiles-dir', dir]);
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

test("a post-hook's adapter.get_columns_in_relation and get_relation see the relation built in its transaction, on the first build too", async () => {
  const build = await runCli(['build', '--select', 'shelves', 'planks', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(build.code, 0, `${build.out}\n${build.err}`);
  const [rows] = await queryDb(
    join(dir, 'pantry.duckdb'),
    "select 'shelves', names, found from main.shelves_described union all select 'planks', names, found from main.planks_described order by 1",
  );
  assert.deepEqual(rows, [
    ['planks', 'plank,length', 1],
    ['shelves', 'wood,width', 1],
  ]);
});
