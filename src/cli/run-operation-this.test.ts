// End to end: a macro run by run-operation, and generate_schema_name, have dbt's MacroContext,
// which defines no `this` (rendered as '', not defined, not None), while a project hook's `this`
// is None, as dbt's ModelContext gives an operation node.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

before(async () => {
  dir = await newProject('lantern', 'on-run-end:\n  - "{{ describe_this() }}"\n');
  writeProjectFile(dir, 'macros/describe_this.sql', `{% macro describe_this() %}
  {% do log('this=[' ~ this ~ '] defined=' ~ (this is defined) ~ ' none=' ~ (this is none), info=True) %}
{% endmacro %}
`);
  writeProjectFile(dir, 'models/wick.sql', 'select 1 as id\n');
  writeProjectFile(dir, 'macros/generate_schema_name.sql', `{% macro generate_schema_name(custom_schema_name, node) -%}
  {%- do log('naming ' ~ node.name ~ ': this defined=' ~ (this is defined), info=True) if node.name == 'wick' -%}
  {{ default__generate_schema_name(custom_schema_name, node) }}
{%- endmacro %}
`);
});
after(async () => rm(dir, { recursive: true, force: true }));

test('run-operation renders a macro without `this`', async () => {
  const run = await cli('run-operation', 'describe_this');
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /this=\[\] defined=False none=False/u);
});

test("a project hook's `this` is None", async () => {
  const run = await cli('run');
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /this=\[None\] defined=True none=True/u);
});

test('generate_schema_name is called without `this`: the node is its argument', async () => {
  const run = await cli('parse');
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /naming wick: this defined=False/u);
});
