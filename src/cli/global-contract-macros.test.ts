// End to end: a contracted model built by a project's materialization through create_table_as:
// the columns are checked against the YAML (assert_columns_equivalent) and the table is declared
// with its constraints (get_table_columns_and_constraints), on a real DuckDB file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDb, runCli, writeProjectFile } from './test-helpers.js';

const MATERIALIZATION = `{% materialization declared_table, default %}
  {%- set target = this.incorporate(type='table') -%}
  {% do drop_relation_if_exists(load_cached_relation(this)) %}
  {% call statement('main') %}{{ create_table_as(False, target, sql) }}{% endcall %}
  {{ return({'relations': [target]}) }}
{% endmaterialization %}
`;

const SCHEMA = `version: 2
models:
  - name: jars
    config:
      contract: {enforced: true}
    constraints:
      - type: unique
        columns: [label]
    columns:
      - name: id
        data_type: integer
        constraints: [{type: not_null}, {type: primary_key}]
      - name: label
        data_type: varchar
        constraints: [{type: check, expression: "length(label) > 0"}]
  - name: lids
    config:
      contract: {enforced: true}
    columns:
      - name: id
        data_type: integer
`;

test('create_table_as declares a contracted table with its constraints and refuses mismatched columns', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'global-contract-macros-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  writeProjectFile(dir, 'dbt_project.yml', "name: larder\nprofile: larder\nmodels:\n  +materialized: declared_table\n");
  writeProjectFile(dir, 'profiles.yml', 'larder:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: larder.duckdb\n      schema: main\n');
  writeProjectFile(dir, 'macros/declared_table.sql', MATERIALIZATION);
  writeProjectFile(dir, 'models/schema.yml', SCHEMA);
  writeProjectFile(dir, 'models/jars.sql', "select 'honey' as label, 1 as id union all select 'jam', 2\n");
  writeProjectFile(dir, 'models/lids.sql', "select 1 as id, 'tin' as material\n");
  const run = await runCli(['run', '--project-dir', dir]);
  assert.equal(run.code, 1, run.err + run.out);
  assert.match(run.out + run.err, /Compilation Error in model lids[\s\S]*This model has an enforced contract that failed/);
  assert.match(run.out + run.err, /\| material +\| VARCHAR +\| +\| missing in contract +\|/);
  const [rows, constraints] = await queryDb(
    join(dir, 'larder.duckdb'),
    'select id, label from main.jars order by id',
    "select constraint_type from duckdb_constraints() where table_name = 'jars' order by all",
  );
  assert.deepEqual(rows.map(([id, label]) => [Number(id), label]), [[1, 'honey'], [2, 'jam']]);
  assert.deepEqual(constraints.flat(), ['CHECK', 'NOT NULL', 'PRIMARY KEY', 'UNIQUE']);
});
