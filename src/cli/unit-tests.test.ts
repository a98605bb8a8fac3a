// End to end: dbt 1.8 unit tests — given rows as dict, csv, sql and fixture files, expect,
// overrides (vars, env vars, macros), ordering in build, test_type:unit, and failures.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDb, readArtifact, resultStatuses, runCli, writeProjectFile } from './test-helpers.js';

const PROPERTIES = `version: 2
sources:
  - name: app
    schema: app
    tables:
      - name: users
unit_tests:
  - name: totals_from_dict
    model: order_totals
    overrides: {macros: {is_incremental: false}}
    given:
      - input: ref('orders_seed')
        rows:
          - {id: 1, amount: 10, status: placed}
          - {id: 2, amount: 5, status: placed}
          - {id: 3, amount: 7, status: shipped}
    expect:
      rows:
        - {status: placed, total: 15}
        - {status: shipped, total: 7}
  - name: totals_from_csv
    model: order_totals
    overrides: {macros: {is_incremental: false}}
    given:
      - input: ref('orders_seed')
        format: csv
        rows: |
          id,amount,status
          1,4,returned
          2,6,returned
    expect:
      format: csv
      rows: |
        status,total,region
        returned,10,none
  - name: totals_from_sql
    model: order_totals
    overrides: {macros: {is_incremental: false}}
    given:
      - input: ref('orders_seed')
        format: sql
        rows: |
          select 1 as id, 100 as amount, 'placed' as status
          union all select 2, -100, 'placed'
    expect:
      rows:
        - {status: placed, total: 0}
  - name: totals_from_fixture_files
    model: order_totals
    overrides: {macros: {is_incremental: false}}
    given:
      - input: ref('orders_seed')
        format: csv
        fixture: three_orders
    expect:
      format: csv
      fixture: three_orders_expected
  - name: totals_with_overrides
    model: order_totals
    overrides:
      vars: {multiplier: 10}
      env_vars: {REGION_TAG: eu}
      macros:
        is_incremental: true
    given:
      - input: ref('orders_seed')
        rows:
          - {id: 1, amount: 3, status: placed}
          - {id: 2, amount: -1, status: placed}
      - input: this
        format: sql
        rows: select 'placed' as status, 0 as total, 'eu' as region
    expect:
      rows:
        - {status: placed, total: 30, region: eu}
  - name: users_from_source
    model: active_users
    given:
      - input: source('app', 'users')
        rows:
          - {user_id: 1, active: true}
          - {user_id: 2, active: false}
          - {user_id: 3, active: true}
    expect:
      rows:
        - {user_id: 1}
        - {user_id: 3}
`;

