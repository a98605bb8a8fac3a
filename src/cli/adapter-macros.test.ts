// End to end: dbt's adapter macros a model may call while it compiles (truncate_relation,
// alter_column_type, alter_relation_add_remove_columns), on a real DuckDB file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDb, runCli, writeProjectFile } from './test-helpers.js';

test('truncate_relation, alter_column_type and alter_relation_add_remove_columns change the relation they are given', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'adapter-macros-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  writeProjectFile(dir, 'dbt_project.yml', 'name: pantry\nprofile: pantry\n');
  writeProjectFile(dir, 'profiles.yml', 'pantry:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: pantry.duckdb\n      schema: main\n');
  writeProjectFile(dir, 'seeds/jars.csv', 'jar_id,label\n1,honey\n2,jam\n');
  writeProjectFile(dir, 'seeds/tins.csv', 'tin_id,weight\n1,250\n');
  writeProjectFile(
    dir,
    'models/reshape.sql',
    `{% set jars = adapter.Relation.create(this.database, this.schema, 'jars', 'table') %}
{% set tins = adapter.Relation.create(this.database, this.schema, 'tins', 'table') %}
{% if execute %}
{{ truncate_relation(jars) }}
{{ alter_column_type(tins, 'WEIGHT', 'double') }}
{% do alter_relation_add_remove_columns(tins, [api.Column('shelf', 'varchar'), api.Column('lid', 'boolean')], none) %}
{% do alter_relation_add_remove_columns(tins, none, [api.Column('lid', 'boolean')]) %}
{% endif %}
select 1 as done
`,
  );
  const seeded = await runCli(['seed', '--project-dir', dir]);
  assert.equal(seeded.code, 0, seeded.err + seeded.out);
  const run = await runCli(['run', '--project-dir', dir]);
  assert.equal(run.code, 0, run.err + run.out);
  const [jars, tinColumns] = await queryDb(
    join(dir, 'pantry.duckdb'),
    'select count(*) from main.jars',
    "select column_name, data_type from information_schema.columns where table_name = 'tins' order by ordinal_position",
  );
  assert.equal(Number(jars[0]![0]), 0, 'jars was truncated');
  assert.deepEqual(tinColumns, [['tin_id', 'INTEGER'], ['weight', 'DOUBLE'], ['shelf', 'VARCHAR']]);
});
