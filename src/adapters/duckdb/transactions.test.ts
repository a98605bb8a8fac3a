import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isReelhouseError } from '../../core/diagnostic.js';
import type { DuckDbAdapter } from './duckdb-adapter.js';
import { openTestWarehouse, type TestWarehouse } from './test-warehouse.js';

let warehouse: TestWarehouse;
let db: DuckDbAdapter;

before(async () => {
  warehouse = await openTestWarehouse();
  db = warehouse.adapter;
  await db.createSchema({ schema: 'marts' });
});
after(() => warehouse.dispose());

const target = { schema: 'marts', identifier: 'orders' };
const staged = { schema: 'marts', identifier: 'orders__reelhouse_tmp' };

async function values(sql: string): Promise<unknown[]> {
  return (await db.execute(sql)).rows.map((row) => row[0]);
}

describe('DuckDbAdapter.transaction', () => {
  it('commits the work of its session', async () => {
    const result = await db.transaction(async (session) => {
      await db.execute('create table marts.committed (n integer)', { session });
      await db.execute('insert into marts.committed values (1), (2)', { session });
      // Uncommitted work is invisible to other connections.
      assert.equal((await db.getRelation({ schema: 'marts', identifier: 'committed' })), undefined);
      return 'done';
    });
    assert.equal(result, 'done');
    assert.deepEqual(await values('select n from marts.committed order by n'), [1, 2]);
  });

  it('rolls back and rethrows when the work throws', async () => {
    await db.execute('create table marts.ledger (n integer)');
    await assert.rejects(
      db.transaction(async (session) => {
        await db.execute('insert into marts.ledger values (1)', { session });
        await db.execute('create table marts.half_built (n integer)', { session });
        throw new Error('model failed');
      }),
      /model failed/,
    );
    assert.deepEqual(await values('select count(*) from marts.ledger'), [0]);
    assert.equal(await db.getRelation({ schema: 'marts', identifier: 'half_built' }), undefined);
  });

  it('rolls back when a statement fails and hands the session back clean', async () => {
    await assert.rejects(
      db.transaction(async (session) => {
        await db.execute('insert into marts.ledger values (5)', { session });
        await db.execute('insert into marts.ledger values (1/0 = 0 or error(\'boom\'))', { session });
      }),
      (error: unknown) => isReelhouseError(error) && error.diagnostic.code === 'database-error',
    );
    assert.deepEqual(await values('select count(*) from marts.ledger'), [0]);
    // Many later pooled statements run without tripping over a leftover transaction.
    for (let i = 0; i < 5; i++) await db.execute('insert into marts.ledger values (1)');
    assert.deepEqual(await values('select count(*) from marts.ledger'), [5]);
  });
});

