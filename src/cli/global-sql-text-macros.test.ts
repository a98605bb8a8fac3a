// End to end: dbt's macros that only write SQL text (grants, show and limit, data and unit test
// queries, empty-schema queries, clone, drop/rename statements) and the date helpers, rendered
// into a compiled model and checked against what DuckDB accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDb, runCli, writeProjectFile } from './test-helpers.js';

const MODEL = `{% set jars = api.Relation.create(database='larder', schema='main', identifier='jars', type='table') %}
{% set shelf = api.Relation.create(database='larder', schema='main', identifier='shelf', type='view') %}
-- grant: {{ get_grant_sql(jars, 'select', ['ann', 'bob']) }}
-- revoke: {{ get_revoke_sql(jars, 'select', ['ann']) }}
-- dcl: {{ get_dcl_statement_list(jars, {'select': ['ann', 'bob'], 'insert': []}, get_grant_sql) }}
-- revoke on replace: {{ should_revoke(jars, full_refresh_mode=True) }} / {{ should_revoke(none) }} / {{ copy_grants() }}
-- drop: {{ get_drop_sql(shelf) }} | {{ get_drop_sql(jars) }}
-- rename: {{ get_rename_sql(shelf, 'cupboard') }}
-- clone: {{ can_clone_table() }}
-- days: {{ partition_range('20240227,20240302') }}
-- stamp: {{ py_current_timestring() | length }}
-- binding: {{ get_binding_char() }} batch: {{ get_batch_size() }}
-- seed columns: {{ get_seed_column_quoted_csv(model, ['Id', 'label']) }}
-- columns: {{ get_column_schema_from_query('select 1::integer as id, 2.5::decimal(10,2) as price') | map(attribute='data_type') | list }}
-- overwrite: {{ get_incremental_microbatch_sql is defined }} {{ get_incremental_insert_overwrite_sql is defined }}
-- snapshot time: {{ get_snapshot_get_time_data_type() }} / {{ get_updated_at_column_data_type('select 1 as dbt_updated_at') }} / {{ is_core_v2() }}
select * from ({{ get_show_sql('select 1 as one', none, 5) }}) as s
union all
select failures from ({{ get_test_sql('select 1 as x union all select 2', 'count(*)', '!= 0', '> 1', none) }}) as t
union all
select count(*) from ({{ get_unit_test_sql('select 1 as id', 'select 1 as id', ['id']) }}) as u
union all
select count(*) from ({{ get_empty_schema_sql({'id': {'name': 'id', 'data_type': 'integer'}, 'Label': {'name': 'Label', 'data_type': 'varchar', 'quote': true}}) }}) as e
`;

test('SQL-writing global macros render statements DuckDB runs', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'global-sql-text-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  writeProjectFile(dir, 'dbt_project.yml', 'name: larder\nprofile: larder\n');
  writeProjectFile(dir, 'profiles.yml', 'larder:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: larder.duckdb\n      schema: main\n');
  writeProjectFile(dir, 'models/texts.sql', MODEL);
  // A project's duckdb__ implementation wins over the built-in default__ one, as dispatch has it.
  writeProjectFile(dir, 'macros/limits.sql', '{% macro duckdb__get_limit_sql(sql, limit) %}{{ sql }} limit {{ limit }} offset 0{% endmacro %}\n');
  const run = await runCli(['run', '--project-dir', dir]);
  assert.equal(run.code, 0, run.err + run.out);
  const compiled = readFileSync(join(dir, 'target/compiled/larder/models/texts.sql'), 'utf8');
  assert.match(compiled, /-- grant: grant select on "larder"\."main"\."jars" to ann, bob\n/);
  assert.match(compiled, /-- revoke: revoke select on "larder"\."main"\."jars" from ann\n/);
  assert.match(compiled, /-- dcl: \['grant select on "larder"\."main"\."jars" to ann, bob'\]\n/);
  assert.match(compiled, /-- revoke on replace: True \/ False \/ True\n/);
  assert.match(compiled, /-- drop: drop view if exists "larder"\."main"\."shelf" cascade \| drop table if exists "larder"\."main"\."jars" cascade\n/);
  assert.match(compiled, /-- rename: alter view "larder"\."main"\."shelf" rename to cupboard\n/);
  assert.match(compiled, /-- clone: False\n/);
  assert.match(compiled, /-- days: \['20240227', '20240228', '20240229', '20240301', '20240302'\]\n/);
  assert.match(compiled, /-- stamp: 20\n/);
  assert.match(compiled, /-- binding: \? batch: 10000\n/);
  assert.match(compiled, /-- seed columns: "Id", "label"\n/);
  assert.match(compiled, /-- columns: \['INTEGER', 'DECIMAL\(10,2\)'\]\n/);
  assert.match(compiled, /-- overwrite: True True\n/);
  assert.match(compiled, /-- snapshot time: TIMESTAMP \/ INTEGER \/ False\n/);
  assert.match(compiled, /select 1 as one limit 5 offset 0/);
  const [rows] = await queryDb(join(dir, 'larder.duckdb'), 'select * from main.texts');
  assert.deepEqual(rows.map((r) => Number(r[0])), [1, 2, 2, 1]);
});
