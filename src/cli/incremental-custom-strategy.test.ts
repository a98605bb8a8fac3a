// End to end: dbt's custom incremental strategies. A model's `incremental_strategy='<name>'`
// runs the SQL the project's macro `get_incremental_<name>_sql(arg_dict)` returns, and a project
// macro named after a built-in strategy replaces it; on a real DuckDB file, over two runs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDb, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

const PROJECT = {
  'dbt_project.yml': `name: till_rolls
version: '1.0.0'
config-version: 2
profile: till_rolls
model-paths: ["models"]
macro-paths: ["macros"]
`,
  'profiles.yml': `till_rolls:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: till.duckdb
      schema: main
      threads: 1
`,
  // Replace whole days: delete the target's rows of every day the new rows hold, then insert them.
  // (A strategy name of dbt's own that dbt-duckdb does not offer, such as insert_overwrite, is refused before any macro is looked up.)
  'macros/replace_days.sql': `{% macro get_incremental_replace_days_sql(arg_dict) %}
  {%- set cols = arg_dict['dest_columns'] | map(attribute='name') | join(', ') -%}
  delete from {{ arg_dict['target_relation'] }}
  where sale_day in (select distinct sale_day from {{ arg_dict.temp_relation }});
  insert into {{ arg_dict['target_relation'] }} ({{ cols }})
  select {{ cols }} from {{ arg_dict['temp_relation'] }}
{% endmacro %}
`,
  // The project's own append, through a helper as dbt's docs show it: refunds (negative amounts) are never appended.
  'macros/append.sql': `{% macro get_incremental_append_sql(arg_dict) %}
  {% do return(append_takings(arg_dict["target_relation"], arg_dict["temp_relation"], arg_dict["unique_key"], arg_dict["dest_columns"], arg_dict["incremental_predicates"])) %}
{% endmacro %}

{% macro append_takings(target_relation, temp_relation, unique_key, dest_columns, incremental_predicates) %}
  {%- set dest_cols_csv = get_quoted_csv(dest_columns | map(attribute="name")) -%}
  insert into {{ target_relation }} ({{ dest_cols_csv }})
  select {{ dest_cols_csv }} from {{ temp_relation }} where amount >= 0
{% endmacro %}
`,
  // Upsert by the unique_key, limited by the predicates: shows what arg_dict carries.
  'macros/keyed_upsert.sql': `{% macro get_incremental_keyed_upsert_sql(arg_dict) %}
  {%- set key = arg_dict['unique_key'] -%}
  {%- set cols = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
  delete from {{ arg_dict['target_relation'] }} as DBT_INTERNAL_DEST
  where {{ key }} in (select {{ key }} from {{ arg_dict['temp_relation'] }})
  {%- for p in arg_dict['incremental_predicates'] or [] %} and {{ p }}{% endfor %};
  insert into {{ arg_dict['target_relation'] }} ({{ cols }}) select {{ cols }} from {{ arg_dict['temp_relation'] }}
{% endmacro %}
`,
  // Reads the staged rows itself (run_query on temp_relation), which exist on the run's own connection only.
  'macros/counted_append.sql': `{% macro get_incremental_counted_append_sql(arg_dict) %}
  {%- set staged = run_query('select count(*) from ' ~ arg_dict['temp_relation']).columns[0].values()[0] -%}
  insert into {{ arg_dict['target_relation'] }} (receipt, amount, batch_rows)
  select receipt, amount, {{ staged }} from {{ arg_dict['temp_relation'] }}
{% endmacro %}
`,
  'models/till_batches.sql': `{{ config(materialized='incremental', incremental_strategy='counted_append') }}
select receipt, amount, 0 as batch_rows from main.till_float
{% if is_incremental() %}where receipt > (select max(receipt) from {{ this }}){% endif %}
`,
  'models/daily_takings.sql': `{{ config(materialized='incremental', incremental_strategy='replace_days') }}
select sale_day, till, amount from main.till_rolls
{% if is_incremental() %}where sale_day >= (select max(sale_day) from {{ this }}){% endif %}
`,
  'models/till_ledger.sql': `{{ config(materialized='incremental', incremental_strategy='append') }}
select receipt, amount from main.till_receipts
{% if is_incremental() %}where receipt > (select max(receipt) from {{ this }}){% endif %}
`,
  'models/till_ledger_default.sql': `{{ config(materialized='incremental') }}
select receipt, amount from main.till_receipts
{% if is_incremental() %}where receipt > (select max(receipt) from {{ this }}){% endif %}
`,
  'models/till_totals.sql': `{{ config(materialized='incremental', incremental_strategy='keyed_upsert', unique_key='till',
    incremental_predicates=["DBT_INTERNAL_DEST.till < 3"], on_schema_change='append_new_columns') }}
select till, sum(amount) as total {% if is_incremental() %}, count(*) as sales{% endif %}
from main.till_rolls group by till
`,
  'models/till_mystery.sql': `{{ config(materialized='incremental', incremental_strategy='shuffle_tills') }}
select 1 as till
`,
};

