// End to end: dbt's snapshot building macros (strategy_dispatch, build_snapshot_table,
// build_snapshot_staging_table, snapshot_merge_sql, post_snapshot) called from a project's own
// snapshot-like materialization, on a real DuckDB file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDb, runCli, writeProjectFile } from './test-helpers.js';

const MATERIALIZATION = `{% materialization history, default %}
  {%- set target = this.incorporate(type='table') -%}
  {%- set existing = load_cached_relation(this) -%}
  {%- set strategy_macro = strategy_dispatch(config.get('strategy')) -%}
  {%- set strategy = strategy_macro(model, 'snapshotted_data', 'source_data', config, existing is not none) -%}
  {%- if existing is none -%}
    {% call statement('main') %}{{ create_table_as(False, target, build_snapshot_table(strategy, sql)) }}{% endcall %}
  {%- else -%}
    {%- set staging = build_snapshot_staging_table(strategy, sql, target) -%}
    {%- set insert_cols = adapter.get_columns_in_relation(target) | map(attribute='name') | map('lower') | list -%}
    {% call statement('main') %}{{ snapshot_merge_sql(target, staging, insert_cols) }}{% endcall %}
    {% do post_snapshot(staging) %}
  {%- endif -%}
  {{ return({'relations': [target]}) }}
{% endmaterialization %}
`;

const MODEL = `{% if var('round') == 1 %}
select * from (values (1, 'a', timestamp '2024-01-01'), (2, 'b', timestamp '2024-01-01')) as t(id, label, changed_at)
{% else %}
select * from (values (1, 'A', timestamp '2024-02-01'), (3, 'c', timestamp '2024-02-01')) as t(id, label, changed_at)
{% endif %}
`;

test('a materialization built on dbt snapshot macros keeps row history with invalidated and recorded deletes', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'global-snapshot-macros-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  writeProjectFile(dir, 'dbt_project.yml', 'name: larder\nprofile: larder\n');
  writeProjectFile(dir, 'profiles.yml', 'larder:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: larder.duckdb\n      schema: main\n');
  writeProjectFile(dir, 'macros/history.sql', MATERIALIZATION);
  for (const hardDeletes of ['invalidate', 'new_record']) {
    const config = `materialized='history', strategy='timestamp', unique_key='id', updated_at='changed_at', hard_deletes='${hardDeletes}'`;
    writeProjectFile(dir, `models/history_${hardDeletes}.sql`, `{{ config(${config}) }}\n${MODEL}`);
  }
  for (const round of [1, 2]) {
    const run = await runCli(['run', '--project-dir', dir, '--vars', `{round: ${round}}`]);
    assert.equal(run.code, 0, run.err + run.out);
  }
  const [invalidated, recorded, leftovers] = await queryDb(
    join(dir, 'larder.duckdb'),
    'select id, label, dbt_valid_to is null as is_current from main.history_invalidate order by id, label',
    'select id, label, dbt_valid_to is null as is_current, dbt_is_deleted from main.history_new_record order by id, label, dbt_is_deleted',
    "select count(*) from information_schema.tables where table_name like '%dbt_tmp%'",
  );
  assert.deepEqual(invalidated.map(([id, ...rest]) => [Number(id), ...rest]), [
    [1, 'A', true],
    [1, 'a', false],
    [2, 'b', false],
    [3, 'c', true],
  ]);
  assert.deepEqual(recorded.map(([id, ...rest]) => [Number(id), ...rest]), [
    [1, 'A', true, 'False'],
    [1, 'a', false, 'False'],
    [2, 'b', false, 'False'],
    [2, 'b', true, 'True'],
    [3, 'c', true, 'False'],
  ]);
  assert.equal(Number(leftovers[0]![0]), 0, 'post_snapshot dropped the staging table');
});

const CHECKED = `{% materialization checked_history, default %}
  {% set exists, target = get_or_create_relation(database=model.database, schema=model.schema, identifier=model.alias, type='table') %}
  {%- if not target.is_table -%}
    {% do exceptions.relation_wrong_type(target, 'table') %}
  {%- endif -%}
  {%- set strategy = strategy_dispatch('timestamp')(model, 'snapshotted_data', 'source_data', config, exists) -%}
  {% do print(model.name ~ ' deletes: ' ~ adapter.get_hard_deletes_behavior(config)) %}
  {% do adapter.assert_valid_snapshot_target_given_strategy(target, get_snapshot_table_column_names(), strategy) %}
  {% call statement('main') %}select 1{% endcall %}
  {{ return({'relations': [target]}) }}
{% endmaterialization %}
`;

test('adapter snapshot checks refuse a target that is no snapshot table, or a view', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'global-snapshot-checks-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  writeProjectFile(dir, 'dbt_project.yml', 'name: larder\nprofile: larder\n');
  writeProjectFile(dir, 'profiles.yml', 'larder:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: larder.duckdb\n      schema: main\n');
  writeProjectFile(dir, 'macros/checked_history.sql', CHECKED);
  writeProjectFile(
    dir,
    'macros/prepare.sql',
    `{% macro prepare() %}
  {% do run_query("create table main.plain as select 1 as id, now() as changed_at") %}
  {% do run_query("create table main.recorded as select 1 as id, now() as changed_at, 'x' as dbt_scd_id, now() as dbt_valid_from, now() as dbt_valid_to") %}
  {% do run_query("create view main.viewed as select 1 as id") %}
{% endmacro %}`,
  );
  const base = "materialized='checked_history', unique_key='id', updated_at='changed_at'";
  writeProjectFile(dir, 'models/plain.sql', `{{ config(${base}) }}\nselect 1 as id, now() as changed_at\n`);
  writeProjectFile(dir, 'models/recorded.sql', `{{ config(${base}, hard_deletes='new_record') }}\nselect 1 as id, now() as changed_at\n`);
  writeProjectFile(dir, 'models/viewed.sql', `{{ config(${base}, invalidate_hard_deletes=true) }}\nselect 1 as id, now() as changed_at\n`);
  const prepared = await runCli(['run-operation', 'prepare', '--project-dir', dir]);
  assert.equal(prepared.code, 0, prepared.err + prepared.out);
  const run = await runCli(['run', '--project-dir', dir]);
  assert.equal(run.code, 1, run.err + run.out);
  const out = run.out + run.err;
  assert.match(out, /plain deletes: ignore/);
  assert.match(out, /recorded deletes: new_record/);
  assert.match(out, /Snapshot target is not a snapshot table \(missing "dbt_scd_id", "dbt_valid_from", "dbt_valid_to"\)/);
  assert.match(out, /Snapshot target is not a snapshot table \(missing "dbt_is_deleted"\)/);
  assert.match(out, /Trying to create table "larder"\."main"\."viewed", but it currently exists as a view/);
});
