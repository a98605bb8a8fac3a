// End to end: dbt's relation and schema macros (get_create_sql, get_rename_sql, get_replace_sql,
// rename_relation, drop_relation, create_schema/drop_schema, get_or_create_relation, the
// metadata look-ups) called from a run-operation, on a real DuckDB file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDb, runCli, writeProjectFile } from './test-helpers.js';

const MACROS = `{% macro reshape() %}
  {% set db = target.database %}
  {% do create_schema(api.Relation.create(database=db, schema='scratch')) %}
  {% set jars = api.Relation.create(database=db, schema='scratch', identifier='jars', type='table') %}
  {% set shelf = api.Relation.create(database=db, schema='scratch', identifier='shelf', type='view') %}
  {% do run_query(get_create_sql(jars, 'select 1 as id union all select 2')) %}
  {% do run_query(get_create_sql(shelf, 'select id * 10 as id from ' ~ jars)) %}
  {% do rename_relation(shelf, shelf.incorporate(path={'identifier': 'cupboard'})) %}
  {% do run_query(get_rename_sql(jars, 'pots')) %}
  {% set pots = jars.incorporate(path={'identifier': 'pots'}) %}
  {% do run_query(get_replace_sql(pots, pots, 'select 5 as id')) %}
  {% set found, existing = get_or_create_relation(db, 'scratch', 'pots', 'table') %}
  {% set made, ghost = get_or_create_relation(db, 'scratch', 'ghost', 'view') %}
  {% do print('pots found: ' ~ found ~ ' ' ~ existing.type ~ '; ghost found: ' ~ made ~ ' ' ~ ghost.type) %}
  {% do print('backup: ' ~ make_backup_relation(pots, 'table').identifier ~ ', intermediate: ' ~ make_intermediate_relation(pots).identifier) %}
  {% do drop_relation(api.Relation.create(database=db, schema='scratch', identifier='cupboard')) %}
  {% do create_schema(api.Relation.create(database=db, schema='doomed')) %}
  {% do print('doomed exists: ' ~ check_schema_exists(db, 'doomed').rows[0][0]) %}
  {% do drop_schema(api.Relation.create(database=db, schema='doomed')) %}
  {% set schemas = list_schemas(db).columns[0].values() | list %}
  {% do print('schemas: ' ~ (schemas | select('in', ['scratch', 'doomed']) | list)) %}
  {% set listed = list_relations_without_caching(api.Relation.create(database=db, schema='scratch')) %}
  {% do print('relations: ' ~ (listed.columns['name'].values() | list)) %}
{% endmacro %}

{% macro materialize_view() %}
  {% do run_query(get_create_materialized_view_as_sql(api.Relation.create(schema='main', identifier='mv', type='materialized_view'), 'select 1')) %}
{% endmacro %}
`;

test('relation and schema macros create, rename, replace and drop relations as dbt-duckdb does', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'global-relation-macros-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  writeProjectFile(dir, 'dbt_project.yml', 'name: larder\nprofile: larder\n');
  writeProjectFile(dir, 'profiles.yml', 'larder:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: larder.duckdb\n      schema: main\n');
  writeProjectFile(dir, 'macros/reshape.sql', MACROS);
  const run = await runCli(['run-operation', 'reshape', '--project-dir', dir]);
  assert.equal(run.code, 0, run.err + run.out);
  assert.match(run.out, /pots found: True table; ghost found: False view/);
  assert.match(run.out, /backup: pots__dbt_backup, intermediate: pots__dbt_tmp/);
  assert.match(run.out, /doomed exists: 1/);
  assert.match(run.out, /schemas: \['scratch'\]/);
  assert.match(run.out, /relations: \['pots'\]/);
  const [pots, relations] = await queryDb(
    join(dir, 'larder.duckdb'),
    'select id from scratch.pots',
    "select table_name from information_schema.tables where table_schema = 'scratch' order by 1",
  );
  assert.deepEqual(pots.map((r) => Number(r[0])), [5]);
  assert.deepEqual(relations, [['pots']]);
  const mv = await runCli(['run-operation', 'materialize_view', '--project-dir', dir]);
  assert.equal(mv.code, 1, mv.err + mv.out);
  assert.match(mv.out + mv.err, /`get_create_materialized_view_as_sql` has not been implemented for this adapter\./);
});
