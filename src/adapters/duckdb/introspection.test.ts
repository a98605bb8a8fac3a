import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DuckDbAdapter } from './duckdb-adapter.js';
import { duckDbDialect } from './dialect.js';
import { openTestWarehouse, type TestWarehouse } from './test-warehouse.js';

let warehouse: TestWarehouse;
let db: DuckDbAdapter;

before(async () => {
  warehouse = await openTestWarehouse();
  db = warehouse.adapter;
  await db.createSchema({ schema: 'analytics' });
  await db.createSchema({ database: 'warehouse', schema: 'analytics' });
  await db.execute(`create table analytics.dim_users (user_id bigint not null, "Email Address" varchar, signup date, ltv decimal(18,3), tags varchar[], meta struct(plan varchar, seats integer))`);
  await db.execute('create view analytics.active_users as select user_id from analytics.dim_users');
  await db.execute('create table main.other as select 1 as x');
});
after(() => warehouse.dispose());

describe('DuckDbAdapter introspection', () => {
  it('lists tables and views of one schema, async and sync', async () => {
    const expected = [
      { database: 'warehouse', schema: 'analytics', identifier: 'active_users', type: 'view' },
      { database: 'warehouse', schema: 'analytics', identifier: 'dim_users', type: 'table' },
    ];
    assert.deepEqual(await db.listRelations('warehouse', 'analytics'), expected);
    assert.deepEqual(db.listRelationsSync('warehouse', 'analytics'), expected);
    assert.deepEqual(await db.listRelations('warehouse', 'no_such_schema'), []);
  });

  it('finds one relation, case-insensitively like DuckDB, defaulting the database', async () => {
    const found = { database: 'warehouse', schema: 'analytics', identifier: 'dim_users', type: 'table' };
    assert.deepEqual(await db.getRelation({ schema: 'analytics', identifier: 'dim_users' }), found);
    assert.deepEqual(db.getRelationSync({ database: 'WAREHOUSE', schema: 'Analytics', identifier: 'DIM_USERS' }), found);
    assert.equal(await db.getRelation({ schema: 'analytics', identifier: 'missing' }), undefined);
    assert.equal(db.getRelationSync({ database: 'elsewhere', schema: 'analytics', identifier: 'dim_users' }), undefined);
  });

  it('returns columns in declared order with DuckDB\'s type names', async () => {
    const expected = [
      { name: 'user_id', dataType: 'BIGINT', nullable: false, charSize: null, precision: 64, scale: 0 },
      { name: 'Email Address', dataType: 'VARCHAR', nullable: true, charSize: null, precision: null, scale: null },
      { name: 'signup', dataType: 'DATE', nullable: true, charSize: null, precision: null, scale: null },
      { name: 'ltv', dataType: 'DECIMAL(18,3)', nullable: true, charSize: null, precision: 18, scale: 3 },
      { name: 'tags', dataType: 'VARCHAR[]', nullable: true, charSize: null, precision: null, scale: null },
      { name: 'meta', dataType: 'STRUCT(plan VARCHAR, seats INTEGER)', nullable: true, charSize: null, precision: null, scale: null },
    ];
    assert.deepEqual(await db.getColumns({ schema: 'analytics', identifier: 'dim_users' }), expected);
    assert.deepEqual(db.getColumnsSync({ database: 'warehouse', schema: 'analytics', identifier: 'dim_users' }), expected);
    assert.deepEqual(db.getColumnsSync({ schema: 'analytics', identifier: 'active_users' }), [{ name: 'user_id', dataType: 'BIGINT', nullable: true, charSize: null, precision: 64, scale: 0 }]);
    assert.deepEqual(await db.getColumns({ schema: 'analytics', identifier: 'missing' }), []);
  });

  it('lists and creates schemas idempotently', async () => {
    await db.createSchema({ schema: 'Mixed Case' });
    await db.createSchema({ schema: 'Mixed Case' });
    const schemas = await db.listSchemas('warehouse');
    for (const name of ['analytics', 'main', 'Mixed Case']) assert.ok(schemas.includes(name), `${name} in ${schemas.join(', ')}`);
  });

  it('drops tables and views, and ignores ones that are not there', async () => {
    await db.execute('create table analytics.doomed as select 1 as x');
    await db.execute('create view analytics.doomed_view as select 1 as x');
    await db.dropRelation({ schema: 'analytics', identifier: 'doomed' }, 'table');
    await db.dropRelation({ database: 'warehouse', schema: 'analytics', identifier: 'doomed_view' }, 'view');
    await db.dropRelation({ schema: 'analytics', identifier: 'never_existed' }, 'table');
    await db.dropRelation({ schema: 'nowhere', identifier: 'never_existed' }, 'view');
    assert.equal(await db.getRelation({ schema: 'analytics', identifier: 'doomed' }), undefined);
    assert.equal(await db.getRelation({ schema: 'analytics', identifier: 'doomed_view' }), undefined);
  });

  it('declares what DuckDB can do', () => {
    assert.deepEqual(db.capabilities, { transactionalDdl: true, merge: true, copyToFiles: true, readFiles: true, concurrentReaders: true, atomicBatches: true });
  });
});

describe('duckDbDialect', () => {
  it('quotes identifiers and strings by doubling quotes', () => {
    assert.equal(duckDbDialect.quoteIdentifier('order'), '"order"');
    assert.equal(duckDbDialect.quoteIdentifier('say "hi"'), '"say ""hi"""');
    assert.equal(duckDbDialect.quoteString("it's"), "'it''s'");
  });

  it('renders relations, leaving out missing parts', () => {
    assert.equal(duckDbDialect.renderRelation({ database: 'db', schema: 'schema', identifier: 'id' }), '"db"."schema"."id"');
    assert.equal(duckDbDialect.renderRelation({ schema: 'schema', identifier: 'id' }), '"schema"."id"');
  });

  it('maps dbt\'s type names to types DuckDB accepts', async () => {
    const kinds = ['string', 'int', 'bigint', 'numeric', 'float', 'boolean', 'timestamp', 'date'] as const;
    assert.equal(duckDbDialect.typeName('numeric'), 'DECIMAL(28,6)');
    const casts = kinds.map((kind, i) => `cast(null as ${duckDbDialect.typeName(kind)}) as c${i}`).join(', ');
    const result = await db.execute(`select ${casts}`);
    assert.deepEqual(result.columns.map((c) => c.dataType), kinds.map((kind) => duckDbDialect.typeName(kind)));
  });

  it('quotes names that survive a round trip through DuckDB', async () => {
    const awkward = 'we"ird name';
    await db.execute(`create table ${duckDbDialect.renderRelation({ schema: 'analytics', identifier: awkward })} as select ${duckDbDialect.quoteString("it's")} as ${duckDbDialect.quoteIdentifier('select')}`);
    assert.deepEqual((await db.getRelation({ schema: 'analytics', identifier: awkward }))?.identifier, awkward);
    assert.deepEqual((await db.getColumns({ schema: 'analytics', identifier: awkward })).map((c) => c.name), ['select']);
  });
});
