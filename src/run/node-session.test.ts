// End to end: as in dbt, where each node runs on one connection from start to end, what a node's
// templates make for their session alone is there for the node's later statements: a temporary
// table a `{% materialization %}` makes with run_query, read by its statement('main'), and one a
// pre-hook outside the transaction makes, read by the model's own SQL. Several such nodes run at
// once, so statements that were not kept on one connection would land on different ones.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, queryDb, runCli, writeProjectFile } from '../cli/test-helpers.js';

let dir = '';
const NODES = 8;

before(async () => {
  dir = await newProject('sessions');
  writeProjectFile(dir, 'profiles.yml', 'sessions:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: sessions.duckdb\n      threads: 4\n');
  writeProjectFile(
    dir,
    'macros/staged.sql',
    `{% materialization staged, default %}
  {%- set target = this.incorporate(type='table') -%}
  {% do run_query('create or replace temp table stage_' ~ this.name ~ ' as ' ~ sql) %}
  {% do run_query('insert into stage_' ~ this.name ~ ' select * from stage_' ~ this.name) %}
  {% call statement('main') -%}
    create or replace table {{ target }} as select * from stage_{{ this.name }}
  {%- endcall %}
  {{ return({'relations': [target]}) }}
{% endmaterialization %}
`,
  );
  for (let i = 0; i < NODES; i++) {
    writeProjectFile(dir, `models/staged_${i}.sql`, `{{ config(materialized='staged') }}\nselect ${i} as n from range(3)\n`);
    writeProjectFile(
      dir,
      `models/hooked_${i}.sql`,
      `{{ config(materialized='table', pre_hook={'sql': 'create or replace temp table hook_${i} as select ${i} as n', 'transaction': false}) }}\nselect * from hook_${i}\n`,
    );
  }
});
after(() => rm(dir, { recursive: true, force: true }));

test("a node's run_query and pre-hook temporary tables are there for its later statements, with nodes running side by side", async () => {
  for (let round = 0; round < 3; round++) {
    const run = await runCli(['run', '--project-dir', dir]);
    assert.equal(run.code, 0, run.out + run.err);
  }
  const sqls = Array.from({ length: NODES }, (_, i) => `select (select count(*) from main.staged_${i}), (select max(n) from main.hooked_${i})`);
  const rows = await queryDb(join(dir, 'sessions.duckdb'), ...sqls);
  assert.deepEqual(rows.map((r) => r[0]!.map(Number)), Array.from({ length: NODES }, (_, i) => [6, i]));
});
