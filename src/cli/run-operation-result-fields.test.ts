// End to end: the run_results.json entry of a run-operation carries the fields dbt gives it. dbt
// reports the operation as a hook node, which is a compiled resource that was never compiled, so
// its result says compiled: false (not null) beside a null compiled_code and relation_name.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

interface OperationResult {
  unique_id: string; status: string; thread_id: string; failures: number; message: string | null;
  adapter_response: Record<string, unknown>; compiled: boolean | null; compiled_code: string | null; relation_name: string | null;
}

before(async () => {
  dir = await newProject('ferry');
  writeProjectFile(dir, 'macros/schema_for.sql', `{% macro schema_for(custom_schema_name) %}
  {% do log(custom_schema_name ~ '_x', info=True) %}
{% endmacro %}
`);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("a macro's run-operation result says compiled: false, as dbt's hook node does", async () => {
  const run = await cli('run-operation', 'schema_for', '--args', '{custom_schema_name: test}');
  assert.equal(run.code, 0, run.out + run.err);
  const [result] = readArtifact<{ results: OperationResult[] }>(dir, 'run_results.json').results;
  assert.deepEqual(
    { ...result, timing: undefined, execution_time: undefined },
    {
      unique_id: 'macro.ferry.schema_for', status: 'success', thread_id: 'MainThread', failures: 0, message: null,
      adapter_response: {}, compiled: false, compiled_code: null, relation_name: null, batch_results: null,
      timing: undefined, execution_time: undefined,
    },
  );
});

test('an inline query run as an operation also says compiled: false', async () => {
  const run = await cli('run-operation', '--sql', 'select 1');
  assert.equal(run.code, 0, run.out + run.err);
  const [result] = readArtifact<{ results: OperationResult[] }>(dir, 'run_results.json').results;
  assert.equal(result?.compiled, false);
  assert.equal(result?.compiled_code, null);
});
