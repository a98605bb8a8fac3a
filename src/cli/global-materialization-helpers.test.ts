// End to end: dbt's helpers a materialization written as a macro calls after building
// (create_csv_table/load_csv_rows, create_indexes, persist_docs, apply_grants,
// create_or_replace_view) and the look-ups an operation calls (collect_freshness,
// validate_sql), on a real DuckDB file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDb, runCli, writeProjectFile } from './test-helpers.js';

const MACROS = `{% materialization copied_rows, default %}
  {%- set target = this.incorporate(type='table') -%}
  {% do drop_relation_if_exists(load_cached_relation(this)) %}
  {%- set rows = run_query(sql) -%}
  {% call noop_statement('main', 'OK') %}{{ create_csv_table(model, rows) }}{% endcall %}
  {% do load_csv_rows(model, rows) %}
  {% do create_indexes(target) %}
  {% do persist_docs(target, model) %}
  {% do apply_grants(target, config.get('grants'), should_revoke=false) %}
  {{ return({'relations': [target]}) }}
{% endmaterialization %}

{% materialization plain_view, default %}
  {{ return(create_or_replace_view()) }}
{% endmaterialization %}

{% macro probe() %}
  {% set result = collect_freshness(api.Relation.create(database=target.database, schema='main', identifier='pantry'), 'day', 'id > 0') %}
  {% do print('max loaded: ' ~ result.table.rows[0][0]) %}
  {% do print('explained: ' ~ (validate_sql('select 1').response is not none)) %}
{% endmacro %}
`;

const SCHEMA = `version: 2
models:
  - name: pantry
    description: "What's on the shelves"
    columns:
      - name: id
        description: The jar
      - name: label
        description: "It's written on the lid"
      - name: weight
        description: Not measured yet
`;

test('a materialization loads rows, indexes, documents and grants through dbt helper macros', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'global-materialization-helpers-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  writeProjectFile(dir, 'dbt_project.yml', 'name: larder\nprofile: larder\n');
  writeProjectFile(dir, 'profiles.yml', 'larder:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: larder.duckdb\n      schema: main\n');
  writeProjectFile(dir, 'macros/helpers.sql', MACROS);
  writeProjectFile(dir, 'models/schema.yml', SCHEMA);
  writeProjectFile(
    dir,
    'models/pantry.sql',
    `{{ config(materialized='copied_rows', persist_docs={'relation': true, 'columns': true}, indexes=[{'columns': ['id'], 'unique': true}], grants={'select': ['ann']}) }}
select * from (values (1, 'it''s honey', date '2024-01-02', null::double, true), (2, null, date '2024-03-04', 1.5, false)) as t(id, label, day, score, ok)
`,
  );
  writeProjectFile(dir, 'models/shelf.sql', `{{ config(materialized='plain_view') }}\nselect id from {{ ref('pantry') }}\n`);
  const run = await runCli(['run', '--project-dir', dir]);
  assert.equal(run.code, 0, run.err + run.out);
  assert.match(run.out + run.err, /Grants for relations are not supported by DuckDB/);
  assert.match(run.out + run.err, /not present in the database: weight/);
  const probe = await runCli(['run-operation', 'probe', '--project-dir', dir]);
  assert.equal(probe.code, 0, probe.err + probe.out);
  assert.match(probe.out, /max loaded: 2024-03-04/);
  assert.match(probe.out, /explained: True/);
  const [rows, types, indexes, tableComment, columnComments, shelf] = await queryDb(
    join(dir, 'larder.duckdb'),
    'select id, label, day::varchar, score, ok from main.pantry order by id',
    "select data_type from information_schema.columns where table_name = 'pantry' order by ordinal_position",
    "select count(*) from duckdb_indexes() where table_name = 'pantry' and is_unique",
    "select comment from duckdb_tables() where table_name = 'pantry'",
    "select column_name, comment from duckdb_columns() where table_name = 'pantry' and comment is not null order by column_index",
    'select count(*) from main.shelf',
  );
  assert.deepEqual(rows.map(([id, ...rest]) => [Number(id), ...rest]), [
    [1, "it's honey", '2024-01-02', null, true],
    [2, null, '2024-03-04', 1.5, false],
  ]);
  assert.deepEqual(types.flat(), ['INTEGER', 'VARCHAR', 'DATE', 'DOUBLE', 'BOOLEAN']);
  assert.equal(Number(indexes[0]![0]), 1);
  assert.deepEqual(tableComment, [["What's on the shelves"]]);
  assert.deepEqual(columnComments, [['id', 'The jar'], ['label', "It's written on the lid"]]);
  assert.equal(Number(shelf[0]![0]), 2);
});
