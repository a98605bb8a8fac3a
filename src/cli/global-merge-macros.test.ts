// End to end: dbt's incremental SQL builders (get_merge_sql and its default__ form,
// default__get_delete_insert_merge_sql, get_incremental_insert_overwrite_sql) and the temporary
// relation helpers, called from a project's materialization on a real DuckDB file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDb, runCli, writeProjectFile } from './test-helpers.js';

const MATERIALIZATION = `{% materialization upsert_with, default %}
  {%- set target = this.incorporate(type='table') -%}
  {%- set existing = load_cached_relation(this) -%}
  {%- if existing is none -%}
    {% call statement('main') %}{{ get_create_table_as_sql(False, target, sql) }}{% endcall %}
  {%- else -%}
    {%- set staged = make_temp_relation(target) -%}
    {% call statement('stage') %}{{ create_table_as(True, staged, sql) }}{% endcall %}
    {%- set dest_columns = adapter.get_columns_in_relation(existing) -%}
    {%- set key = config.get('unique_key') -%}
    {%- set how = config.get('how') -%}
    {% call statement('main') %}
      {%- if how == 'merge' -%}
        {{ get_merge_sql(target, staged, key, dest_columns) }}
      {%- elif how == 'default_merge' -%}
        {{ dbt.default__get_merge_sql(target, staged, key, dest_columns) }}
      {%- elif how == 'delete_insert' -%}
        {{ dbt.default__get_delete_insert_merge_sql(target, staged, key, dest_columns, ['1 = 1']) }}
      {%- else -%}
        {{ get_incremental_insert_overwrite_sql({'target_relation': target, 'temp_relation': staged, 'dest_columns': dest_columns, 'incremental_predicates': ['DBT_INTERNAL_DEST.id >= 3']}) }}
      {%- endif -%}
    {% endcall %}
  {%- endif -%}
  {{ return({'relations': [target]}) }}
{% endmaterialization %}
`;

const MODEL = `{% if var('round') == 1 %}
select * from (values (1, 'a'), (2, 'b'), (3, 'c')) as t(id, label)
{% else %}
select * from (values (2, 'B'), (3, 'C'), (4, 'D')) as t(id, label)
{% endif %}
`;

test('a materialization built on dbt merge macros upserts, deletes and inserts, or overwrites rows', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'global-merge-macros-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  writeProjectFile(dir, 'dbt_project.yml', 'name: larder\nprofile: larder\n');
  writeProjectFile(dir, 'profiles.yml', 'larder:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: larder.duckdb\n      schema: main\n');
  writeProjectFile(dir, 'macros/upsert_with.sql', MATERIALIZATION);
  for (const how of ['merge', 'default_merge', 'delete_insert', 'overwrite']) {
    writeProjectFile(dir, `models/by_${how}.sql`, `{{ config(materialized='upsert_with', how='${how}', unique_key='id') }}\n${MODEL}`);
  }
  for (const round of [1, 2]) {
    const run = await runCli(['run', '--project-dir', dir, '--vars', `{round: ${round}}`]);
    assert.equal(run.code, 0, run.err + run.out);
  }
  const rows = await queryDb(
    join(dir, 'larder.duckdb'),
    'select id, label from main.by_merge order by all',
    'select id, label from main.by_default_merge order by all',
    'select id, label from main.by_delete_insert order by all',
    'select id, label from main.by_overwrite order by all',
  );
  const upserted = [[1, 'a'], [2, 'B'], [3, 'C'], [4, 'D']];
  const [merge, defaultMerge, deleteInsert, overwrite] = rows.map((r) => r.map(([id, label]) => [Number(id), label]));
  assert.deepEqual(merge, upserted);
  assert.deepEqual(defaultMerge, upserted);
  assert.deepEqual(deleteInsert, upserted);
  assert.deepEqual(overwrite, [[1, 'a'], [2, 'B'], [2, 'b'], [3, 'C'], [4, 'D']]);
});
