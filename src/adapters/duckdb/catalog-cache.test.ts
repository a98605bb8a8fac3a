import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CatalogCache, leavesCatalogAlone } from './catalog-cache.js';
import type { DuckDbAdapter } from './duckdb-adapter.js';
import { openTestWarehouse, type TestWarehouse } from './test-warehouse.js';

let warehouse: TestWarehouse;
let db: DuckDbAdapter;

before(async () => {
  warehouse = await openTestWarehouse();
  db = warehouse.adapter;
});
after(() => warehouse.dispose());

const orders = { schema: 'main', identifier: 'orders' };
const staging = { schema: 'main', identifier: 'orders__dbt_tmp' };

/** Counts the catalog queries the adapter sends from now on. */
function countCatalogReads(adapter: DuckDbAdapter): { readonly count: number; stop(): void } {
  const execute = adapter.execute;
  const executeSync = adapter.executeSync;
  let count = 0;
  const isRead = (sql: string) => sql.includes('duckdb_tables()');
  adapter.execute = (sql, options) => {
    if (isRead(sql)) count++;
    return execute.call(adapter, sql, options);
  };
  adapter.executeSync = (sql, options) => {
    if (isRead(sql)) count++;
    return executeSync.call(adapter, sql, options);
  };
  return {
    get count() {
      return count;
    },
    stop() {
      adapter.execute = execute;
      adapter.executeSync = executeSync;
    },
  };
}

describe('relation lookups answered from the catalog cache', () => {
  it('a lookup of a relation also answers its staging relation and repeats, without another catalog query', async () => {
    await db.execute('create table orders as select 1 as id');
    await db.execute('create table orders__dbt_tmp as select 1 as id');
    const reads = countCatalogReads(db);
    try {
      assert.equal(db.getRelationSync(orders)?.type, 'table');
      assert.equal((await db.getRelation(staging))?.identifier, 'orders__dbt_tmp');
      assert.equal((await db.getRelation({ schema: 'MAIN', identifier: 'ORDERS' }))?.identifier, 'orders');
      assert.equal(await db.getRelation({ schema: 'main', identifier: 'orders_v2' }), undefined);
      await db.execute('select count(*) from orders');
      assert.equal(db.getRelationSync(orders)?.type, 'table');
      assert.equal(reads.count, 1);
    } finally {
      reads.stop();
      await db.execute('drop table orders__dbt_tmp');
      await db.execute('drop table orders');
    }
  });

  it('sees every relation created, dropped, renamed or replaced since, on any path', async () => {
    assert.equal(await db.getRelation(orders), undefined);
    await db.execute('create table orders (id int)');
    assert.equal((await db.getRelation(orders))?.type, 'table');
    db.executeSync('drop table orders');
    assert.equal(db.getRelationSync(orders), undefined);
    await db.execute('create view orders as select 1 as id');
    assert.equal((await db.getRelation(orders))?.type, 'view');
    await db.execute('alter view orders rename to orders_old');
    assert.equal(await db.getRelation(orders), undefined);
    assert.equal((await db.getRelation({ schema: 'main', identifier: 'orders_old' }))?.type, 'view');
    // A plain query followed by a statement that changes the catalog, in one text.
    assert.deepEqual(await db.listRelations(warehouse.adapter.defaultDatabase, 'main'), [
      { database: db.defaultDatabase, schema: 'main', identifier: 'orders_old', type: 'view' },
    ]);
    await db.execute('select 1; create table orders as select 2 as id');
    assert.equal((await db.getRelation(orders))?.type, 'table');
    assert.equal((await db.listRelations(db.defaultDatabase, 'main')).length, 2);
    await db.execute('drop view orders_old');
    await db.execute('drop table orders');
  });

  it('follows transactions: uncommitted relations stay invisible outside, rolled-back ones never appear', async () => {
    await db.transaction(async (session) => {
      await db.execute('create table orders (id int)', { session });
      assert.equal(await db.getRelation(orders), undefined, 'another connection does not see it before COMMIT');
    });
    assert.equal((await db.getRelation(orders))?.type, 'table');
    await assert.rejects(
      db.transaction(async (session) => {
        await db.execute('drop table orders', { session });
        throw new Error('abandon');
      }),
    );
    assert.equal((await db.getRelation(orders))?.type, 'table');
    await db.execute('drop table orders');
    assert.equal(await db.getRelation(orders), undefined);
  });

  it('does not cache relations in other attached databases, which other processes may change', async () => {
    await db.execute(`attach ':memory:' as scratch`);
    try {
      const reads = countCatalogReads(db);
      try {
        assert.equal(await db.getRelation({ database: 'scratch', schema: 'main', identifier: 'orders' }), undefined);
        assert.equal(await db.getRelation({ database: 'scratch', schema: 'main', identifier: 'orders' }), undefined);
        assert.equal(reads.count, 2);
      } finally {
        reads.stop();
      }
    } finally {
      await db.execute('detach scratch');
    }
  });
});

describe('CatalogCache', () => {
  const info = { database: 'wh', schema: 'main', identifier: 'orders', type: 'table' as const };

  it('drops a read that was in flight while the catalog changed', () => {
    const cache = new CatalogCache(new Set(['wh']));
    const started = cache.now;
    cache.changed();
    cache.store(started, 'wh', 'main', 'orders', [info]);
    assert.equal(cache.find('wh', 'main', 'orders'), undefined);
    cache.store(cache.now, 'wh', 'main', 'orders', [info]);
    assert.deepEqual(cache.find('wh', 'main', 'orders'), info);
    assert.equal(cache.find('wh', 'main', 'orders_2'), null);
    assert.equal(cache.find('wh', 'main', 'order'), undefined);
  });
});

describe('leavesCatalogAlone', () => {
  it('accepts single plain queries and row changes, and nothing else', () => {
    const rowChanges = ['insert into t values (1)', 'UPDATE t SET a = 2', 'delete from t where a = 1', 'merge into t using s on t.a = s.a when matched then delete'];
    for (const sql of ['select 1', '  -- note\n/* x */ WITH a AS (select 1) select * from a', 'from t', 'describe t', 'show tables', 'select 1;  ', 'summarize t', 'values (1)', ...rowChanges])
      assert.equal(leavesCatalogAlone(sql), true, sql);
    for (const sql of ['create table t (a int)', 'explain analyze create table t as select 1', 'select 1; drop table t', 'BEGIN TRANSACTION', 'COMMIT', 'rollback', 'attach ":memory:" as x', 'pragma foo', 'call f()', 'insert into t values (1); create table u (a int)', 'selected'])
      assert.equal(leavesCatalogAlone(sql), false, sql);
  });
});
