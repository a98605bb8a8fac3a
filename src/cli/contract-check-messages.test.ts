// End to end: what the contract check of a model says, as dbt says it: a query that does not meet
// the contract fails as a Compilation Error listing the mismatched columns sorted by name, and a
// bare numeric type draws get_empty_schema_sql's warning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

const SCHEMA = `version: 2
models:
  - name: rosters
    config:
      materialized: table
      contract: {enforced: true}
    columns:
      - name: zone
        data_type: varchar
      - name: crew_id
        data_type: varchar
      - name: shift
        data_type: integer
`;

test('a failed contract is a Compilation Error whose mismatches are sorted by column name', async (t) => {
  const dir = await newProject('rosters');
  t.after(() => rm(dir, { recursive: true, force: true }));
  writeProjectFile(dir, 'models/schema.yml', SCHEMA);
  writeProjectFile(dir, 'models/rosters.sql', "select 'north' as zone, 7 as crew_id, 'late' as badge\n");
  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 1, run.err + run.out);
  const results = readArtifact<{ results: { message: string }[] }>(dir, 'run_results.json');
  const message = results.results[0]!.message;
  assert.match(message, /^Compilation Error in model rosters \(models\/rosters\.sql\)\n {2}This model has an enforced contract that failed\./);
  const rows = message.split('\n').filter((line) => /^ {2}\| (?!column_name|-)/.test(line));
  assert.deepEqual(rows.map((line) => line.split('|').map((cell) => cell.trim()).slice(1, 5)), [
    ['badge', 'VARCHAR', '', 'missing in contract'],
    ['crew_id', 'INTEGER', 'VARCHAR', 'data type mismatch'],
    ['shift', '', 'INTEGER', 'missing in definition'],
  ]);
  assert.match(run.out + run.err, /Compilation Error in model rosters/);
});

test("a failed contract lists, after two blank lines, the macros dbt-duckdb's check passed through, for a table and a view", async (t) => {
  const dir = await newProject('rosters');
  t.after(() => rm(dir, { recursive: true, force: true }));
  writeProjectFile(dir, 'models/schema.yml', `${SCHEMA}  - name: shifts\n    config: {materialized: view, contract: {enforced: true}}\n    columns:\n      - {name: shift, data_type: integer}\n`);
  writeProjectFile(dir, 'models/rosters.sql', "select 'north' as zone, 'a7' as crew_id, 'late' as shift\n");
  writeProjectFile(dir, 'models/shifts.sql', "select 'late' as shift\n");
  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 1, run.err + run.out);
  const results = readArtifact<{ results: { unique_id: string; message: string }[] }>(dir, 'run_results.json').results;
  const tail = (id: string) => {
    const lines = results.find((r) => r.unique_id === id)!.message.split('\n');
    return lines.slice(lines.findIndex((line) => line.startsWith('  > in macro')) - 2);
  };
  const check = [
    '  ',
    '  ',
    '  > in macro assert_columns_equivalent (macros/relations/column/columns_spec_ddl.sql)',
    '  > called by macro default__get_assert_columns_equivalent (macros/relations/column/columns_spec_ddl.sql)',
    '  > called by macro get_assert_columns_equivalent (macros/relations/column/columns_spec_ddl.sql)',
  ];
  assert.deepEqual(tail('model.rosters.rosters'), [
    ...check,
    '  > called by macro duckdb__create_table_as (macros/adapters.sql)',
    '  > called by macro create_table_as (macros/relations/table/create.sql)',
    '  > called by macro statement (macros/etc/statement.sql)',
    '  > called by macro materialization_table_duckdb (macros/materializations/table.sql)',
    '  > called by model rosters (models/rosters.sql)',
  ]);
  assert.deepEqual(tail('model.rosters.shifts'), [
    ...check,
    '  > called by macro duckdb__create_view_as (macros/adapters.sql)',
    '  > called by macro create_view_as (macros/relations/view/create.sql)',
    '  > called by macro default__get_create_view_as_sql (macros/relations/view/create.sql)',
    '  > called by macro get_create_view_as_sql (macros/relations/view/create.sql)',
    '  > called by macro statement (macros/etc/statement.sql)',
    '  > called by macro materialization_view_default (macros/materializations/models/view.sql)',
    '  > called by model shifts (models/shifts.sql)',
  ]);
  assert.ok(run.out.includes('  > called by model shifts (models/shifts.sql)'), run.out);
});

test('an external model checks its enforced contract before it writes a file, as dbt-duckdb stages its rows with create_table_as', async (t) => {
  const dir = await newProject('sightings');
  t.after(() => rm(dir, { recursive: true, force: true }));
  writeProjectFile(dir, 'models/schema.yml', 'models:\n  - name: occurrences\n    config: {contract: {enforced: true}}\n    columns:\n      - {name: county, data_type: varchar}\n');
  writeProjectFile(dir, 'models/occurrences.sql', "{{ config(materialized='external', location='occurrences.parquet') }}\nselect 'x' as county_renamed\n");
  const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 1, run.err + run.out);
  assert.match(run.out, /1 of 1 ERROR creating sql external model main\.occurrences /u);
  const message = readArtifact<{ results: { message: string }[] }>(dir, 'run_results.json').results[0]!.message;
  assert.match(message, /^Compilation Error in model occurrences \(models\/occurrences\.sql\)\n {2}This model has an enforced contract that failed\./u);
  assert.match(message, /\| county_renamed \| VARCHAR {9}\| {15}\| missing in contract {3}\|/u);
  assert.match(message, /\n {2}> called by macro statement \(macros\/etc\/statement\.sql\)\n {2}> called by macro materialization_external_duckdb \(macros\/materializations\/external\.sql\)\n {2}> called by model occurrences \(models\/occurrences\.sql\)$/u);
  assert.equal(existsSync(join(dir, 'occurrences.parquet')), false, 'no file is written');
});

test('a contracted column typed numeric without precision warns that values may be rounded', async (t) => {
  const dir = await newProject('ledgers');
  t.after(() => rm(dir, { recursive: true, force: true }));
  writeProjectFile(
    dir,
    'models/schema.yml',
    'version: 2\nmodels:\n  - name: ledger\n    config: {materialized: view, contract: {enforced: true}}\n    columns:\n' +
      '      - {name: amount, data_type: numeric}\n      - {name: fee, data_type: Decimal }\n      - {name: id, data_type: integer}\n',
  );
  writeProjectFile(dir, 'models/ledger.sql', 'select 1.5::numeric as amount, 0.5::decimal as fee, 1 as id\n');
  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.err + run.out);
  assert.match(run.out + run.err, /Detected columns with numeric type and unspecified precision\/scale, this can lead to unintended rounding: \['amount', 'fee'\]`/);
});
