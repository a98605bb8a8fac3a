// End to end: the response a statement gets from the warehouse is the one dbt-duckdb's connection
// gives every query, an AdapterResponse holding only the message OK (no code, no row count).
// It is what macros read from adapter.execute and load_result, and what the artifacts built from
// it record: sources.json keeps its set fields (dbt's to_dict(omit_none=True)), for a loaded_at_field
// and a loaded_at_query alike (both run through a freshness macro's statement), while show and an
// inline run-operation write all four fields (to_dict()), the unset ones as null.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);
type Results = { results: { adapter_response: Record<string, unknown> }[] };

before(async () => {
  dir = await newProject('tideway');
  writeProjectFile(dir, 'seeds/gauges.csv', 'gauge_id,read_at\n1,2020-01-01 06:00:00\n');
  writeProjectFile(dir, 'models/sources.yml', [
    'sources:',
    '  - name: harbour',
    '    schema: main',
    '    tables:',
    '      - name: gauges',
    '        config:',
    '          loaded_at_field: read_at',
    '          freshness: {warn_after: {count: 1, period: day}}',
    '      - name: gauges_by_query',
    '        identifier: gauges',
    '        config:',
    '          loaded_at_query: "select max(cast(read_at as timestamp)) from {{ this }}"',
    '          freshness: {warn_after: {count: 1, period: day}}',
    '',
  ].join('\n'));
  writeProjectFile(dir, 'macros/probe_response.sql', [
    '{% macro probe_response() %}',
    "  {% set response, table = adapter.execute('select 1 as n', fetch=True) %}",
    "  {% do log('execute: ' ~ response ~ ' ' ~ response.code ~ ' ' ~ response.rows_affected, info=True) %}",
    "  {% call statement('probe', fetch_result=True) %}select 2 as n{% endcall %}",
    "  {% set loaded = load_result('probe')['response'] %}",
    "  {% do log('statement: ' ~ loaded ~ ' ' ~ loaded.code ~ ' ' ~ loaded.rows_affected, info=True) %}",
    '{% endmacro %}',
    '',
  ].join('\n'));
  const seed = await cli('seed');
  assert.equal(seed.code, 0, seed.out + seed.err);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('adapter.execute and a statement report the message OK with no code or row count', async () => {
  const run = await cli('run-operation', 'probe_response');
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /execute: OK None None/u);
  assert.match(run.out, /statement: OK None None/u);
});

test("sources.json records the freshness query's response as {_message: OK}, for a loaded_at_field and a loaded_at_query", async () => {
  const run = await cli('source', 'freshness');
  assert.equal(run.code, 0, run.out + run.err);
  const results = readArtifact<{ results: { unique_id: string; adapter_response: Record<string, unknown> }[] }>(dir, 'sources.json').results;
  assert.deepEqual(
    results.map((r) => [r.unique_id, r.adapter_response]).sort(),
    [['source.tideway.harbour.gauges', { _message: 'OK' }], ['source.tideway.harbour.gauges_by_query', { _message: 'OK' }]],
  );
});

test("show records the query's response with its unset fields as null", async () => {
  const run = await cli('show', '--inline', 'select 3 as n');
  assert.equal(run.code, 0, run.out + run.err);
  const [result] = readArtifact<Results>(dir, 'run_results.json').results;
  assert.deepEqual(result?.adapter_response, { _message: 'OK', code: null, rows_affected: null, query_id: null });
});

test("an inline run-operation records the query's response with its unset fields as null", async () => {
  const run = await cli('run-operation', '--sql', 'select 4 as n');
  assert.equal(run.code, 0, run.out + run.err);
  const [result] = readArtifact<Results>(dir, 'run_results.json').results;
  assert.deepEqual(result?.adapter_response, { _message: 'OK', code: null, rows_affected: null, query_id: null });
});