describe('custom incremental strategies', () => {
  let dir = '';
  const db = (): string => join(dir, 'till.duckdb');
  const run = (...select: string[]) => runCli(['run', '--project-dir', dir, '--profiles-dir', dir, '--select', ...select]);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-custom-strategy-'));
    for (const [path, text] of Object.entries(PROJECT)) writeProjectFile(dir, path, text);
    await queryDb(
      db(),
      `create table main.till_rolls as select * from (values
        (date '2024-03-01', 1, 10), (date '2024-03-01', 2, 20), (date '2024-03-02', 1, 5)) as t(sale_day, till, amount)`,
      `create table main.till_receipts as select * from (values (1, 7), (2, 9)) as t(receipt, amount)`,
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("a project's get_incremental_replace_days_sql replaces the days the new rows hold", async () => {
    const first = await run('daily_takings');
    assert.equal(first.code, 0, `${first.out}\n${first.err}`);
    // The source is restated: 03-02 revised, 03-03 added, and 03-01 changed but not re-read by the filter.
    await queryDb(
      db(),
      'delete from main.till_rolls',
      `insert into main.till_rolls values
        (date '2024-03-01', 1, 999), (date '2024-03-02', 1, 6), (date '2024-03-02', 2, 8), (date '2024-03-03', 3, 4)`,
    );
    const second = await run('daily_takings');
    assert.equal(second.code, 0, `${second.out}\n${second.err}`);
    const [rows, leftovers] = await queryDb(
      db(),
      "select strftime(sale_day, '%Y-%m-%d'), till, amount from main.daily_takings order by 1, 2",
      "select table_name from information_schema.tables where table_name like 'daily_takings%' order by 1",
    );
    assert.deepEqual(rows, [
      ['2024-03-01', 1, 10],
      ['2024-03-01', 2, 20],
      ['2024-03-02', 1, 6],
      ['2024-03-02', 2, 8],
      ['2024-03-03', 3, 4],
    ]);
    assert.deepEqual(leftovers, [['daily_takings']], 'the staged rows are not left behind');
    const results = readArtifact<{ results: { unique_id: string; status: string; adapter_response: { rows_affected?: number } }[] }>(dir, 'run_results.json');
    const result = results.results.find((r) => r.unique_id === 'model.till_rolls.daily_takings');
    assert.equal(result?.status, 'success');
    assert.equal(result?.adapter_response.rows_affected, 3, 'the insert of the three rows of 03-02 and 03-03');
  });

  test("a project's get_incremental_append_sql is used instead of the built-in append", async () => {
    // till_ledger_default sets no strategy: dbt's default strategy appends through the same macro.
    const first = await run('till_ledger', 'till_ledger_default');
    assert.equal(first.code, 0, `${first.out}\n${first.err}`);
    await queryDb(db(), 'insert into main.till_receipts values (3, -9), (4, 12)');
    const second = await run('till_ledger', 'till_ledger_default');
    assert.equal(second.code, 0, `${second.out}\n${second.err}`);
    const [rows, defaulted] = await queryDb(
      db(),
      'select receipt, amount from main.till_ledger order by receipt',
      'select receipt, amount from main.till_ledger_default order by receipt',
    );
    const expected = [
      [1, 7],
      [2, 9],
      [4, 12],
    ];
    assert.deepEqual(rows, expected);
    assert.deepEqual(defaulted, expected);
  });

  test('arg_dict carries the unique_key, the predicates and the columns reconciled per on_schema_change', async () => {
    await queryDb(db(), 'delete from main.till_rolls', "insert into main.till_rolls values (date '2024-04-01', 1, 10), (date '2024-04-01', 3, 30)");
    const first = await run('till_totals');
    assert.equal(first.code, 0, `${first.out}\n${first.err}`);
    await queryDb(db(), "insert into main.till_rolls values (date '2024-04-02', 1, 5), (date '2024-04-02', 3, 7)");
    const second = await run('till_totals');
    assert.equal(second.code, 0, `${second.out}\n${second.err}`);
    const [rows] = await queryDb(db(), 'select till, total, sales from main.till_totals order by till, total');
    // Till 1's old row is replaced; till 3's is kept (the predicate spares it), so it appears twice.
    assert.deepEqual(rows, [
      [1, 15, 2],
      [3, 30, null],
      [3, 37, 2],
    ]);
  });

  test('the strategy macro can query the staged rows with run_query', async () => {
    await queryDb(db(), 'create table main.till_float as select * from (values (1, 5), (2, 6)) as t(receipt, amount)');
    const first = await run('till_batches');
    assert.equal(first.code, 0, `${first.out}\n${first.err}`);
    await queryDb(db(), 'insert into main.till_float values (3, 7), (4, 8)');
    const second = await run('till_batches');
    assert.equal(second.code, 0, `${second.out}\n${second.err}`);
    const [rows] = await queryDb(db(), 'select receipt, amount, batch_rows from main.till_batches order by receipt');
    assert.deepEqual(rows, [
      [1, 5, 0],
      [2, 6, 0],
      [3, 7, 2],
      [4, 8, 2],
    ]);
  });

  test('a strategy no macro defines fails with dbt\'s runtime error once the model builds incrementally; its first build never looks it up', async () => {
    const first = await run('till_mystery');
    assert.equal(first.code, 0, `${first.out}\n${first.err}`);
    const failed = await run('till_mystery');
    assert.equal(failed.code, 1);
    const results = readArtifact<{ results: { unique_id: string; status: string; message: string }[] }>(dir, 'run_results.json');
    const result = results.results.find((r) => r.unique_id === 'model.till_rolls.till_mystery');
    assert.equal(result?.status, 'error');
    assert.equal(
      result?.message,
      'Runtime Error in model till_mystery (models/till_mystery.sql)\n  dbt could not find an incremental strategy macro with the name "get_incremental_shuffle_tills_sql" in till_rolls',
    );
  });
});
