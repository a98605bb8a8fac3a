// Sources read from files in the forms dbt-duckdb projects write their external_location:
// through source() in a real CLI run, each must give the rows of its files (or, for a file
// only a Python plugin reads, the quoted path and a warning).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
  - name: excel_source
    meta:
      plugin: excel
    tables:
      - name: budget
        meta:
          external_location: "data/budget.xlsx"
`;

describe('file sources in the forms projects write', () => {
  let p: ScenarioProject;
  before(async () => {
    p = await scenarioProject({
      'models/sources.yml': SOURCES,
      'models/passengers.sql': "{{ config(materialized='table') }}\nselect * from {{ source('titanic_src', 'titanic_tbl') }}",
      'models/budget.sql': "select * from {{ source('excel_source', 'budget') }}",
      'data/passengers.csv': csv('id,survived', [1, 0], [2, 1], [3, 1]),
    });
  });
  after(async () => {
    await p.dispose();
  });

  test('a subquery location goes into the FROM clause as written', async () => {
    await p.ok('run', '--select', 'passengers');
    assert.deepEqual(await p.rows('select count(*), sum(survived) from passengers'), [[3, 2]]);
  });

  test("a plugin source with a file location warns that the plugin is not run and reads the file by its extension", async () => {
    const run = await p.ok('compile', '--select', 'budget');
    assert.match(run.out + run.err, /sources\.yml:\d+: Source table 'excel_source\.budget' is loaded by the dbt-duckdb plugin 'excel'.*data\/budget\.xlsx is read with DuckDB's own readers instead/);
    assert.match(readFileSync(join(p.dir, 'target/compiled/scenario/models/budget.sql'), 'utf8'), /from '[^']*\/data\/budget\.xlsx'$/mu);
  });
});