describe('unit tests', () => {
  let dir = '';
  const db = (): string => join(dir, 'units.duckdb');

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-unit-'));
    writeProjectFile(dir, 'dbt_project.yml', `name: units
version: '1.0.0'
profile: units
vars:
  multiplier: 1
on-run-start:
  - "create schema if not exists app"
  - "create table if not exists app.users as select 1 as user_id, true as active"
`);
    writeProjectFile(dir, 'profiles.yml', 'units:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: units.duckdb\n      threads: 2\n');
    writeProjectFile(dir, 'seeds/orders_seed.csv', 'id,amount,status\n1,10,placed\n2,20,shipped\n3,-5,placed\n');
    writeProjectFile(dir, 'models/order_totals.sql', `{{ config(materialized='table') }}
select
    status,
    sum(amount) * {{ var('multiplier') }} as total,
    '{{ env_var('REGION_TAG', 'none') }}' as region
from {{ ref('orders_seed') }}
{% if is_incremental() %}
where amount > 0
{% endif %}
group by status
`);
    writeProjectFile(dir, 'models/active_users.sql', "select user_id from {{ source('app', 'users') }} where active\n");
    writeProjectFile(dir, 'models/properties.yml', PROPERTIES);
    writeProjectFile(dir, 'tests/fixtures/three_orders.csv', 'id,amount,status\n1,1,placed\n2,2,placed\n3,3,shipped\n');
    writeProjectFile(dir, 'tests/fixtures/three_orders_expected.csv', 'status,total\nplaced,3\nshipped,3\n');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('build runs every unit test before its model, and they all pass', async () => {
    const run = await runCli(['build', '--project-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const statuses = resultStatuses(dir);
    for (const name of ['totals_from_dict', 'totals_from_csv', 'totals_from_sql', 'totals_from_fixture_files', 'totals_with_overrides']) {
      assert.equal(statuses.get(`unit_test.units.order_totals.${name}`), 'pass', name);
    }
    assert.equal(statuses.get('unit_test.units.active_users.users_from_source'), 'pass');
    // Order: every order_totals unit test finishes before the model starts.
    const lines = run.out.split('\n');
    const modelStart = lines.findIndex((l) => /START sql table model main\.order_totals/.test(l));
    const lastUnit = Math.max(...lines.map((l, i) => (/PASS order_totals::/.test(l) ? i : -1)));
    assert.ok(modelStart > lastUnit && lastUnit > 0, run.out);
    // The model itself uses the real vars and no override leaked into it.
    const [rows] = await queryDb(db(), 'select status, cast(total as integer), region from main.order_totals order by status');
    assert.deepEqual(rows, [['placed', 5, 'none'], ['shipped', 20, 'none']]);
    // Fixtures leave nothing behind in the warehouse.
    const [tables] = await queryDb(db(), "select count(*) from information_schema.tables where table_name like '%unit%'");
    assert.equal(Number(tables![0]![0]), 0);
  });

  test('test_type:unit selects only the unit tests; test runs them', async () => {
    const ls = await runCli(['ls', '-q', '--project-dir', dir, '-s', 'test_type:unit', '--output', 'name']);
    assert.equal(ls.out.split('\n').length, 6);
    const run = await runCli(['test', '--project-dir', dir, '-s', 'test_type:unit']);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    // The project's on-run-start hooks are results too (operation.*), as in dbt.
    const nodeIds = (): string[] => [...resultStatuses(dir).keys()].filter((id) => !id.startsWith('operation.'));
    assert.equal(nodeIds().length, 6);
    assert.ok(nodeIds().every((id) => id.startsWith('unit_test.')));
    const one = await runCli(['test', '--project-dir', dir, '-s', 'order_totals,test_type:unit', '--exclude', 'totals_with_overrides']);
    assert.equal(one.code, 0);
    assert.equal(nodeIds().length, 4);
  });

  test('a failing unit test prints the differing rows and skips its model in build', async () => {
    writeProjectFile(dir, 'models/failing.yml', `version: 2
unit_tests:
  - name: totals_wrong_expectation
    model: order_totals
    overrides: {macros: {is_incremental: false}}
    given:
      - input: ref('orders_seed')
        rows:
          - {id: 1, amount: 10, status: placed}
          - {id: 2, amount: 1, status: shipped}
    expect:
      rows:
        - {status: placed, total: 11}
        - {status: shipped, total: 1}
`);
    try {
      await queryDb(db(), "update main.order_totals set region = 'previous build'");
      const run = await runCli(['build', '--project-dir', dir, '-s', 'order_totals']);
      assert.equal(run.code, 1, `${run.out}\n${run.err}`);
      assert.match(run.out, /FAIL 1 order_totals::totals_wrong_expectation/);
      assert.match(run.out, /Failure in unit_test totals_wrong_expectation \(models\/failing\.yml\)/);
      // dbt's daff table: the changed cell as expected→actual, a matching row beside it as context.
      assert.match(run.out, /actual differs from expected:\n\n@@,status ,total\r\n→ ,placed ,11→10\r\n {2},shipped,1\r\n/);
      assert.match(run.out, /SKIP relation main\.order_totals/);
      const statuses = resultStatuses(dir);
      assert.equal(statuses.get('model.units.order_totals'), 'skipped');
      assert.equal(statuses.get('unit_test.units.order_totals.totals_wrong_expectation'), 'fail');
      const [rows] = await queryDb(db(), 'select distinct region from main.order_totals');
      assert.deepEqual(rows, [['previous build']], 'the skipped model was not rebuilt');
      const rr = readArtifact<{ results: { unique_id: string; failures: number | null }[] }>(dir, 'run_results.json');
      assert.equal(rr.results.find((r) => r.unique_id.endsWith('totals_wrong_expectation'))?.failures, 1, 'one failure per failing unit test, as dbt counts');
    } finally {
      rmSync(join(dir, 'models/failing.yml'));
    }
  });

  test('a var that only the unit test overrides supply does not stop the project from loading', async () => {
    // As dbt: parsing reads a missing var as None, and the unit test renders the model with its overrides.
    writeProjectFile(dir, 'models/scaled_orders.sql', "select id, amount * {{ var('scale_factor') }} as scaled from {{ ref('orders_seed') }}\n");
    writeProjectFile(dir, 'models/scaled_orders.yml', `version: 2
unit_tests:
  - name: scaled_by_override
    model: scaled_orders
    overrides:
      vars: {scale_factor: 3}
    given:
      - input: ref('orders_seed')
        rows: [{id: 1, amount: 2, status: placed}]
    expect:
      rows: [{id: 1, scaled: 6}]
`);
    try {
      const run = await runCli(['test', '--project-dir', dir, '-s', 'scaled_by_override']);
      assert.equal(run.code, 0, `${run.out}\n${run.err}`);
      assert.equal(resultStatuses(dir).get('unit_test.units.scaled_orders.scaled_by_override'), 'pass');
    } finally {
      rmSync(join(dir, 'models/scaled_orders.sql'));
      rmSync(join(dir, 'models/scaled_orders.yml'));
    }
  });

  test('an expected column the model does not have is an error naming the columns', async () => {
    writeProjectFile(dir, 'models/bad_unit.yml', `version: 2
unit_tests:
  - name: totals_bad_column
    model: order_totals
    overrides: {macros: {is_incremental: false}}
    given:
      - input: ref('orders_seed')
        rows: [{id: 1, amount: 1, status: placed}]
    expect:
      rows: [{state: placed}]
`);
    try {
      const run = await runCli(['test', '--project-dir', dir, '-s', 'totals_bad_column']);
      assert.equal(run.code, 1);
      assert.match(run.out, /Invalid column name: 'state' in unit test fixture for expected output\./);
      assert.match(run.out, /'status', 'total', 'region'/);
    } finally {
      rmSync(join(dir, 'models/bad_unit.yml'));
    }
  });
});
