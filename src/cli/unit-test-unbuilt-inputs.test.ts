// End to end: dbt types a unit test's dict and csv rows by the input relation's columns, read
// from the warehouse. An input that is not built yet fails the unit test with dbt's "Not able to
// get columns" error (it does not guess types from the rows); an input built earlier in the same
// `build`, or by an `--empty` build as dbt documents, gives the fixture its real column types.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, queryDb, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

interface Result {
  unique_id: string;
  status: string;
  message: string | null;
}

describe('unit test inputs that are not built', () => {
  let dir = '';
  const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);
  const resultOf = (name: string): Result | undefined =>
    readArtifact<{ results: Result[] }>(dir, 'run_results.json').results.find((r) => r.unique_id.endsWith(`.${name}`));

  before(async () => {
    dir = await newProject('kiosk');
    // The fixture gives the day as text: only the input's DATE column makes year() work on it.
    writeProjectFile(dir, 'seeds/till_rolls.csv', 'sold_on,tickets\n2021-03-04,3\n');
    writeProjectFile(dir, 'models/ticket_sales.sql', "{{ config(materialized='table') }}\nselect sold_on, tickets from {{ ref('till_rolls') }}\n");
    writeProjectFile(dir, 'models/tickets_by_year.sql', "select year(sold_on) as sale_year, sum(tickets) as tickets from {{ ref('ticket_sales') }} group by 1\n");
    writeProjectFile(dir, 'models/booth_tickets.sql', "select booth_no, tickets from {{ source('till', 'booth_sales') }}\n");
    writeProjectFile(dir, 'models/unit.yml', `sources:
  - name: till
    schema: main
    tables:
      - name: booth_sales
unit_tests:
  - name: sums_tickets_per_year
    model: tickets_by_year
    given:
      - input: ref('ticket_sales')
        rows:
          - {sold_on: '2022-05-01', tickets: 2}
          - {sold_on: '2022-06-01', tickets: 5}
    expect:
      rows:
        - {sale_year: 2022, tickets: 7}
  - name: reads_booth_sales
    model: booth_tickets
    given:
      - input: source('till', 'booth_sales')
        format: csv
        rows: |
          booth_no,tickets
          7,1
    expect:
      rows:
        - {booth_no: 7, tickets: 1}
`);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('a ref input not yet built fails the unit test with dbt\'s error, naming the way to build it', async () => {
    const run = await cli('test', '--select', 'test_name:sums_tickets_per_year');
    assert.equal(run.code, 1, `${run.out}\n${run.err}`);
    const result = resultOf('sums_tickets_per_year');
    assert.equal(result?.status, 'error');
    assert.equal(result?.message?.split('\n').slice(0, 2).join('\n'),
      'Compilation Error in model ticket_sales (models/unit.yml)\n' +
      `  Not able to get columns for unit test 'ticket_sales' from relation "kiosk"."main"."ticket_sales" because the relation doesn't exist`);
    assert.match(result?.message ?? '', /build --select \+tickets_by_year --exclude tickets_by_year --empty/);
  });

  test('a source input whose table does not exist fails the same way', async () => {
    assert.equal((await cli('test', '--select', 'test_name:reads_booth_sales')).code, 1);
    const result = resultOf('reads_booth_sales');
    assert.equal(result?.status, 'error');
    assert.match(result?.message ?? '', /^Compilation Error in model booth_sales \(models\/unit\.yml\)\n {2}Not able to get columns for unit test 'booth_sales' from relation "kiosk"\."main"\."booth_sales" because the relation doesn't exist/);
    await queryDb(join(dir, 'kiosk.duckdb'), 'create table main.booth_sales (booth_no integer, tickets integer)');
    assert.equal((await cli('test', '--select', 'test_name:reads_booth_sales')).code, 0);
  });

  test('an --empty build of the inputs gives the fixture rows their column types', async () => {
    const empty = await cli('build', '--select', '+tickets_by_year', '--exclude', 'tickets_by_year', '--empty');
    assert.equal(empty.code, 0, `${empty.out}\n${empty.err}`);
    const [rows] = await queryDb(join(dir, 'kiosk.duckdb'), 'select count(*) from main.ticket_sales');
    assert.equal(Number(rows[0]?.[0]), 0);
    const run = await cli('test', '--select', 'test_name:sums_tickets_per_year');
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    assert.equal(resultOf('sums_tickets_per_year')?.status, 'pass');
  });

  test('in a build, an input built before the unit test gives it its columns', async () => {
    await queryDb(join(dir, 'kiosk.duckdb'), 'drop table main.ticket_sales');
    const run = await cli('build', '--select', '+tickets_by_year');
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    assert.equal(resultOf('sums_tickets_per_year')?.status, 'pass', resultOf('sums_tickets_per_year')?.message ?? '');
  });
});
