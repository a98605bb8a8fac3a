// Sources read from files in the forms dbt-duckdb projects write their external_location:
// through source() in a real CLI run, each must give the rows of its files.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { csv, scenarioProject, type ScenarioProject } from './incremental-scenario-kit.js';

const SOURCES = `version: 2
sources:
  - name: titanic_src
    meta:
      external_location: '(select * from read_csv("data/passengers.csv") )'
      formatter: oldstyle
    tables:
      - name: titanic_tbl
`;

describe('file sources in the forms projects write', () => {
  let p: ScenarioProject;
  before(async () => {
    p = await scenarioProject({
      'models/sources.yml': SOURCES,
      'models/passengers.sql': "{{ config(materialized='table') }}\nselect * from {{ source('titanic_src', 'titanic_tbl') }}",
      'data/passengers.csv': csv('id,survived', [1, 0], [2, 1], [3, 1]),
    });
  });
  after(async () => {
    await p.dispose();
  });

  test('a subquery location goes into the FROM clause as written', async () => {
    await p.ok('run');
    assert.deepEqual(await p.rows('select count(*), sum(survived) from passengers'), [[3, 2]]);
  });
});
