// End to end: a project's own incremental strategy macro may hand its arg_dict on to one of
// dbt's built-in strategy macros (get_incremental_merge_sql, get_incremental_delete_insert_sql,
// get_incremental_append_sql, get_incremental_default_sql), which dbt's global project defines;
// on a real DuckDB file, over two runs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDb, runCli, writeProjectFile } from './test-helpers.js';

const relay = (name: string, builtin: string) => `{% macro get_incremental_${name}_sql(arg_dict) %}
  {{ return(${builtin}(arg_dict)) }}
{% endmacro %}
`;

const PROJECT = {
  'dbt_project.yml': `name: parcel_depot
version: '1.0.0'
config-version: 2
profile: parcel_depot
model-paths: ["models"]
macro-paths: ["macros"]
`,
  'profiles.yml': `parcel_depot:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: depot.duckdb
      schema: main
      threads: 1
`,
  'macros/relay_merge.sql': relay('relay_merge', 'get_incremental_merge_sql'),
  'macros/relay_delete_insert.sql': relay('relay_delete_insert', 'get_incremental_delete_insert_sql'),
  'macros/relay_append.sql': relay('relay_append', 'get_incremental_append_sql'),
  'macros/relay_default.sql': relay('relay_default', 'get_incremental_default_sql'),
  // first_seen is kept from the first run on a matched parcel: merge_exclude_columns.
  'models/parcel_merged.sql': `{{ config(materialized='incremental', incremental_strategy='relay_merge', unique_key='parcel',
    merge_exclude_columns=['first_seen']) }}
select parcel, depot, weight, {{ var('run_no') }} as first_seen from main.parcels
`,
  'models/parcel_replaced.sql': `{{ config(materialized='incremental', incremental_strategy='relay_delete_insert', unique_key=['parcel']) }}
select parcel, depot, weight from main.parcels
`,
  'models/parcel_log.sql': `{{ config(materialized='incremental', incremental_strategy='relay_append') }}
select parcel, depot, weight from main.parcels
{% if is_incremental() %}where parcel > (select max(parcel) from {{ this }}){% endif %}
`,
  'models/parcel_latest.sql': `{{ config(materialized='incremental', incremental_strategy='relay_default', unique_key='parcel') }}
select parcel, depot, weight from main.parcels
`,
};

describe("a project's strategy macro that calls dbt's built-in strategy macros", () => {
  let dir = '';
  const db = (): string => join(dir, 'depot.duckdb');
  const run = (runNo: number) => runCli(['run', '--project-dir', dir, '--profiles-dir', dir, '--vars', `{run_no: ${runNo}}`]);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-builtin-strategy-'));
    for (const [path, text] of Object.entries(PROJECT)) writeProjectFile(dir, path, text);
    await queryDb(db(), `create table main.parcels as select * from (values (1, 'A', 10), (2, 'B', 20)) as t(parcel, depot, weight)`);
    const first = await run(1);
    assert.equal(first.code, 0, `${first.out}\n${first.err}`);
    // Parcel 2 moves depot and is reweighed; parcel 3 arrives.
    await queryDb(db(), 'delete from main.parcels', `insert into main.parcels values (1, 'A', 10), (2, 'C', 25), (3, 'A', 5)`);
    const second = await run(2);
    assert.equal(second.code, 0, `${second.out}\n${second.err}`);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('get_incremental_merge_sql upserts by the unique_key and leaves merge_exclude_columns alone', async () => {
    const [rows] = await queryDb(db(), 'select parcel, depot, weight, first_seen from main.parcel_merged order by parcel');
    assert.deepEqual(rows, [
      [1, 'A', 10, 1],
      [2, 'C', 25, 1],
      [3, 'A', 5, 2],
    ]);
  });

  test('get_incremental_delete_insert_sql replaces the rows of the staged keys', async () => {
    const [rows] = await queryDb(db(), 'select parcel, depot, weight from main.parcel_replaced order by parcel');
    assert.deepEqual(rows, [
      [1, 'A', 10],
      [2, 'C', 25],
      [3, 'A', 5],
    ]);
  });

  test('get_incremental_append_sql inserts the staged rows only', async () => {
    const [rows] = await queryDb(db(), 'select parcel, depot, weight from main.parcel_log order by parcel');
    assert.deepEqual(rows, [
      [1, 'A', 10],
      [2, 'B', 20],
      [3, 'A', 5],
    ]);
  });

  test('get_incremental_default_sql deletes and inserts when the model has a unique_key', async () => {
    const [rows] = await queryDb(db(), 'select parcel, depot, weight from main.parcel_latest order by parcel');
    assert.deepEqual(rows, [
      [1, 'A', 10],
      [2, 'C', 25],
      [3, 'A', 5],
    ]);
  });
});
