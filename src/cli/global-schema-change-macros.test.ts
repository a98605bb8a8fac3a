// End to end: dbt's on_schema_change macros (incremental_validate_on_schema_change,
// check_for_schema_changes, process_schema_changes, sync_column_schemas, diff_columns,
// diff_column_data_types) called from run-operations, on a real DuckDB file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDb, runCli, writeProjectFile } from './test-helpers.js';

const MACROS = `{% macro rel(name) %}
  {{ return(api.Relation.create(database=target.database, schema='main', identifier=name, type='table')) }}
{% endmacro %}

{% macro prepare() %}
  {% do run_query("create or replace table main.staged as select 1 as id, 2.5::double as amount, 'x' as label") %}
  {% for name in ['appended', 'synced', 'strict'] %}
    {% do run_query("create or replace table main." ~ name ~ " as select 1 as id, 2::integer as amount, true as legacy") %}
  {% endfor %}
{% endmacro %}

{% macro evolve() %}
  {% do print('validated: ' ~ incremental_validate_on_schema_change('sync_all_columns') ~ ', ' ~ incremental_validate_on_schema_change('sometimes', default='fail')) %}
  {% set changes = check_for_schema_changes(rel('staged'), rel('synced')) %}
  {% do print('changed: ' ~ changes['schema_changed']
      ~ '; new: ' ~ (changes['source_not_in_target'] | map(attribute='name') | list)
      ~ '; gone: ' ~ (changes['target_not_in_source'] | map(attribute='name') | list)
      ~ '; types: ' ~ changes['new_target_types']) %}
  {% set unchanged = process_schema_changes('ignore', rel('staged'), rel('synced')) %}
  {% do print('ignored: ' ~ unchanged) %}
  {% set columns = process_schema_changes('append_new_columns', rel('staged'), rel('appended')) %}
  {% do print('source columns: ' ~ (columns | map(attribute='name') | list)) %}
  {% do process_schema_changes('sync_all_columns', rel('staged'), rel('synced')) %}
{% endmacro %}

{% macro refuse() %}
  {% do process_schema_changes('fail', rel('staged'), rel('strict')) %}
{% endmacro %}
`;

test('process_schema_changes appends, syncs or refuses the staged columns as on_schema_change says', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'global-schema-change-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  writeProjectFile(dir, 'dbt_project.yml', 'name: larder\nprofile: larder\n');
  writeProjectFile(dir, 'profiles.yml', 'larder:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: larder.duckdb\n      schema: main\n');
  writeProjectFile(dir, 'macros/evolve.sql', MACROS);
  const prepared = await runCli(['run-operation', 'prepare', '--project-dir', dir]);
  assert.equal(prepared.code, 0, prepared.err + prepared.out);
  const run = await runCli(['run-operation', 'evolve', '--project-dir', dir]);
  assert.equal(run.code, 0, run.err + run.out);
  assert.match(run.out, /validated: sync_all_columns, fail/);
  assert.match(run.out, /changed: True; new: \['label'\]; gone: \['legacy'\]; types: \[\{'column_name': 'amount', 'new_type': 'DOUBLE'\}\]/);
  assert.match(run.out, /ignored: \{\}/);
  assert.match(run.out, /source columns: \['id', 'amount', 'label'\]/);
  const refused = await runCli(['run-operation', 'refuse', '--project-dir', dir]);
  assert.equal(refused.code, 1, refused.err + refused.out);
  assert.match(refused.out + refused.err, /The source and target schemas on this incremental model are out of sync!/);
  assert.match(refused.out + refused.err, /Target columns not in source: \[.*legacy/);
  const [appended, synced] = await queryDb(
    join(dir, 'larder.duckdb'),
    "select column_name, data_type from information_schema.columns where table_name = 'appended' order by ordinal_position",
    "select column_name, data_type from information_schema.columns where table_name = 'synced' order by ordinal_position",
  );
  assert.deepEqual(appended, [['id', 'INTEGER'], ['amount', 'INTEGER'], ['legacy', 'BOOLEAN'], ['label', 'VARCHAR']]);
  assert.deepEqual(synced, [['id', 'INTEGER'], ['amount', 'DOUBLE'], ['label', 'VARCHAR']]);
});
