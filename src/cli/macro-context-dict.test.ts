// End to end: `context` is the render's dict, as in dbt: a macro run on its own (MacroContext)
// has no this, compiled_code or defer_relation key, while a model's render has all three.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

before(async () => {
  dir = await newProject('signpost');
  writeProjectFile(dir, 'macros/keys_present.sql', `{% macro keys_present(where) %}
  {% do log(where ~ ' ' ~ ('this' in context) ~ ' ' ~ ('compiled_code' in context) ~ ' ' ~ ('defer_relation' in context) ~ ' ' ~ (context.get('this', 'none here')) ~ ' ' ~ ('this' in context.keys()), info=True) %}
{% endmacro %}
`);
  writeProjectFile(dir, 'models/arrow.sql', "{% if execute %}{{ keys_present('model') }}{% endif %}\nselect 1 as id\n");
});
after(async () => rm(dir, { recursive: true, force: true }));

test("a macro run on its own has no this, compiled_code or defer_relation in context", async () => {
  const run = await cli('run-operation', 'keys_present', '--args', '{where: op}');
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /op False False False none here False/u);
});

test("a model's context has them", async () => {
  const run = await cli('compile');
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /model True True True "signpost"\."main"\."arrow" True/u);
});
