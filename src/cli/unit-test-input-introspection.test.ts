// End to end: in a unit test dbt stands an ephemeral node in for each given input, so the model's
// ref() to it is a CTE relation: no database or schema, and nothing the warehouse can describe.
// A model that reads a ref's columns (adapter.get_columns_in_relation) sees none there, even
// though the real table exists and has them; so does a given source().
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

interface Result {
  unique_id: string;
  status: string;
  message: string | null;
}

describe('unit test inputs are not introspected', () => {
  let dir = '';
  before(async () => {
    dir = await newProject('kiln');
    writeProjectFile(dir, 'models/firings.sql', "select 1 as firing_id, 900 as x_peak_temp, 'stoneware' as x_clay\n");
    writeProjectFile(dir, 'macros/extras.sql', `{% macro extra_columns(relation) %}
{%- for col in adapter.get_columns_in_relation(relation) if col.name.startswith('x_') %}, {{ col.name }}{% endfor -%}
{% endmacro %}
{% macro create_kiln_log() %}
{% do run_query("create or replace table main.kiln_log as select 1 as firing_id, 'stoneware' as x_clay") %}
{% endmacro %}
`);
    writeProjectFile(dir, 'models/firing_log.sql',
      "select firing_id, '{{ ref('firings').schema }}' as input_schema {{ extra_columns(ref('firings')) }}\nfrom {{ ref('firings') }}\n");
    writeProjectFile(dir, 'models/sources.yml', 'sources:\n  - name: kilns\n    schema: main\n    tables:\n      - name: kiln_log\n');
    writeProjectFile(dir, 'models/kiln_report.sql',
      "select firing_id, '{{ source('kilns', 'kiln_log').schema }}' as input_schema {{ extra_columns(source('kilns', 'kiln_log')) }}\nfrom {{ source('kilns', 'kiln_log') }}\n");
    writeProjectFile(dir, 'models/unit.yml', `unit_tests:
  - name: report_without_extras
    model: kiln_report
    given:
      - input: source('kilns', 'kiln_log')
        format: sql
        rows: select 4 as firing_id, 'raku' as x_clay
    expect:
      rows:
        - {firing_id: 4, input_schema: None}
  - name: log_without_extras
    model: firing_log
    given:
      - input: ref('firings')
        rows:
          - {firing_id: 3, x_peak_temp: 1200, x_clay: porcelain}
    expect:
      rows:
        - {firing_id: 3, input_schema: None}
  - name: log_expecting_extras
    model: firing_log
    given:
      - input: ref('firings')
        rows:
          - {firing_id: 3, x_peak_temp: 1200, x_clay: porcelain}
    expect:
      rows:
        - {firing_id: 3, x_clay: porcelain}
`);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("a given input's ref() is a CTE with no schema and no columns to read", async () => {
    const built = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir, '--select', 'firings']);
    await runCli(['run-operation', 'create_kiln_log', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(built.code, 0, built.out);
    await runCli(['test', '--project-dir', dir, '--profiles-dir', dir]);
    const results = readArtifact<{ results: Result[] }>(dir, 'run_results.json').results;
    const byName = new Map(results.map((r) => [r.unique_id.split('.').at(-1), r]));
    assert.equal(byName.get('log_without_extras')?.status, 'pass', byName.get('log_without_extras')?.message ?? '');
    assert.equal(byName.get('report_without_extras')?.status, 'pass', byName.get('report_without_extras')?.message ?? '');
    const extras = byName.get('log_expecting_extras');
    assert.equal(extras?.status, 'error');
    assert.match(extras?.message ?? '', /Invalid column name: 'x_clay' in unit test fixture for expected output/);
  });

  test('the compiled unit test reads the input by its CTE name', () => {
    const sql = readFileSync(join(dir, 'target/compiled/kiln/models/unit.yml/models/log_without_extras.sql'), 'utf8');
    assert.match(sql, /from __dbt__cte__firings\b/);
    assert.doesNotMatch(sql, /x_peak_temp\s*\n?\s*from/);
  });
});
