import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { materializeNode } from './materialize-node.js';
import { tableFunctionParameters } from './table-function.js';
import { makeContext, makeNode, openTestWarehouse, type TestWarehouse } from './test-fixtures.js';

describe('table_function and parameterized_view materializations', () => {
  let wh: TestWarehouse;
  before(async () => {
    wh = await openTestWarehouse();
    await wh.adapter.execute("create table main.plays as select * from (values (1, 'drama', 40), (2, 'comedy', 25), (3, 'drama', 90)) t(id, genre, minutes)");
  });
  after(async () => {
    await wh.dispose();
  });

  it('creates a table macro callers query with arguments, in a schema it creates', async () => {
    const node = makeNode(wh.database, {
      name: 'plays_of_genre',
      schema: 'reports',
      compiled_code: 'select id, minutes from main.plays where genre = wanted and minutes >= at_least;',
      config: { materialized: 'table_function', parameters: ['wanted', 'at_least'] },
    });
    const result = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(result.status, 'success', result.message);
    assert.deepEqual(await wh.rows(`select id from "${wh.database}"."reports"."plays_of_genre"('drama', 50)`), [{ id: 3 }]);
  });

  it('takes no parameters or a comma-separated string, and a rebuild replaces the macro', async () => {
    const all = makeNode(wh.database, { name: 'all_plays', compiled_code: 'select count(*) as n from main.plays', config: { materialized: 'parameterized_view' } });
    assert.equal((await materializeNode(makeContext(wh.adapter, all))).status, 'success');
    assert.deepEqual(await wh.rows('select n from main.all_plays()'), [{ n: 3 }]);

    const ranged = makeNode(wh.database, { name: 'ranged', compiled_code: 'select id from main.plays where id between lo and hi order by id', config: { materialized: 'table_function', parameters: 'lo, hi' } });
    assert.equal((await materializeNode(makeContext(wh.adapter, ranged))).status, 'success');
    assert.deepEqual(await wh.rows('select * from main.ranged(2, 3)'), [{ id: 2 }, { id: 3 }]);
    ranged.compiled_code = 'select id * 10 as id from main.plays where id between lo and hi order by id';
    assert.equal((await materializeNode(makeContext(wh.adapter, ranged))).status, 'success');
    assert.deepEqual(await wh.rows('select * from main.ranged(1, 1)'), [{ id: 10 }]);
  });

  it('reports a body the warehouse rejects as the model error', async () => {
    const node = makeNode(wh.database, { name: 'broken', compiled_code: 'select from where', config: { materialized: 'table_function' } });
    const result = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(result.status, 'error');
    assert.match(result.message, /syntax/i);
  });

  it('reads parameters as dbt-duckdb does', () => {
    assert.equal(tableFunctionParameters(undefined), '');
    assert.equal(tableFunctionParameters('a'), 'a');
    assert.equal(tableFunctionParameters('a, b'), 'a, b');
    assert.equal(tableFunctionParameters(['a', 'b']), 'a, b');
    assert.throws(() => tableFunctionParameters({ a: 1 }), /parameters must be/);
  });
});
