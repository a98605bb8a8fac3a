import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { materializeNode } from './materialize-node.js';
import { makeContext, makeNode, openTestWarehouse, type TestWarehouse } from './test-fixtures.js';

describe('parallel builds', () => {
  let wh: TestWarehouse;
  before(async () => {
    wh = await openTestWarehouse();
  });
  after(async () => {
    await wh.dispose();
  });

  it('builds several tables and views in one new schema at the same time', async () => {
    const nodes = Array.from({ length: 8 }, (_, i) =>
      makeNode(wh.database, {
        name: `par_${i}`,
        schema: 'parallel',
        compiled_code: `select ${i} as n, range as r from range(1000)`,
        config: { materialized: i % 2 === 0 ? 'table' : 'view' },
      }),
    );
    for (let round = 0; round < 2; round++) {
      const results = await Promise.all(nodes.map((n) => materializeNode(makeContext(wh.adapter, n))));
      for (const r of results) assert.equal(r.status, 'success', r.message);
    }
    const counts = await wh.rows("select count(*)::int as n from information_schema.tables where table_schema = 'parallel'");
    assert.deepEqual(counts, [{ n: 8 }]);
  });
});
