// End to end: a unit test's compiled SQL is written where dbt writes it
// (target/compiled/<package>/<YAML path>/<YAML folder>/<test>.sql, each input's fixture beside it
// as <input>.sql), run_results.json records the same code, and the code runs on its own: each
// input is a CTE of its fixture rows, named as dbt names it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, queryDb, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

interface Result {
  unique_id: string;
  status: string;
  compiled_code: string | null;
}

describe('unit test compiled SQL', () => {
  let dir = '';
  before(async () => {
    dir = await newProject('ferry');
    writeProjectFile(dir, 'models/crossings.sql', 'select 1 as boat_id, 30 as minutes\n');
    writeProjectFile(dir, 'models/boat_names.sql', "{{ config(materialized='ephemeral') }}\nselect 1 as boat_id, 'Ada' as boat_name\n");
    writeProjectFile(dir, 'models/harbour/boat_minutes.sql',
      "with c as (select * from {{ ref('crossings') }})\nselect n.boat_name, sum(c.minutes) as minutes\nfrom c join {{ ref('boat_names') }} n on n.boat_id = c.boat_id\nwhere c.boat_id in (select boat_id from {{ source('port', 'fleet') }})\ngroup by n.boat_name\n");
    writeProjectFile(dir, 'models/harbour/tests.yml', `sources:
  - name: port
    schema: main
    tables:
      - name: fleet
unit_tests:
  - name: adds_minutes
    model: boat_minutes
    given:
      - input: ref('crossings')
        rows:
          - {boat_id: 4, minutes: 12}
          - {boat_id: 4, minutes: 20}
      - input: ref('boat_names')
        format: sql
        rows: select 4 as boat_id, 'Brig' as boat_name
      - input: source('port', 'fleet')
        rows:
          - {boat_id: 4}
    expect:
      rows:
        - {boat_name: Brig, minutes: 32}
  - name: adds_wrongly
    model: boat_minutes
    given:
      - input: ref('crossings')
        rows:
          - {boat_id: 4, minutes: 1}
      - input: ref('boat_names')
        format: sql
        rows: select 4 as boat_id, 'Brig' as boat_name
      - input: source('port', 'fleet')
        rows:
          - {boat_id: 4}
    expect:
      rows:
        - {boat_name: Brig, minutes: 99}
`);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('is written under the YAML path, recorded in run_results.json, and runs on its own', async () => {
    // dbt reads the inputs' column types from the warehouse, so they are built first.
    const db = join(dir, 'ferry.duckdb');
    assert.equal((await runCli(['run', '--project-dir', dir, '--profiles-dir', dir, '--select', 'crossings'])).code, 0);
    await queryDb(db, 'create table main.fleet (boat_id integer)');
    const run = await runCli(['test', '--project-dir', dir, '--profiles-dir', dir]);
    await queryDb(db, 'drop table main.fleet');
    const folder = join(dir, 'target/compiled/ferry/models/harbour/tests.yml');
    const file = join(folder, 'models/harbour/adds_minutes.sql');
    assert.ok(existsSync(file), `no ${file}`);
    for (const input of ['crossings', 'boat_names', 'fleet']) assert.ok(existsSync(join(folder, `${input}.sql`)), `no fixture file for ${input}`);
    const sql = readFileSync(file, 'utf8');
    assert.match(sql, /__dbt__cte__crossings as \(/);
    assert.match(sql, /__dbt__cte__fleet as \(/);
    assert.doesNotMatch(sql, /__rh_unit_/);
    // The ephemeral input stands in for the model, whose own definition is gone from the SQL.
    assert.doesNotMatch(sql, /Ada/);
    const results = readArtifact<{ results: Result[] }>(dir, 'run_results.json').results;
    const passed = results.find((r) => r.unique_id === 'unit_test.ferry.boat_minutes.adds_minutes');
    assert.equal(passed?.status, 'pass');
    assert.equal(passed?.compiled_code?.trim(), sql.trim());
    // The recorded code needs neither the temp tables of the run nor the source table (dropped).
    const [rows] = await queryDb(db, sql);
    assert.deepEqual(rows.map((r) => r.map(String)), [['Brig', '32']]);
    // A failing unit test points at its compiled file, as dbt's summary does.
    assert.match(run.out + run.err, /compiled code at target\/compiled\/ferry\/models\/harbour\/tests\.yml\/models\/harbour\/adds_wrongly\.sql/);
  });
});

describe('unit test source input CTE', () => {
  let dir = '';
  before(async () => {
    dir = await newProject('quay');
    writeProjectFile(dir, 'models/berths.sql', "select berth_no from {{ source('harbour', 'berths') }} where berth_no > 1\n");
    writeProjectFile(dir, 'models/tests.yml', `sources:
  - name: harbour
    schema: main
    tables:
      - name: berths
        identifier: raw_berth_list
unit_tests:
  - name: keeps_high_berths
    model: berths
    given:
      - input: source('harbour', 'berths')
        rows: [{berth_no: 1}, {berth_no: 2}]
    expect:
      rows: [{berth_no: 2}]
`);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("is named from the source table's identifier, as dbt names its stand-in", async () => {
    const db = join(dir, 'quay.duckdb');
    await queryDb(db, 'create table main.raw_berth_list (berth_no integer)');
    const run = await runCli(['test', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const sql = readFileSync(join(dir, 'target/compiled/quay/models/tests.yml/models/keeps_high_berths.sql'), 'utf8');
    assert.match(sql, /with __dbt__cte__raw_berth_list as \(/);
    assert.match(sql, /from __dbt__cte__raw_berth_list where/);
    assert.doesNotMatch(sql, /__dbt__cte__harbour__/);
  });

  test('of two inputs with one name, the later replaces the earlier, whose node is then not found', async () => {
    // Two sources' tables named alike: dbt files both stand-ins under one name, so the model's
    // read of the first source finds no input.
    writeProjectFile(dir, 'models/all_berths.sql', "select berth_no from {{ source('harbour', 'berths') }} union all select berth_no from {{ source('marina', 'berths') }}\n");
    writeProjectFile(dir, 'models/marina.yml', `sources:
  - name: marina
    schema: main
    tables:
      - name: berths
unit_tests:
  - name: joins_both
    model: all_berths
    given:
      - input: source('harbour', 'berths')
        format: sql
        rows: select 1 as berth_no
      - input: source('marina', 'berths')
        format: sql
        rows: select 2 as berth_no
    expect:
      rows: [{berth_no: 1}, {berth_no: 2}]
`);
    const run = await runCli(['test', '--select', 'all_berths', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 1);
    assert.match(run.out, /Compilation Error in unit_test joins_both \(models\/marina\.yml\)\n\s+Unit_Test 'unit_test\.quay\.all_berths\.joins_both' \(models\/marina\.yml\) depends on a source named 'harbour\.berths' which was not found/);
  });
});
