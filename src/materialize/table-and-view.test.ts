import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isExecutable, materializeNode } from './materialize-node.js';
import { makeContext, makeNode, openTestWarehouse, type TestWarehouse } from './test-fixtures.js';

describe('table and view materializations', () => {
  let wh: TestWarehouse;
  before(async () => {
    wh = await openTestWarehouse();
  });
  after(async () => {
    await wh.dispose();
  });

  const relationType = async (schema: string, name: string) =>
    (await wh.rows(`select table_type from information_schema.tables where table_schema = '${schema}' and table_name = '${name}'`))[0]?.['table_type'];

  it('builds a table, rebuilds it with new contents and leaves no staging relation', async () => {
    const node = makeNode(wh.database, { name: 'orders', compiled_code: 'select 1 as id, 10 as amount', config: { materialized: 'table' } });
    const first = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(first.status, 'success', first.message);
    assert.equal(first.message, 'OK');
    assert.deepEqual(first.relation, { database: wh.database, schema: 'main', identifier: 'orders', type: 'table' });
    assert.deepEqual(await wh.rows('select * from main.orders'), [{ id: 1, amount: 10 }]);

    node.compiled_code = 'select 2 as id, 20 as amount, \'x\' as note union all select 3, 30, \'y\'\n-- trailing comment;';
    const second = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(second.status, 'success', second.message);
    assert.deepEqual(await wh.rows('select * from main.orders order by id'), [
      { id: 2, amount: 20, note: 'x' },
      { id: 3, amount: 30, note: 'y' },
    ]);
    assert.equal(await relationType('main', 'orders__dbt_tmp'), undefined);
    assert.ok(second.executedSql.some((s) => /^\s*create\s+table\s+"/u.test(s) && s.includes('"orders__dbt_tmp"')));
    assert.equal(await relationType('main', 'orders'), 'BASE TABLE');
  });

  it('returns the database error and keeps the previous table when the build fails', async () => {
    const node = makeNode(wh.database, { name: 'kept', compiled_code: 'select 7 as v', config: { materialized: 'table' } });
    assert.equal((await materializeNode(makeContext(wh.adapter, node))).status, 'success');
    node.compiled_code = 'select v from a_table_that_does_not_exist';
    const failed = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(failed.status, 'error');
    assert.match(failed.message, /a_table_that_does_not_exist/);
    assert.equal(failed.failures, null);
    assert.deepEqual(await wh.rows('select * from main.kept'), [{ v: 7 }]);
    assert.equal(await relationType('main', 'kept__dbt_tmp'), undefined);
  });

  it('drops a staging table a killed run left behind before building', async () => {
    await wh.adapter.execute('create table main.leftover__dbt_tmp as select 1 as junk');
    const node = makeNode(wh.database, { name: 'leftover', compiled_code: 'select 5 as fresh', config: { materialized: 'table' } });
    const result = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(result.status, 'success', result.message);
    assert.deepEqual(await wh.rows('select * from main.leftover'), [{ fresh: 5 }]);
    assert.equal(await relationType('main', 'leftover__dbt_tmp'), undefined);
  });

  it('builds without hooks in one transaction batch, and recovers when its schema was dropped meanwhile', async () => {
    const node = makeNode(wh.database, { name: 'batched', schema: 'batch_schema', compiled_code: 'select 1 as id', config: { materialized: 'table' } });
    const first = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(first.status, 'success', first.message);
    const statements = first.executedSql.map((s) => s.trim().split(/\s+/u).slice(0, 2).join(' '));
    assert.deepEqual(statements.slice(-4), ['drop table', 'create table', 'drop table', 'alter table']);
    await wh.adapter.execute('drop schema batch_schema cascade');
    node.compiled_code = 'select 2 as id';
    const second = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(second.status, 'success', second.message);
    assert.deepEqual(await wh.rows('select * from batch_schema.batched'), [{ id: 2 }]);
    // A failed batch must not leave a pooled connection inside an aborted transaction.
    node.compiled_code = 'select nope from nowhere_at_all';
    assert.equal((await materializeNode(makeContext(wh.adapter, node))).status, 'error');
    for (let i = 0; i < 4; i++) assert.deepEqual(await wh.rows('select 1 as ok'), [{ ok: 1 }]);
    assert.deepEqual(await wh.rows('select * from batch_schema.batched'), [{ id: 2 }]);
  });

  it('replaces a leftover staging relation of the other type', async () => {
    await wh.adapter.execute('create view main.odd__dbt_tmp as select 1 as junk');
    const node = makeNode(wh.database, { name: 'odd', compiled_code: 'select 3 as fresh', config: { materialized: 'table' } });
    const result = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(result.status, 'success', result.message);
    assert.deepEqual(await wh.rows('select * from main.odd'), [{ fresh: 3 }]);
    assert.equal(await relationType('main', 'odd__dbt_tmp'), undefined);
  });

  it("drops the __dbt_tmp and __dbt_backup relations a killed dbt build left, as dbt's table and view materializations do", async () => {
    await wh.adapter.execute('create table main.ledger__dbt_tmp as select 1 as junk');
    await wh.adapter.execute('create view main.ledger__dbt_backup as select 2 as junk');
    await wh.adapter.execute('create view main.v_ledger__dbt_tmp as select 3 as junk');
    const table = makeNode(wh.database, { name: 'ledger', compiled_code: 'select 4 as entry', config: { materialized: 'table' } });
    const view = makeNode(wh.database, { name: 'v_ledger', compiled_code: 'select 5 as entry' });
    for (const node of [table, view]) {
      const result = await materializeNode(makeContext(wh.adapter, node));
      assert.equal(result.status, 'success', result.message);
    }
    assert.deepEqual(await wh.rows('select * from main.ledger union all select * from main.v_ledger'), [{ entry: 4 }, { entry: 5 }]);
    for (const name of ['ledger__dbt_tmp', 'ledger__dbt_backup', 'v_ledger__dbt_tmp']) assert.equal(await relationType('main', name), undefined, name);
  });

  it('creates the schema, then builds and rebuilds a view', async () => {
    const node = makeNode(wh.database, { name: 'v_users', schema: 'analytics', compiled_code: 'select 1 as id' });
    const first = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(first.status, 'success', first.message);
    assert.equal(first.relation?.type, 'view');
    assert.equal(await relationType('analytics', 'v_users'), 'VIEW');
    node.compiled_code = 'select 2 as id, true as active';
    assert.equal((await materializeNode(makeContext(wh.adapter, node))).status, 'success');
    assert.deepEqual(await wh.rows('select * from analytics.v_users'), [{ id: 2, active: true }]);
  });

  it('keeps the previous view when the new definition does not bind', async () => {
    const node = makeNode(wh.database, { name: 'v_keep', compiled_code: 'select 1 as id' });
    await materializeNode(makeContext(wh.adapter, node));
    node.compiled_code = 'select missing_column from (select 1 as id)';
    const failed = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(failed.status, 'error');
    assert.match(failed.message, /missing_column/);
    assert.deepEqual(await wh.rows('select * from main.v_keep'), [{ id: 1 }]);
  });

  it('switches a model from view to table and back', async () => {
    const node = makeNode(wh.database, { name: 'switch', compiled_code: 'select 1 as n' });
    await materializeNode(makeContext(wh.adapter, node));
    assert.equal(await relationType('main', 'switch'), 'VIEW');
    node.config.materialized = 'table';
    node.compiled_code = 'select 2 as n';
    const asTable = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(asTable.status, 'success', asTable.message);
    assert.equal(await relationType('main', 'switch'), 'BASE TABLE');
    node.config.materialized = 'view';
    node.compiled_code = 'select 3 as n';
    const asView = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(asView.status, 'success', asView.message);
    assert.equal(await relationType('main', 'switch'), 'VIEW');
    assert.deepEqual(await wh.rows('select * from main.switch'), [{ n: 3 }]);
  });

  it('runs hooks in dbt order, in-transaction hooks rolled back with a failed build', async () => {
    await wh.adapter.execute('create table main.hook_log (step varchar, at_ms double)');
    const log = (step: string) => `insert into main.hook_log values ('${step}', epoch_ms(now()))`;
    const node = makeNode(wh.database, {
      name: 'hooked',
      compiled_code: 'select 1 as id',
      config: {
        materialized: 'table',
        'pre-hook': [
          { sql: log('pre-inside'), transaction: true },
          { sql: log('pre-outside'), transaction: false },
        ],
        'post-hook': [
          { sql: log('post-outside'), transaction: false },
          { sql: "{{ 'post-inside' }}", transaction: true },
        ],
      },
    });
    const rendered: string[] = [];
    const renderHook = (sql: string) => {
      rendered.push(sql);
      return sql === "{{ 'post-inside' }}" ? log('post-inside') : sql;
    };
    const ok = await materializeNode(makeContext(wh.adapter, node, { renderHook }));
    assert.equal(ok.status, 'success', ok.message);
    const steps = (await wh.rows('select step from main.hook_log order by rowid')).map((r) => r['step']);
    assert.deepEqual(steps, ['pre-outside', 'pre-inside', 'post-inside', 'post-outside']);
    assert.ok(rendered.includes("{{ 'post-inside' }}"));

    await wh.adapter.execute('delete from main.hook_log');
    node.compiled_code = 'select 1/0::int as id, nope';
    const failed = await materializeNode(makeContext(wh.adapter, node, { renderHook }));
    assert.equal(failed.status, 'error');
    const after = (await wh.rows('select step from main.hook_log order by rowid')).map((r) => r['step']);
    assert.deepEqual(after, ['pre-outside']);
  });

  it('fails the build when an in-transaction post-hook fails, keeping the old table', async () => {
    const node = makeNode(wh.database, { name: 'posty', compiled_code: 'select 1 as id', config: { materialized: 'table' } });
    await materializeNode(makeContext(wh.adapter, node));
    node.compiled_code = 'select 2 as id';
    node.config['post-hook'] = [{ sql: 'select * from no_such_log_table', transaction: true }];
    const failed = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(failed.status, 'error');
    assert.deepEqual(await wh.rows('select * from main.posty'), [{ id: 1 }]);
  });

  it('enforces a contract: declared types are used and mismatches name the columns', async () => {
    const node = makeNode(wh.database, {
      name: 'contracted',
      compiled_code: "select 1 as id, 'a' as label",
      config: { materialized: 'table', contract: { enforced: true } },
      columns: {
        id: { name: 'id', description: '', data_type: 'int', meta: {}, tags: [], constraints: [{ type: 'not_null' }] },
        label: { name: 'label', description: '', data_type: 'text', meta: {}, tags: [] },
      },
    });
    const ok = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(ok.status, 'success', ok.message);
    const cols = await wh.rows("select column_name, data_type, is_nullable from information_schema.columns where table_name = 'contracted' order by ordinal_position");
    assert.deepEqual(cols, [
      { column_name: 'id', data_type: 'INTEGER', is_nullable: 'NO' },
      { column_name: 'label', data_type: 'VARCHAR', is_nullable: 'YES' },
    ]);

    node.compiled_code = "select 'x' as id, 'a' as label, 3 as extra";
    const bad = await contractFailure(materializeNode(makeContext(wh.adapter, node)));
    assert.match(bad.message, /enforced contract/);
    assert.match(bad.message, /\| id +\| VARCHAR +\| INTEGER +\| data type mismatch/);
    assert.match(bad.message, /\| extra +\| INTEGER +\| +\| missing in contract/);
    assert.deepEqual(await wh.rows('select * from main.contracted'), [{ id: 1, label: 'a' }]);
  });

  it('compares contract types as DuckDB prints them, as dbt-duckdb compares DESCRIBE types: aliases match, other widths do not', async () => {
    const col = (name: string, data_type: string) => ({ name, description: '', data_type, meta: {}, tags: [] });
    const node = makeNode(wh.database, {
      name: 'widened',
      compiled_code: "select 4::integer + 1 as crates, '2.5'::numeric as weight, timestamptz '2024-05-01 10:00' as packed_at, ['a', 'b'] as bins",
      config: { materialized: 'table', contract: { enforced: true } },
      columns: { crates: col('crates', 'int'), weight: col('weight', 'numeric'), packed_at: col('packed_at', 'timestamptz'), bins: col('bins', 'text[]') },
    });
    const ok = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(ok.status, 'success', ok.message);
    const cols = await wh.rows("select column_name, data_type from information_schema.columns where table_name = 'widened' order by ordinal_position");
    assert.deepEqual(cols.map((c) => c['data_type']), ['INTEGER', 'DECIMAL(18,3)', 'TIMESTAMP WITH TIME ZONE', 'VARCHAR[]']);

    node.columns = { crates: col('crates', 'bigint'), weight: col('weight', 'int'), packed_at: col('packed_at', 'timestamptz'), bins: col('bins', 'text[]') };
    const bad = await contractFailure(materializeNode(makeContext(wh.adapter, node)));
    assert.match(bad.message, /\| crates +\| INTEGER +\| BIGINT +\| data type mismatch/);
    assert.match(bad.message, /\| weight +\| DECIMAL\(18,3\) +\| INTEGER +\| data type mismatch/);
    assert.doesNotMatch(bad.message, /\| (packed_at|bins) /);
  });

  it('reports a materialization neither built in nor defined in a block as an error and skips ephemeral models', async () => {
    const custom = makeNode(wh.database, { name: 'odd', compiled_code: 'select 1', config: { materialized: 'my_custom' } });
    await assert.rejects(materializeNode(makeContext(wh.adapter, custom)), (e: { diagnostic?: { code: string; message: string } }) =>
      e.diagnostic?.code === 'compiler-error' && /No materialization 'my_custom'/u.test(e.diagnostic.message));
    assert.equal(isExecutable(makeNode(wh.database, { name: 'eph', config: { materialized: 'ephemeral' } })), false);
    assert.equal(isExecutable(makeNode(wh.database, { name: 'an', resource_type: 'analysis' })), false);
    assert.equal(isExecutable(makeNode(wh.database, { name: 'tbl', config: { materialized: 'table' } })), true);
  });
  it('records the rows a table build wrote, in one batch and step by step; a view records none', async () => {
    const batched = makeNode(wh.database, { name: 'counted', compiled_code: 'select * from range(42)', config: { materialized: 'table' } });
    const first = await materializeNode(makeContext(wh.adapter, batched));
    assert.equal(first.status, 'success', first.message);
    assert.equal(first.rowsAffected, 42);
    assert.deepEqual(first.adapterResponse, { _message: 'OK', code: 'CREATE TABLE', rows_affected: 42 });

    // A hook takes the step-by-step path, where the CREATE's own count is used.
    const hooked = makeNode(wh.database, { name: 'counted_hooked', compiled_code: 'select * from range(7)', config: { materialized: 'table', 'post-hook': [{ sql: 'select 1', transaction: true }] } });
    const second = await materializeNode(makeContext(wh.adapter, hooked));
    assert.equal(second.status, 'success', second.message);
    assert.equal(second.rowsAffected, 7);
    assert.ok(second.executedSql.every((s) => !/select count\(\*\)/.test(s)), 'no extra count on the step-by-step path');

    const view = makeNode(wh.database, { name: 'counted_view', compiled_code: 'select * from range(3)', config: { materialized: 'view' } });
    const third = await materializeNode(makeContext(wh.adapter, view));
    assert.equal(third.rowsAffected, null);
    assert.equal(third.adapterResponse.rows_affected, -1);
  });
});

// A failed contract check is the model's compilation error: the build throws it as a diagnostic.
async function contractFailure(build: Promise<unknown>): Promise<{ message: string }> {
  try {
    await build;
  } catch (error) {
    const diagnostic = (error as { diagnostic?: { code: string; message: string } }).diagnostic;
    assert.equal(diagnostic?.code, 'contract-error');
    return { message: diagnostic.message };
  }
  assert.fail('the contract check passed');
}
