// End to end: a warehouse error raised by run_query inside a run-operation macro is a failed
// operation reported as dbt reports it: dbt-duckdb raises the DuckDB error as a Runtime Error,
// which dbt prints under "Encountered an error while running operation:" (the
// RunningOperationCaughtError event) and writes as the operation's run_results message.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

before(async () => {
  dir = await newProject('ferry');
  writeProjectFile(dir, 'macros/publish.sql', `{% macro publish() %}
  {% do log("Publishing...", info=True) %}
  {% do run_query("create or replace table harbour.boats as select 1 as boat_id") %}
{% endmacro %}
`);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const cause = 'Runtime Error\n  Catalog Error: Schema with name harbour does not exist!\n    (line 3 of macros/publish.sql)';

test('a database error in a run-operation macro is reported as a Runtime Error of the operation', async () => {
  const run = await cli('run-operation', 'publish');
  assert.equal(run.code, 1, run.out + run.err);
  const text = `${run.out}\n${run.err}`;
  assert.ok(text.includes(`Encountered an error while running operation: ${cause}`), text);
  assert.doesNotMatch(text, /\[database-error\]/u);
  const results = readArtifact<{ results: { status: string; message: string }[] }>(dir, 'run_results.json').results;
  assert.equal(results[0]?.status, 'error');
  assert.equal(results[0]?.message, cause);
});

test('in the JSON log the failure is a RunningOperationCaughtError carrying the report as exc', async () => {
  const run = await cli('run-operation', 'publish', '--log-format', 'json');
  assert.equal(run.code, 1, run.out + run.err);
  const events = `${run.out}\n${run.err}`
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { info: { name: string; level: string }; data: { exc?: string } });
  const caught = events.find((e) => e.info.name === 'RunningOperationCaughtError');
  assert.ok(caught, events.map((e) => e.info.name).join(', '));
  assert.equal(caught.info.level, 'error');
  assert.equal(caught.data.exc, cause);
  assert.ok(!events.some((e) => e.info.name === 'MainEncounteredError'));
});
