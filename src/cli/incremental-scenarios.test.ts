// Incremental models built through the CLI several times over CSV sources that change between runs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { csv, scenarioProject, type ScenarioProject } from './incremental-scenario-kit.js';
import { readArtifact } from './test-helpers.js';

const SOURCES = `version: 2
sources:
  - name: raw
    tables:
      - name: events
        meta:
          external_location: 'data/events.csv'
      - name: wide
        config:
          external_location: 'data/{name}.csv'
`;

const inc = (config: string, sql: string) => `{{ config(materialized='incremental', ${config}) }}\n${sql}\n`;
const AFTER_MAX_ID = "select * from {{ source('raw', 'events') }}\n{% if is_incremental() %} where id > (select max(id) from {{ this }}) {% endif %}";
const DAILY =
  "select day, user_id, sum(amount) as total from {{ source('raw', 'events') }}\n" +
  '{% if is_incremental() %} where day >= (select max(day) from {{ this }}) {% endif %}\ngroup by all';
const WIDE = "select * from {{ source('raw', 'wide') }}\n{% if is_incremental() %} where id > (select max(id) from {{ this }}) {% endif %}";

describe('incremental models over changing input files', () => {
  let p: ScenarioProject;
  before(async () => {
    p = await scenarioProject({
      'models/sources.yml': SOURCES,
      'models/inc_append.sql': inc("incremental_strategy='append'", AFTER_MAX_ID),
      'models/inc_merge.sql': inc("incremental_strategy='merge', unique_key='id'", "select * from {{ source('raw', 'events') }}"),
      'models/inc_di_composite.sql': inc("incremental_strategy='delete+insert', unique_key=['day', 'user_id']", DAILY),
      'models/inc_merge_composite.sql': inc("incremental_strategy='merge', unique_key=['day', 'user_id']", DAILY),
      'models/osc_fail.sql': inc("on_schema_change='fail'", WIDE),
      'models/osc_append.sql': inc("on_schema_change='append_new_columns'", WIDE),
      'models/osc_sync.sql': inc("on_schema_change='sync_all_columns'", WIDE),
      'data/events.csv': csv('id,user_id,day,amount', [1, 'u1', '2024-01-01', 10], [2, 'u2', '2024-01-01', 20]),
      'data/wide.csv': csv('id,a', [1, 'x']),
    });
  });
  after(async () => {
    await p.dispose();
  });

  const table = (name: string, order: string) => p.rows(`select * from main.${name} order by ${order}`);
  const daily = (name: string) => p.rows(`select strftime(day, '%Y-%m-%d'), user_id, total::int from main.${name} order by day, user_id`);
  const events = (name: string) => p.rows(`select id, user_id, amount::int from main.${name} order by id, amount`);

  test('first build creates every model from the full input', async () => {
    await p.ok('build');
    assert.deepEqual(await events('inc_append'), [
      [1, 'u1', 10],
      [2, 'u2', 20],
    ]);
    assert.deepEqual(await daily('inc_di_composite'), [
      ['2024-01-01', 'u1', 10],
      ['2024-01-01', 'u2', 20],
    ]);
    assert.deepEqual(await table('osc_sync', 'id'), [[1, 'x']]);
  });

  test('an incremental run applies each strategy with single and composite keys', async () => {
    // id 2 is corrected (20 -> 25) and id 3 arrives on a new day.
    p.write('data/events.csv', csv('id,user_id,day,amount', [1, 'u1', '2024-01-01', 10], [2, 'u2', '2024-01-01', 25], [3, 'u1', '2024-01-02', 30]));
    // The wide source loses column a and gains b.
    p.write('data/wide.csv', csv('id,b', [1, 'p'], [2, 'q']));
    const run = await p.run('run');
    assert.equal(run.code, 1, 'osc_fail fails the run');
    // append: only rows past the max id, the corrected id 2 is not re-read.
    assert.deepEqual(await events('inc_append'), [
      [1, 'u1', 10],
      [2, 'u2', 20],
      [3, 'u1', 30],
    ]);
    // merge on id: id 2 updated in place, id 3 inserted.
    assert.deepEqual(await events('inc_merge'), [
      [1, 'u1', 10],
      [2, 'u2', 25],
      [3, 'u1', 30],
    ]);
    const expected = [
      ['2024-01-01', 'u1', 10],
      ['2024-01-01', 'u2', 25],
      ['2024-01-02', 'u1', 30],
    ];
    assert.deepEqual(await daily('inc_di_composite'), expected);
    assert.deepEqual(await daily('inc_merge_composite'), expected);
    // on_schema_change
    const text = `${run.out}\n${run.err}`;
    // dbt's process_schema_changes wording, which tools look for in run_results.json's message.
    assert.match(text, /Compilation Error in model osc_fail \(models\/osc_fail\.sql\)\n {2}\n {16}The source and target schemas on this incremental model are out of sync!/);
    // then the macros dbt's report lists: the one that raised it and the materialization, down to the model
    assert.match(text, /\n {12}\n {2}\n {2}> in macro process_schema_changes \(macros\/materializations\/models\/incremental\/on_schema_change\.sql\)\n {2}> called by macro materialization_incremental_duckdb \(macros\/materializations\/incremental\.sql\)\n {2}> called by model osc_fail \(models\/osc_fail\.sql\)/);
    assert.match(text, /Source columns not in target: \[DuckDBColumn\(column='b', dtype='VARCHAR', char_size=None, numeric_precision=None, numeric_scale=None, fields=\[\]\)\]/);
    assert.match(text, /Target columns not in source: \[DuckDBColumn\(column='a', dtype='VARCHAR', char_size=None, numeric_precision=None, numeric_scale=None, fields=\[\]\)\]/);
    assert.match(text, /New column types: \[\]/);
    const failed = readArtifact<{ results: { unique_id: string; message: string }[] }>(p.dir, 'run_results.json').results.find((r) => r.unique_id === 'model.scenario.osc_fail');
    assert.match(failed?.message ?? '', /The source and target schemas on this incremental model are out of sync!/);
    assert.deepEqual(await table('osc_fail', 'id'), [[1, 'x']], 'a failed model keeps its table');
    assert.deepEqual(await p.rows("select column_name from information_schema.columns where table_name = 'osc_append' order by ordinal_position"), [['id'], ['a'], ['b']]);
    assert.deepEqual(await table('osc_append', 'id'), [
      [1, 'x', null],
      [2, null, 'q'],
    ]);
    assert.deepEqual(await p.rows("select column_name from information_schema.columns where table_name = 'osc_sync' order by ordinal_position"), [['id'], ['b']]);
    assert.deepEqual(await table('osc_sync', 'id'), [
      [1, null],
      [2, 'q'],
    ]);
  });

  test('running again on the same input changes nothing', async () => {
    const models = ['inc_merge', 'inc_di_composite', 'inc_merge_composite', 'osc_append', 'osc_sync'];
    const before: unknown[] = [];
    for (const m of models) before.push(await p.rows(`select * from main.${m} order by all`));
    await p.ok('run', '--select', ...models);
    const afterRows: unknown[] = [];
    for (const m of models) afterRows.push(await p.rows(`select * from main.${m} order by all`));
    assert.deepEqual(afterRows, before);
  });

  test('--full-refresh rebuilds from scratch, and the full_refresh config can refuse it', async () => {
    p.write('models/inc_append.sql', `{{ config(full_refresh=false) }}\n${inc("incremental_strategy='append'", AFTER_MAX_ID)}`);
    await p.ok('run', '--full-refresh', '--select', 'osc_fail', 'inc_merge', 'inc_append');
    assert.deepEqual(await table('osc_fail', 'id'), [
      [1, 'p'],
      [2, 'q'],
    ]);
    assert.deepEqual(await events('inc_merge'), [
      [1, 'u1', 10],
      [2, 'u2', 25],
      [3, 'u1', 30],
    ]);
    // full_refresh=false: still incremental, nothing new past id 3, the old id 2 row kept.
    assert.deepEqual(await events('inc_append'), [
      [1, 'u1', 10],
      [2, 'u2', 20],
      [3, 'u1', 30],
    ]);
    const results = readArtifact<{ results: { unique_id: string; status: string }[] }>(p.dir, 'run_results.json').results;
    assert.equal(results.length, 3);
  });
});
