import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { materializeNode } from './materialize-node.js';
import { makeContext, makeNode, openTestWarehouse, type TestWarehouse } from './test-fixtures.js';

describe('indexes config', () => {
  let wh: TestWarehouse;
  before(async () => {
    wh = await openTestWarehouse();
  });
  after(async () => {
    await wh.dispose();
  });

  const indexesOf = async (table: string) =>
    (await wh.rows(`select sql, is_unique from duckdb_indexes() where table_name = '${table}'`))
      .map((r) => `${(/\((.*)\)/u.exec(String(r['sql']))?.[1] ?? '').replaceAll('"', '')}${r['is_unique'] ? ' unique' : ''}`)
      .sort();

  it('creates each listed index on a table, duplicates included, and again on every rebuild', async () => {
    const node = makeNode(wh.database, {
      name: 'sessions',
      compiled_code: "select 1 as user_id, date '2024-05-01' as day, 30 as minutes",
      config: { materialized: 'table', indexes: [{ columns: ['user_id'] }, { columns: ['user_id', 'day'], unique: true }, { columns: ['user_id'] }] },
    });
    for (let run = 0; run < 2; run++) {
      const result = await materializeNode(makeContext(wh.adapter, node));
      assert.equal(result.status, 'success', result.message);
      assert.deepEqual(await indexesOf('sessions'), ['user_id', 'user_id', 'user_id, day unique']);
    }
    // the unique index holds
    await assert.rejects(wh.adapter.execute("insert into main.sessions values (1, date '2024-05-01', 5)"), /constraint/i);
  });

  it('indexes an incremental model when its table is built, not on the runs that append', async () => {
    const node = makeNode(wh.database, {
      name: 'plays_log',
      compiled_code: 'select 1 as play_id',
      config: { materialized: 'incremental', indexes: [{ columns: ['play_id'], unique: true }] },
    });
    for (let run = 0; run < 2; run++) {
      const result = await materializeNode(makeContext(wh.adapter, node));
      assert.equal(result.status, 'success', result.message);
      node.compiled_code = 'select 2 as play_id';
    }
    assert.deepEqual(await wh.rows('select play_id from main.plays_log order by 1'), [{ play_id: 1 }, { play_id: 2 }]);
    assert.deepEqual(await indexesOf('plays_log'), ['play_id unique']);
  });

  it('refuses an index that names no columns', async () => {
    const node = makeNode(wh.database, { name: 'bad_index', compiled_code: 'select 1 as a', config: { materialized: 'table', indexes: [{ unique: true }] } });
    await assert.rejects(materializeNode(makeContext(wh.adapter, node)), /index 1 names no columns/);
  });
});
