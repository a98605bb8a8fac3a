import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isReelhouseError } from '../../core/diagnostic.js';
import type { DuckDbAdapter } from './duckdb-adapter.js';
import { openTestWarehouse, type TestWarehouse } from './test-warehouse.js';

/** A query that keeps DuckDB busy for a good fraction of a second. */
const LONG_QUERY = 'select sum(hash(range)) from range(100000000)';

let warehouse: TestWarehouse;
let db: DuckDbAdapter;

before(async () => {
  warehouse = await openTestWarehouse();
  db = warehouse.adapter;
});
after(() => warehouse.dispose());

describe('DuckDbAdapter.execute', () => {
  it('names the default database after the file stem', () => {
    assert.equal(db.defaultDatabase, 'warehouse');
    assert.equal(db.type, 'duckdb');
  });

  it('returns columns, rows and rowsChanged, async and sync alike', async () => {
    await db.execute('create table people (id integer, name varchar)');
    const inserted = await db.execute("insert into people values (1, 'ann'), (2, 'bo'), (3, 'cy')");
    assert.equal(inserted.rowsChanged, 3);
    const updated = db.executeSync("update people set name = upper(name) where id < 3");
    assert.equal(updated.rowsChanged, 2);
    const query = 'select id, name from people order by id';
    const expected = {
      columns: [
        { name: 'id', dataType: 'INTEGER' },
        { name: 'name', dataType: 'VARCHAR' },
      ],
      rows: [
        [1, 'ANN'],
        [2, 'BO'],
        [3, 'cy'],
      ],
      rowsChanged: 0,
    };
    assert.deepEqual(await db.execute(query), expected);
    assert.deepEqual(db.executeSync(query), expected);
  });

  it('runs several statements in one call and answers with the last one', async () => {
    const result = await db.execute('create temp table scratch as select 1 as a; insert into scratch values (2); select sum(a) as total from scratch');
    assert.deepEqual(result.rows, [[3]]);
  });

  it('binds params to $n and ? placeholders, never splicing them into SQL', async () => {
    const evil = "x'); drop table people; --";
    const result = await db.execute('select $1 as s, $2 as n, $3 as f, $4 as b, $5 as z, $2 + 1 as m', { params: [evil, 41, 1.5, true, null] });
    assert.deepEqual(result.rows, [[evil, 41, 1.5, true, null]].map((row) => [...row, 42]));
    assert.deepEqual(db.executeSync('select ? || ?', { params: ['a', 'b'] }).rows, [['ab']]);
    assert.deepEqual((await db.execute('select count(*) from people where id in (select unnest($1))', { params: [[1, 3]] })).rows, [[2]]);
    // Strings bind where DuckDB expects a DATE or TIMESTAMP, as a browser would send them.
    const dated = await db.execute("select d from (select date '2024-03-01' as d) where d >= $1 and d < $2", { params: ['2024-02-01', '2024-04-01'] });
    assert.deepEqual(dated.rows, [['2024-03-01']]);
    assert.equal((await db.execute('select count(*) from people')).rows[0]?.[0], 3, 'the table survived');
  });

  it('stops fetching at maxRows', async () => {
    const result = await db.execute('select range as i from range(10000)', { maxRows: 5 });
    assert.deepEqual(result.rows, [[0], [1], [2], [3], [4]]);
    assert.equal(db.executeSync('select range from range(5000)', { maxRows: 3000 }).rows.length, 3000);
  });

  it('turns DuckDB errors into database-error diagnostics carrying DuckDB\'s message', async () => {
    await assert.rejects(db.execute('select * from no_such_table'), (error: unknown) => {
      assert.ok(isReelhouseError(error));
      assert.equal(error.diagnostic.code, 'database-error');
      assert.match(error.diagnostic.message, /^Catalog Error: Table with name no_such_table does not exist/);
      return true;
    });
    assert.throws(() => db.executeSync('selec 1'), (error: unknown) => {
      assert.ok(isReelhouseError(error));
      assert.equal(error.diagnostic.code, 'database-error');
      assert.match(error.message, /Parser Error: syntax error at or near "selec"/);
      return true;
    });
    assert.deepEqual(db.executeSync('select 1 as ok').rows, [[1]], 'the adapter still works after errors');
  });
});

describe('DuckDbAdapter concurrency', () => {
  it('answers sync calls while async calls are in flight', async () => {
    const slow = db.execute(LONG_QUERY);
    const pending = [slow, db.execute('select 2'), db.execute('select 3')];
    const started = performance.now();
    const quick = db.executeSync('select 42 as answer');
    const quickMs = performance.now() - started;
    assert.deepEqual(quick.rows, [[42]]);
    const [big] = await Promise.all(pending);
    assert.equal(big?.rows.length, 1);
    assert.ok(quickMs < performance.now() - started, 'the sync call returned before the slow query finished');
  });

  it('runs pooled statements on their own connections, so a short one overtakes a long one', async () => {
    const finished: string[] = [];
    const long = db.execute(LONG_QUERY).then(() => finished.push('long'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await db.execute('select 1').then(() => finished.push('short'));
    await long;
    assert.deepEqual(finished, ['short', 'long']);
  });

  it('frees a named session, rolling back what it left open', async () => {
    await db.execute('create table session_ledger (n integer)');
    await db.execute('begin transaction', { session: 'left-open' });
    await db.execute('insert into session_ledger values (1)', { session: 'left-open' });
    await db.releaseSession('left-open');
    assert.deepEqual((await db.execute('select count(*) from session_ledger')).rows, [[0]]);
    // The name can be used again and starts clean.
    await db.execute('insert into session_ledger values (2)', { session: 'left-open' });
    await db.releaseSession('left-open');
    assert.deepEqual((await db.execute('select n from session_ledger')).rows, [[2]]);
  });

  it('returns results spanning many chunks intact, in order', async () => {
    const result = db.executeSync("select range as i, 'r' || range as s, range::decimal(10,1) / 2 as d from range(10000) order by i");
    assert.equal(result.rows.length, 10000);
    assert.deepEqual(result.rows[0], [0, 'r0', 0]);
    assert.deepEqual(result.rows[9999], [9999, 'r9999', 4999.5]);
    assert.ok(result.rows.every((row, index) => row[0] === index));
  });

  it('keeps a named session\'s statements in order on one connection', async () => {
    const session = 'ordered';
    const writes = Array.from({ length: 30 }, (_, i) => db.execute(`create or replace temp table seq as select ${i} as last`, { session }));
    const read = db.execute('select last from seq', { session });
    await Promise.all(writes);
    assert.deepEqual((await read).rows, [[29]]);
    // Temp tables belong to the connection: the pool's connections do not see this one.
    await assert.rejects(db.execute('select * from temp.seq'), /seq/);
  });
});
