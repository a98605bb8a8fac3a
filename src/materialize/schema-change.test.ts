import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CompiledNode } from '../project/types.js';
import { isReelhouseError } from '../core/diagnostic.js';
import { materializeNode } from './materialize-node.js';
import { makeContext, makeNode, openTestWarehouse, type TestWarehouse } from './test-fixtures.js';

describe('on_schema_change', () => {
  let wh: TestWarehouse;
  before(async () => {
    wh = await openTestWarehouse();
  });
  after(async () => {
    await wh.dispose();
  });

  const v1 = 'select 1 as id, 10 as amount, \'a\' as old_col';
  const v2 = "select 2 as id, 20.75::double as amount, 'x' as new_col";
  const model = async (name: string, mode: string | undefined): Promise<CompiledNode> => {
    const node = makeNode(wh.database, {
      name,
      compiled_code: v1,
      config: { materialized: 'incremental', unique_key: 'id', ...(mode ? { on_schema_change: mode } : {}) },
    });
    const first = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(first.status, 'success', first.message);
    node.compiled_code = v2;
    return node;
  };
  const columns = async (name: string) =>
    (await wh.rows(`select column_name, data_type from information_schema.columns where table_name = '${name}' order by ordinal_position`)).map(
      (r) => `${String(r['column_name'])} ${String(r['data_type'])}`,
    );

  it('ignore: the insert still names the column the model stopped returning, DuckDB refuses it, and the table is kept', async () => {
    const node = await model('osc_ignore', undefined);
    const result = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(result.status, 'error');
    // As in dbt: the target's columns go to the strategy unchanged, and the warehouse's error is the one reported.
    assert.match(result.message, /^Binder Error: [^\n]*"old_col"/u);
    assert.deepEqual(await wh.rows('select * from main.osc_ignore'), [{ id: 1, amount: 10, old_col: 'a' }]);
  });

  it('ignore: writes only the target\'s columns when the model adds one', async () => {
    const node = makeNode(wh.database, { name: 'osc_ignore_add', compiled_code: 'select 1 as id', config: { materialized: 'incremental' } });
    await materializeNode(makeContext(wh.adapter, node));
    node.compiled_code = "select 2 as id, 'new' as extra";
    const result = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(result.status, 'success', result.message);
    assert.deepEqual(await columns('osc_ignore_add'), ['id INTEGER']);
    assert.deepEqual(await wh.rows('select * from main.osc_ignore_add order by id'), [{ id: 1 }, { id: 2 }]);
  });

  it('fail: a compiler error (as dbt raises it) naming every added, removed and retyped column', async () => {
    const node = await model('osc_fail', 'fail');
    const error = await materializeNode(makeContext(wh.adapter, node)).then(() => assert.fail('expected the build to throw'), (e: unknown) => e);
    assert.ok(isReelhouseError(error), String(error));
    assert.equal(error.diagnostic.code, 'compiler-error');
    const message = error.diagnostic.message;
    // dbt's words, with the columns as dbt-duckdb prints them.
    // As dbt's {% set %} block keeps it: a leading line break, lines indented as in the template.
    assert.match(message, /^\n {14}The source and target schemas on this incremental model are out of sync!\n {14}They can be reconciled/u);
    assert.match(message, /\n {16}- update the schema manually and re-run the process\.\n\n {14}Additional troubleshooting context:\n/u);
    assert.match(message, /\n {17}New column types: [^\n]*\n {10}$/u);
    assert.deepEqual(error.diagnostic.macroStack?.map((f) => `${f.name} (${f.path})`), [
      'process_schema_changes (macros/materializations/models/incremental/on_schema_change.sql)',
      'materialization_incremental_duckdb (macros/materializations/incremental.sql)',
    ]);
    assert.match(message, /Source columns not in target: \[DuckDBColumn\(column='new_col', dtype='VARCHAR'/u);
    assert.match(message, /Target columns not in source: \[DuckDBColumn\(column='old_col', dtype='VARCHAR'/u);
    assert.match(message, /New column types: \[\{'column_name': 'amount', 'new_type': 'DOUBLE'\}\]/u);
    assert.deepEqual(await columns('osc_fail'), ['id INTEGER', 'amount INTEGER', 'old_col VARCHAR']);
  });

  it('append_new_columns: adds new columns and keeps removed ones, NULL in new rows', async () => {
    const node = await model('osc_append', 'append_new_columns');
    const result = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(result.status, 'success', result.message);
    assert.deepEqual(await columns('osc_append'), ['id INTEGER', 'amount INTEGER', 'old_col VARCHAR', 'new_col VARCHAR']);
    assert.deepEqual(await wh.rows('select * from main.osc_append order by id'), [
      { id: 1, amount: 10, old_col: 'a', new_col: null },
      { id: 2, amount: 21, old_col: null, new_col: 'x' },
    ]);
  });

  it('sync_all_columns: adds, drops and retypes columns to match the model', async () => {
    const node = await model('osc_sync', 'sync_all_columns');
    const result = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(result.status, 'success', result.message);
    assert.deepEqual(await columns('osc_sync'), ['id INTEGER', 'amount DOUBLE', 'new_col VARCHAR']);
    assert.deepEqual(await wh.rows('select * from main.osc_sync order by id'), [
      { id: 1, amount: 10, new_col: null },
      { id: 2, amount: 20.75, new_col: 'x' },
    ]);
  });
});
