// End to end: `source freshness` measures a source with the project's (or an installed package's)
// collect_freshness when there is one, as dbt's adapter runs that macro by name: its one row (the
// newest load time, the time now) decides the verdict and sources.json. A macro that returns the
// bare table, as before dbt 1.5, still works, with dbt's deprecation warning, once.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

interface SourcesJson {
  results: { unique_id: string; status: string; max_loaded_at?: string; max_loaded_at_time_ago_in_s?: number; error?: string; adapter_response?: Record<string, unknown> }[];
}

// The macro measures the load time from text, which the built-in max(loaded_at_field) cannot.
const PROJECT_MACRO = [
  '{% macro collect_freshness(source, loaded_at_field, filter) %}',
  "  {% call statement('collect_freshness', fetch_result=True, auto_begin=False) -%}",
  '    select max(cast({{ loaded_at_field }} as timestamp)) as max_loaded_at, {{ current_timestamp() }} as snapshotted_at',
  '    from {{ source }}',
  '  {%- endcall %}',
  "  {{ return(load_result('collect_freshness')) }}",
  '{% endmacro %}',
  '',
].join('\n');

describe('a collect_freshness of the project or a package', () => {
  let dir = '';
  before(async () => {
    dir = await newProject('tidewater', 'seeds:\n  tidewater:\n    +column_types: {read_at: varchar}\n');
    writeProjectFile(dir, 'seeds/gauges.csv', 'gauge_id,read_at\n1,2020-01-01 06:00:00\n2,2020-01-02 06:30:00\n');
    writeProjectFile(dir, 'models/sources.yml', [
      'sources:',
      '  - name: harbour',
      '    schema: main',
      '    tables:',
      '      - name: gauges',
      '        loaded_at_field: read_at',
      '        freshness: {error_after: {count: 1, period: day}}',
      '',
    ].join('\n'));
    const seed = await runCli(['seed', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(seed.code, 0, seed.out + seed.err);
  });
  beforeEach(async () => {
    await rm(`${dir}/macros`, { recursive: true, force: true });
    await rm(`${dir}/dbt_packages`, { recursive: true, force: true });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const freshness = async (): Promise<{ code: number; text: string; result: SourcesJson['results'][number] }> => {
    const run = await runCli(['source', 'freshness', '--project-dir', dir, '--profiles-dir', dir]);
    const result = readArtifact<SourcesJson>(dir, 'sources.json').results[0]!;
    return { code: run.code, text: run.out + run.err, result };
  };

  test("the project's macro measures the source", async () => {
    writeProjectFile(dir, 'macros/freshness.sql', PROJECT_MACRO);
    const { code, text, result } = await freshness();
    assert.equal(code, 1, text);
    assert.equal(result.status, 'error', text);
    assert.equal(result.max_loaded_at, '2020-01-02T06:30:00+00:00');
    assert.ok(result.max_loaded_at_time_ago_in_s! > 86400 * 365);
    assert.match(text, /1 of 1 ERROR STALE freshness of harbour\.gauges/u);
    assert.doesNotMatch(text, /collect_freshness' macro signature/u);
    // The statement's response is recorded, as dbt records the adapter's.
    assert.equal(result.adapter_response?.['_message'], 'OK');
  });

  test("a package's macro that returns the bare table works, with dbt's deprecation warning", async () => {
    writeProjectFile(dir, 'dbt_packages/lighthouse/dbt_project.yml', "name: 'lighthouse'\nversion: '1.0.0'\n");
    writeProjectFile(dir, 'dbt_packages/lighthouse/macros/freshness.sql', PROJECT_MACRO.replace("return(load_result('collect_freshness'))", "return(load_result('collect_freshness').table)"));
    const { text, result } = await freshness();
    assert.equal(result.status, 'error', text);
    assert.equal(result.max_loaded_at, '2020-01-02T06:30:00+00:00');
    assert.equal(text.match(/The 'collect_freshness' macro signature has changed/gu)?.length, 1, text);
  });

  test('a value that is not a timestamp is an error naming the field and the table', async () => {
    writeProjectFile(dir, 'macros/freshness.sql', PROJECT_MACRO.replace('max(cast({{ loaded_at_field }} as timestamp))', 'max({{ loaded_at_field }})'));
    const { code, text, result } = await freshness();
    assert.equal(code, 1, text);
    assert.equal(result.status, 'runtime error');
    assert.match(result.error!, /^Database Error in source gauges \(models\/sources\.yml\)\n {2}Expected a timestamp value when querying field 'read_at' of table "[^"]+"\."main"\."gauges" but received value of type 'str' instead$/u);
  });

  test('a null snapshot time is a Database Error worded as dbt words it', async () => {
    writeProjectFile(dir, 'macros/freshness.sql', PROJECT_MACRO.replace('{{ current_timestamp() }} as snapshotted_at', 'null::timestamp as snapshotted_at'));
    const { code, text, result } = await freshness();
    assert.equal(code, 1, text);
    assert.equal(result.status, 'runtime error');
    assert.match(result.error!, /^Database Error in source gauges \(models\/sources\.yml\)\n {2}Expected a non-null value when querying field 'read_at' of table {2}"[^"]+"\."main"\."gauges" but received value 'null' instead$/u);
  });

  test('a result that is not one row of two values is an error', async () => {
    writeProjectFile(dir, 'macros/freshness.sql', PROJECT_MACRO.replace(', {{ current_timestamp() }} as snapshotted_at', ''));
    const { code, text, result } = await freshness();
    assert.equal(code, 1, text);
    assert.match(result.error!, /^Compilation Error in source gauges \(models\/sources\.yml\)\n {2}Got an invalid result from "collect_freshness" macro: \[\(datetime\.datetime\(2020, 1, 2, 6, 30\),\)\]$/u);
  });
});
