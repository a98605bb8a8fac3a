// End to end: a materialization written against dbt-duckdb's helpers: its temporary relation
// (make_temp_relation: no schema) is introspected by name for on_schema_change, and a rebuilt
// indexed table drops its indexes (drop_indexes_on_relation) before it is renamed aside.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDb, runCli, writeProjectFile } from './test-helpers.js';

const MACROS = `{% materialization grow, default %}
  {%- set target = this.incorporate(type='table') -%}
  {%- set existing = load_cached_relation(this) -%}
  {%- if existing is none -%}
    {% call statement('main') %}{{ create_table_as(False, target, sql) }}{% endcall %}
  {%- else -%}
    {%- set staged = make_temp_relation(target) -%}
    {% do run_query(create_table_as(True, staged, sql)) %}
    {%- set dest_columns = process_schema_changes('append_new_columns', staged, existing) -%}
    {% call statement('main') %}{{ get_insert_into_sql(target, staged, dest_columns) }}{% endcall %}
  {%- endif -%}
  {{ return({'relations': [target]}) }}
{% endmaterialization %}

{% materialization indexed_swap, default %}
  {%- set existing = load_cached_relation(this) -%}
  {%- set target = this.incorporate(type='table') -%}
  {%- set intermediate = make_intermediate_relation(target) -%}
  {%- set backup = make_backup_relation(target, 'table') -%}
  {% call statement('main') %}{{ create_table_as(False, intermediate, sql) }}{% endcall %}
  {% if existing is not none %}
    {% do drop_indexes_on_relation(existing) %}
    {{ adapter.rename_relation(existing, backup) }}
  {% endif %}
  {{ adapter.rename_relation(intermediate, target) }}
  {% do create_indexes(target) %}
  {{ drop_relation_if_exists(backup) }}
  {{ return({'relations': [target]}) }}
{% endmaterialization %}
`;

test('a temporary relation is introspected by name and an indexed table is rebuilt in place', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'global-temp-relation-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  writeProjectFile(dir, 'dbt_project.yml', 'name: larder\nprofile: larder\n');
  writeProjectFile(dir, 'profiles.yml', 'larder:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: larder.duckdb\n      schema: main\n');
  writeProjectFile(dir, 'macros/materializations.sql', MACROS);
  writeProjectFile(
    dir,
    'models/growing.sql',
    "{{ config(materialized='grow') }}\n{% if var('round') == 1 %}select 1 as id{% else %}select 2 as id, 'new' as note{% endif %}\n",
  );
  writeProjectFile(dir, 'models/indexed.sql', "{{ config(materialized='indexed_swap', indexes=[{'columns': ['id'], 'unique': true}]) }}\nselect {{ var('round') }} as id\n");
  for (const round of [1, 2]) {
    const run = await runCli(['run', '--project-dir', dir, '--vars', `{round: ${round}}`]);
    assert.equal(run.code, 0, run.err + run.out);
  }
  const [growing, indexed, indexes] = await queryDb(
    join(dir, 'larder.duckdb'),
    'select id, note from main.growing order by id',
    'select id from main.indexed',
    "select count(*) from duckdb_indexes() where table_name = 'indexed'",
  );
  assert.deepEqual(growing.map(([id, note]) => [Number(id), note]), [[1, null], [2, 'new']]);
  assert.deepEqual(indexed.map(([id]) => Number(id)), [2]);
  assert.equal(Number(indexes[0]![0]), 1);
});
