// End to end: the hooks and SQL dbt's ModelContext holds. While a model's code compiles,
// pre_hooks and post_hooks are its hooks as dicts (sql and transaction) and sql and
// compiled_code are None; inside a materialization sql holds the compiled SQL and the hook
// dicts are the same (no index). A macro run on its own has pre_hooks and sql None and no
// compiled_code at all.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

before(async () => {
  dir = await newProject('lanternhooks');
  writeProjectFile(dir, 'models/flame.sql', `{{ config(pre_hook=["select 1", "select 2"], post_hook="select 3") }}
{% if execute %}{% do log('compile pre=' ~ pre_hooks ~ ' post=' ~ post_hooks ~ ' sql=' ~ sql ~ ' code=' ~ compiled_code, info=True) %}{% endif %}
select 1 as id
`);
  writeProjectFile(dir, 'models/ember.sql', `{{ config(materialized='logged', post_hook="select 4") }}
select 2 as id
`);
  writeProjectFile(dir, 'macros/logged.sql', `{% materialization logged, default %}
  {% do log('mat post=' ~ post_hooks ~ ' sql=' ~ (sql | trim), info=True) %}
  {% call statement('main') %}create or replace table {{ this }} as {{ sql }}{% endcall %}
  {{ return({'relations': [this]}) }}
{% endmaterialization %}
`);
  writeProjectFile(dir, 'macros/describe_hooks.sql', `{% macro describe_hooks() %}
  {% do log('op pre=' ~ pre_hooks ~ ' post=' ~ post_hooks ~ ' sql=' ~ sql ~ ' code defined=' ~ (compiled_code is defined), info=True) %}
{% endmacro %}
`);
});
after(async () => rm(dir, { recursive: true, force: true }));

test("a model's compile sees its hooks as dicts and no SQL yet", async () => {
  const run = await cli('compile', '--select', 'flame');
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /compile pre=\[\{'sql': 'select 1', 'transaction': True\}, \{'sql': 'select 2', 'transaction': True\}\] post=\[\{'sql': 'select 3', 'transaction': True\}\] sql=None code=None/u);
});

test("a materialization's hook dicts carry no index, and sql is the compiled SQL", async () => {
  const run = await cli('run', '--select', 'ember');
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /mat post=\[\{'sql': 'select 4', 'transaction': True\}\] sql=select 2 as id/u);
});

test('a macro run on its own has pre_hooks, post_hooks and sql None and no compiled_code', async () => {
  const run = await cli('run-operation', 'describe_hooks');
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /op pre=None post=None sql=None code defined=False/u);
});