describe('DuckDbAdapter.swapRelation', () => {
  it('replaces a table with the staged table and keeps downstream views working', async () => {
    await db.execute('create table marts.orders as select 1 as id, 10 as amount');
    await db.execute('create view marts.order_totals as select sum(amount) as total from marts.orders');
    await db.execute('create table marts.orders__reelhouse_tmp as select * from (values (1, 10), (2, 20)) t(id, amount)');
    await db.swapRelation(staged, target, 'table');
    assert.deepEqual(await values('select count(*) from marts.orders'), [2]);
    assert.equal(await db.getRelation(staged), undefined);
    assert.deepEqual(await values('select total from marts.order_totals'), [30]);
  });

  it('swaps in a relation that did not exist before', async () => {
    await db.execute('create table marts.fresh__reelhouse_tmp as select 1 as x');
    await db.swapRelation({ schema: 'marts', identifier: 'fresh__reelhouse_tmp' }, { schema: 'marts', identifier: 'fresh' }, 'table');
    assert.deepEqual(await values('select x from marts.fresh'), [1]);
  });

  it('turns a view into a table and back', async () => {
    await db.execute('create view marts.shape as select 1 as v');
    await db.execute('create table marts.shape__reelhouse_tmp as select 2 as v');
    await db.swapRelation({ schema: 'marts', identifier: 'shape__reelhouse_tmp' }, { schema: 'marts', identifier: 'shape' }, 'table');
    assert.equal((await db.getRelation({ schema: 'marts', identifier: 'shape' }))?.type, 'table');
    await db.execute('create view marts.shape__reelhouse_tmp as select 3 as v');
    await db.swapRelation({ schema: 'marts', identifier: 'shape__reelhouse_tmp' }, { schema: 'marts', identifier: 'shape' }, 'view');
    assert.equal((await db.getRelation({ schema: 'marts', identifier: 'shape' }))?.type, 'view');
    assert.deepEqual(await values('select v from marts.shape'), [3]);
  });

  it('replaces a view that other views select from', async () => {
    await db.execute('create view marts.base as select 1 as v');
    await db.execute('create view marts.downstream as select v * 10 as w from marts.base');
    await db.execute('create view marts.base__reelhouse_tmp as select 2 as v');
    await db.swapRelation({ schema: 'marts', identifier: 'base__reelhouse_tmp' }, { schema: 'marts', identifier: 'base' }, 'view');
    assert.deepEqual(await values('select w from marts.downstream'), [20]);
  });

  it('leaves the old relation intact when the swap fails half-way', async () => {
    await db.execute('create or replace table marts.stable as select 42 as answer');
    // The staged relation is missing, so the rename fails after the old table was dropped.
    await assert.rejects(
      db.swapRelation({ schema: 'marts', identifier: 'stable__missing' }, { schema: 'marts', identifier: 'stable' }, 'table'),
      (error: unknown) => isReelhouseError(error) && /stable__missing/.test(error.message),
    );
    assert.deepEqual(await values('select answer from marts.stable'), [42]);
    // A staged relation of the wrong kind fails the same way.
    await db.execute('create table marts.stable__wrong as select 0 as answer');
    await assert.rejects(db.swapRelation({ schema: 'marts', identifier: 'stable__wrong' }, { schema: 'marts', identifier: 'stable' }, 'view'));
    assert.deepEqual(await values('select answer from marts.stable'), [42]);
  });

  it('lets readers on other connections see the old or the new table, never neither', async () => {
    await db.execute('create or replace table marts.hot as select 0 as generation');
    let stop = false;
    const seen = new Set<unknown>();
    const failures: string[] = [];
    const reader = (async () => {
      while (!stop) {
        try {
          const result = await db.execute('select generation from marts.hot', { session: 'reader' });
          seen.add(result.rows[0]?.[0]);
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
    })();
    const poolReader = (async () => {
      while (!stop) {
        try {
          seen.add((await db.execute('select generation from marts.hot')).rows[0]?.[0]);
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
    })();
    for (let generation = 1; generation <= 25; generation++) {
      await db.execute(`create table marts.hot__reelhouse_tmp as select ${generation} as generation`);
      await db.swapRelation({ schema: 'marts', identifier: 'hot__reelhouse_tmp' }, { schema: 'marts', identifier: 'hot' }, 'table');
    }
    stop = true;
    await Promise.all([reader, poolReader]);
    assert.deepEqual(failures, []);
    assert.ok(seen.size > 1, `readers saw several generations: ${[...seen].join(', ')}`);
    assert.deepEqual(await values('select generation from marts.hot'), [25]);
  });

  it('moves a table across schemas by copying, in the same transaction', async () => {
    await db.createSchema({ schema: 'staging' });
    await db.execute('create table staging.moved as select 7 as n');
    await db.execute('create table marts.moved as select 1 as n');
    await db.swapRelation({ schema: 'staging', identifier: 'moved' }, { schema: 'marts', identifier: 'moved' }, 'table');
    assert.deepEqual(await values('select n from marts.moved'), [7]);
    assert.equal(await db.getRelation({ schema: 'staging', identifier: 'moved' }), undefined);
    await db.execute('create view staging.v as select 1 as n');
    await assert.rejects(db.swapRelation({ schema: 'staging', identifier: 'v' }, { schema: 'marts', identifier: 'v' }, 'view'), /swap|view/);
  });
});

describe('a transaction sent as one statement text', () => {
  it('commits all of it, or on failure none of it, and leaves the connection usable', async () => {
    assert.equal(db.capabilities.atomicBatches, true);
    await db.execute('begin transaction; create table marts.batch_ok (n integer); insert into marts.batch_ok values (1); commit');
    assert.deepEqual(await values('select n from marts.batch_ok'), [1]);
    await assert.rejects(db.execute('begin transaction; insert into marts.batch_ok values (2); select * from marts.no_such_table; commit'));
    // The connection that failed goes back to the pool first: it must not be inside an aborted transaction.
    for (let i = 0; i < 3; i++) assert.deepEqual(await values('select count(*) from marts.batch_ok'), [1]);
  });
});
