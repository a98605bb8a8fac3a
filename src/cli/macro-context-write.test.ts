// End to end: dbt's write() puts a node's SQL in target/run, and a macro run on its own has no
// node to write: write(), and so a `statement('main')` block (which writes its SQL), fail
// run-operation with a compilation error, as in dbt; other statements run as usual.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

before(async () => {
  dir = await newProject('inkwell');
  writeProjectFile(dir, 'macros/ops.sql', `{% macro main_statement() %}
  {% call statement('main', fetch_result=True) %}select 1 as a{% endcall %}
{% endmacro %}
{% macro named_statement() %}
  {% call statement('other', fetch_result=True) %}select 2 as a{% endcall %}
  {% do log('other=' ~ load_result('other').data, info=True) %}
{% endmacro %}
{% macro direct_write() %}{{ write('select 3') }}{% endmacro %}
`);
});
after(async () => rm(dir, { recursive: true, force: true }));

test("a statement named 'main' in run-operation fails: a macro cannot write", async () => {
  const run = await cli('run-operation', 'main_statement');
  assert.equal(run.code, 1, run.out + run.err);
  assert.match(run.out + run.err, /cannot "write" macros or sources/u);
});

test('write() in run-operation fails the same way', async () => {
  const run = await cli('run-operation', 'direct_write');
  assert.equal(run.code, 1, run.out + run.err);
  assert.match(run.out + run.err, /cannot "write" macros or sources/u);
});

test('a statement of another name runs', async () => {
  const run = await cli('run-operation', 'named_statement');
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /other=\[\(2,\)\]/u);
});
