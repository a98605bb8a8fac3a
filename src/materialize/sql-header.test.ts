import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { materializeNode } from './materialize-node.js';
import { makeContext, makeNode, openTestWarehouse, type TestWarehouse } from './test-fixtures.js';

// A header defines a temporary macro the model's query calls: the build fails unless the
// header runs on the very connection that builds the relation.
const HEADER = 'create or replace temp macro minutes_to_hours(m) as round(m / 60.0, 1);';

describe('sql_header', () => {
  let wh: TestWarehouse;
  before(async () => {
    wh = await openTestWarehouse();
  });
  after(async () => {
    await wh.dispose();
  });

  it('runs before a table build, and before an enforced contract is checked', async () => {
    const plain = makeNode(wh.database, { name: 'watch_hours', compiled_code: 'select minutes_to_hours(90) as hours', config: { materialized: 'table', sql_header: HEADER } });
    const first = await materializeNode(makeContext(wh.adapter, plain));
    assert.equal(first.status, 'success', first.message);
    assert.deepEqual(await wh.rows('select hours::varchar as hours from main.watch_hours'), [{ hours: '1.5' }]);

    const contracted = makeNode(wh.database, {
      name: 'watch_hours_contracted',
      compiled_code: 'select minutes_to_hours(30) as hours',
      config: { materialized: 'table', sql_header: HEADER, contract: { enforced: true } },
      columns: { hours: { name: 'hours', description: '', meta: {}, tags: [], data_type: 'double', constraints: [] } } as never,
    });
    const second = await materializeNode(makeContext(wh.adapter, contracted));
    assert.equal(second.status, 'success', second.message);
    assert.deepEqual(await wh.rows('select hours from main.watch_hours_contracted'), [{ hours: 0.5 }]);
  });

  it('runs before an external model writes its file', async () => {
    const node = makeNode(wh.database, { name: 'hours_file', compiled_code: 'select minutes_to_hours(120) as hours', config: { materialized: 'external', sql_header: HEADER } });
    const result = await materializeNode(makeContext(wh.adapter, node, { projectDir: wh.dir, externalRoot: 'lake' }));
    assert.equal(result.status, 'success', result.message);
    assert.deepEqual(await wh.rows('select hours::varchar as hours from main.hours_file'), [{ hours: '2.0' }]);
  });

  it('runs before an incremental run adds its rows', async () => {
    const node = makeNode(wh.database, { name: 'hours_log', compiled_code: 'select minutes_to_hours(60) as hours', config: { materialized: 'incremental', sql_header: HEADER } });
    assert.equal((await materializeNode(makeContext(wh.adapter, node))).status, 'success');
    // A changed header must take effect on the appending run, not the macro the first run left.
    node.config['sql_header'] = 'create or replace temp macro minutes_to_hours(m) as m * 100;';
    const appended = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(appended.status, 'success', appended.message);
    assert.deepEqual(await wh.rows('select hours::varchar as hours from main.hours_log order by hours'), [{ hours: '1.0' }, { hours: '6000.0' }]);
  });
});
