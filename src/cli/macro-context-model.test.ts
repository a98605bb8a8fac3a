// End to end: `model` outside a node's own render. A macro run on its own (run-operation, the
// generate_*_name macros) has dbt's MacroContext, whose model is the macro's dict and whose
// config has nothing to read (a macro has no config: config.get gives its default); a project
// hook's model is the hook's operation node, with no hooks of its own and no compiled SQL yet.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

before(async () => {
  dir = await newProject('lamplight', 'on-run-start:\n  - "{{ log(\'hook model=\' ~ model.name ~ \' \' ~ model.resource_type ~ \' pre=\' ~ pre_hooks ~ \' sql=\' ~ sql ~ \' code=\' ~ compiled_code, info=True) }}"\n');
  writeProjectFile(dir, 'macros/describe_model.sql', `{% macro describe_model() %}
  {% do log('op model=' ~ model.name ~ ' ' ~ model.unique_id ~ ' ' ~ model.resource_type ~ ' docs=' ~ model.docs, info=True) %}
{% endmacro %}
`);
  writeProjectFile(dir, 'models/wick.sql', "{{ config(materialized='table') }}\nselect 1 as id\n");
  writeProjectFile(dir, 'macros/generate_schema_name.sql', `{% macro generate_schema_name(custom_schema_name, node) -%}
  {%- do log('naming ' ~ node.name ~ ': model=' ~ model.name ~ ' materialized=' ~ config.get('materialized') ~ ' default=' ~ config.get('materialized', 'none given'), info=True) if node.name == 'wick' -%}
  {{ default__generate_schema_name(custom_schema_name, node) }}
{%- endmacro %}
`);
});
after(async () => rm(dir, { recursive: true, force: true }));

test("run-operation's model is the macro it runs", async () => {
  const run = await cli('run-operation', 'describe_model');
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /op model=describe_model macro\.lamplight\.describe_model macro docs=\{'show': True\}/u);
});

test("generate_schema_name's model is the macro, and its config reads nothing of the node", async () => {
  const run = await cli('parse');
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /naming wick: model=generate_schema_name materialized=None default=none given/u);
});

test("a project hook's model is its operation node", async () => {
  const run = await cli('run');
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /hook model=lamplight-on-run-start-0 operation pre=\[\] sql=None code=None/u);
});
