// End to end: the older names every dbt render context still holds: `env` is the render's
// `target` (the same object), `column` the adapter's Column class, in a model and in a macro
// run on its own.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

before(async () => {
  dir = await newProject('quarry');
  writeProjectFile(dir, 'macros/describe_aliases.sql', `{% macro describe_aliases(where) %}
  {% do log(where ~ ' env=' ~ env.schema ~ ' same=' ~ (env is sameas target) ~ ' column=' ~ column.create('stone', 'integer').quoted, info=True) %}
{% endmacro %}
`);
  writeProjectFile(dir, 'models/slate.sql', "{% if execute %}{{ describe_aliases('model') }}{% endif %}\nselect 1 as id\n");
});
after(async () => rm(dir, { recursive: true, force: true }));

test('a model reads env as its target and column as the Column class', async () => {
  const run = await cli('compile');
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /model env=main same=True column="stone"/u);
});

test('a macro run on its own has them too', async () => {
  const run = await cli('run-operation', 'describe_aliases', '--args', '{where: op}');
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /op env=main same=True column="stone"/u);
});
