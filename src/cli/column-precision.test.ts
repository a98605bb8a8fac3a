// End to end: adapter.get_columns_in_relation gives each column the size, precision and scale
// DuckDB's information_schema reports, as dbt-duckdb 1.10 builds api.Column from that row.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

before(async () => {
  dir = await newProject('gauges');
  writeProjectFile(dir, 'models/readings.sql', `{{ config(materialized='table') }}
select 1::integer as n, 2::bigint as big, 1.5::double as ratio, 12.25::decimal(12,2) as price, 'x' as label
`);
  writeProjectFile(dir, 'macros/describe_columns.sql', `{% macro describe_columns() %}
  {% for c in adapter.get_columns_in_relation(ref('readings')) %}
    {% do log(c.name ~ ' ' ~ c.dtype ~ ' ' ~ c.char_size ~ ' ' ~ c.numeric_precision ~ ' ' ~ c.numeric_scale, info=True) %}
  {% endfor %}
{% endmacro %}
`);
});
after(async () => rm(dir, { recursive: true, force: true }));

test("a relation's columns carry information_schema's precision and scale, and no size for VARCHAR", async () => {
  const built = await cli('run');
  assert.equal(built.code, 0, built.out + built.err);
  const run = await cli('run-operation', 'describe_columns');
  assert.equal(run.code, 0, run.out + run.err);
  for (const line of ['n INTEGER None 32 0', 'big BIGINT None 64 0', 'ratio DOUBLE None 53 0', 'price DECIMAL(12,2) None 12 2', 'label VARCHAR None None None']) {
    assert.ok(run.out.includes(line), `${line}\n${run.out}`);
  }
});
