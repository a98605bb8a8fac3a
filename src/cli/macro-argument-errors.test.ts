// End to end: a macro called with an argument it has no parameter for fails as it fails in dbt,
// whose template parser names every macro `dbt_macro__<name>`, the name Jinja's TypeError
// quotes. run_query and is_incremental, dbt macros that Reelhouse answers in code, bind their
// arguments as those macros do: `run_query(query=...)` fails instead of running no SQL.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

before(async () => {
  dir = await newProject('quarry');
  writeProjectFile(dir, 'macros/print_rows.sql', `{% macro print_rows(query) %}
  {% set rows = run_query(query) %}
  {% do rows.print_table() %}
{% endmacro %}
`);
  writeProjectFile(dir, 'macros/ask_twice.sql', `{% macro ask_twice() %}
  {% do run_query('select 1', 'select 2') %}
{% endmacro %}
`);
  writeProjectFile(dir, 'macros/ask_incremental.sql', `{% macro ask_incremental() %}
  {% do log(is_incremental(this), info=True) %}
{% endmacro %}
`);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Results = { results: { status: string; message: string; unique_id: string }[] };

test("run-operation run_query with --args {query: ...} fails: run_query's parameter is sql", async () => {
  const run = await cli('run-operation', 'run_query', '--args', '{query: "select 1 as slab"}');
  assert.equal(run.code, 1, run.out + run.err);
  const cause = "Compilation Error\n  macro 'dbt_macro__run_query' takes no keyword argument 'query'";
  assert.ok(`${run.out}\n${run.err}`.includes(`Encountered an error while running operation: ${cause}`), run.out + run.err);
  const [result] = readArtifact<Results>(dir, 'run_results.json').results;
  assert.equal(result?.unique_id, 'macro.dbt.run_query');
  assert.equal(result?.status, 'error');
  assert.equal(result?.message, cause);
});

test('run_query given two statements, or is_incremental given an argument, is refused as Jinja refuses it', async () => {
  const twice = await cli('run-operation', 'ask_twice');
  assert.equal(twice.code, 1, twice.out + twice.err);
  assert.match(`${twice.out}\n${twice.err}`, /macro 'dbt_macro__run_query' takes not more than 1 argument\(s\)/u);
  const incremental = await cli('run-operation', 'ask_incremental');
  assert.equal(incremental.code, 1, incremental.out + incremental.err);
  assert.match(`${incremental.out}\n${incremental.err}`, /macro 'dbt_macro__is_incremental' takes not more than 0 argument\(s\)/u);
});

test("a project macro given a keyword it does not take is named dbt_macro__<name>, as in dbt's error", async () => {
  const run = await cli('run-operation', 'print_rows', '--args', '{sql: "select 1"}');
  assert.equal(run.code, 1, run.out + run.err);
  const cause = "Compilation Error\n  macro 'dbt_macro__print_rows' takes no keyword argument 'sql'";
  assert.ok(`${run.out}\n${run.err}`.includes(`Encountered an error while running operation: ${cause}`), run.out + run.err);
  const ok = await cli('run-operation', 'print_rows', '--args', '{query: "select 7 as slab"}');
  assert.equal(ok.code, 0, ok.out + ok.err);
  assert.match(ok.out, /slab/u);
});
