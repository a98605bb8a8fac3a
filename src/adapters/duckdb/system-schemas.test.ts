import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { qualifySystemSchemas } from './system-schemas.js';
import { openTestWarehouse, type TestWarehouse } from './test-warehouse.js';

let warehouse: TestWarehouse;

before(async () => {
  warehouse = await openTestWarehouse();
  await warehouse.adapter.execute('create schema sales; create table sales.orders_2023 (id integer, amount double); create view sales.orders_all as select * from sales.orders_2023');
});
after(() => warehouse.dispose());

describe('information_schema under a database name', () => {
  it('answers the way the unqualified views do, quoted or not, in any case', async () => {
    const db = warehouse.adapter;
    const plain = await db.execute("select table_name, table_type from information_schema.tables where table_schema = 'sales' order by 1");
    assert.deepEqual(plain.rows, [['orders_2023', 'BASE TABLE'], ['orders_all', 'VIEW']]);
    for (const qualified of ['warehouse.information_schema.tables', '"warehouse".information_schema.tables', '"warehouse"."information_schema"."tables"', 'WAREHOUSE . INFORMATION_SCHEMA . TABLES']) {
      const r = await db.execute(`select table_name, table_type from ${qualified} where table_schema = 'sales' order by 1`);
      assert.deepEqual(r.rows, plain.rows, qualified);
    }
    const columns = db.executeSync(`select column_name from "warehouse".information_schema.COLUMNS where table_name = 'orders_2023' order by ordinal_position`);
    assert.deepEqual(columns.rows, [['id'], ['amount']]);
  });

  it('leaves strings, comments, longer names and system-qualified names alone', () => {
    const untouched = [
      "select 'warehouse.information_schema.tables' as s",
      'select 1 -- warehouse.information_schema.tables',
      'select 1 /* warehouse.information_schema.tables */',
      'select * from system.information_schema.tables',
      'select * from information_schema.tables',
      'select * from my_information_schema.tables',
      'select x.warehouse.information_schema from t as x',
      'select 1',
    ];
    for (const sql of untouched) assert.equal(qualifySystemSchemas(sql), sql);
    assert.equal(
      qualifySystemSchemas("select 'a' from wh.information_schema.columns c join \"My DB\".information_schema.tables t on 1=1"),
      "select 'a' from system.information_schema.columns c join system.information_schema.tables t on 1=1",
    );
  });
});
