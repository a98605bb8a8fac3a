import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { isReelhouseError } from '../core/diagnostic.js';
import type { CompiledNode, NodeConfig } from '../project/types.js';
import { materializeNode } from './materialize-node.js';
import { makeContext, makeNode, openTestWarehouse, type TestWarehouse } from './test-fixtures.js';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const T1 = '2024-02-01 06:00:00';
const T2 = '2024-02-02 06:00:00';
const T3 = '2024-02-03 06:00:00';
const at = (t: string) => () => new Date(`${t.replace(' ', 'T')}Z`);

describe('snapshot materialization', () => {
  let wh: TestWarehouse;
  before(async () => {
    wh = await openTestWarehouse();
  });
  after(async () => {
    await wh.dispose();
  });

  /** A source table the test rewrites between runs, as a new export would. */
  const source = async (table: string, columns: string, values: string) => {
    await wh.adapter.execute(`create or replace table main.${table} (${columns})`);
    if (values) await wh.adapter.execute(`insert into main.${table} values ${values}`);
  };
  const snapshot = (name: string, table: string, config: Partial<NodeConfig>): CompiledNode =>
    makeNode(wh.database, { name, resource_type: 'snapshot', schema: 'snapshots', compiled_code: `select * from main.${table}`, config: { materialized: 'snapshot', ...config } });
  const run = async (node: CompiledNode, now: string) => {
    const result = await materializeNode(makeContext(wh.adapter, node, { now: at(now) }));
    assert.equal(result.status, 'success', result.message);
    return result;
  };
  const history = (name: string, extra = '') =>
    wh.rows(
      `select * exclude (dbt_valid_from, dbt_valid_to, dbt_updated_at${extra}), dbt_valid_from::varchar as valid_from, dbt_valid_to::varchar as valid_to, dbt_updated_at::varchar as updated ` +
        `from snapshots.${name} order by id, dbt_valid_from`,
    );

  it('timestamp strategy: inserts, versions updates with updated_at, ignores unchanged reruns and hard deletes', async () => {
    await source('users_ts', 'id int, plan varchar, updated_at timestamp', "(1, 'basic', '2024-01-01 10:00'), (2, 'basic', '2024-01-01 11:00')");
    const node = snapshot('users_ts_snap', 'users_ts', { strategy: 'timestamp', unique_key: 'id', updated_at: 'updated_at' });
    await run(node, T1);
    await source('users_ts', 'id int, plan varchar, updated_at timestamp', "(1, 'premium', '2024-01-05 09:30')");
    await run(node, T2);
    const expected = [
      { id: 1, plan: 'basic', updated_at: '2024-01-01 10:00:00', dbt_scd_id: md5('1|2024-01-01 10:00:00'), valid_from: '2024-01-01 10:00:00', valid_to: '2024-01-05 09:30:00', updated: '2024-01-01 10:00:00' },
      { id: 1, plan: 'premium', updated_at: '2024-01-05 09:30:00', dbt_scd_id: md5('1|2024-01-05 09:30:00'), valid_from: '2024-01-05 09:30:00', valid_to: null, updated: '2024-01-05 09:30:00' },
      { id: 2, plan: 'basic', updated_at: '2024-01-01 11:00:00', dbt_scd_id: md5('2|2024-01-01 11:00:00'), valid_from: '2024-01-01 11:00:00', valid_to: null, updated: '2024-01-01 11:00:00' },
    ];
    const read = async () => (await history('users_ts_snap')).map((r) => ({ ...r, updated_at: String(r['updated_at']) }));
    assert.deepEqual(await read(), expected);
    const again = await run(node, T3);
    assert.equal(again.rowsAffected, 0);
    assert.deepEqual(await read(), expected, 're-running on unchanged input adds nothing');
  });

  it('keeps updated_at with a time zone as it is: the same instant in another session zone is no change', async () => {
    await source('tz', 'id int, updated_at timestamptz', "(1, '2024-01-01 10:00:00+02')");
    const node = snapshot('tz_snap', 'tz', { strategy: 'timestamp', unique_key: 'id', updated_at: 'updated_at' });
    await run(node, T1);
    await wh.adapter.execute("set TimeZone = 'America/New_York'");
    try {
      await source('tz', 'id int, updated_at timestamptz', "(1, '2024-01-01 10:00:00+02')");
      assert.equal((await run(node, T2)).rowsAffected, 0);
    } finally {
      await wh.adapter.execute("set TimeZone = 'UTC'");
    }
    const rows = await wh.rows('select dbt_valid_from::varchar as f, dbt_valid_to::varchar as t, typeof(dbt_valid_from) as ty from snapshots.tz_snap');
    assert.deepEqual(rows, [{ f: '2024-01-01 08:00:00+00', t: null, ty: 'TIMESTAMP WITH TIME ZONE' }]);
  });

  it('a DATE updated_at gives DATE meta columns, and dbt_scd_id hashes the date as written, as dbt does', async () => {
    await source('days', 'id int, plan varchar, updated_at date', "(1, 'basic', '2024-01-05')");
    const node = snapshot('days_snap', 'days', { strategy: 'timestamp', unique_key: 'id', updated_at: 'updated_at' });
    await run(node, T1);
    await source('days', 'id int, plan varchar, updated_at date', "(1, 'premium', '2024-02-01')");
    await run(node, T2);
    const rows = await wh.rows(
      'select plan, dbt_scd_id as scd, dbt_updated_at::varchar as u, dbt_valid_from::varchar as f, dbt_valid_to::varchar as t, ' +
        'typeof(dbt_updated_at) || typeof(dbt_valid_from) || typeof(dbt_valid_to) as ty from snapshots.days_snap order by f',
    );
    assert.deepEqual(rows, [
      { plan: 'basic', scd: md5('1|2024-01-05'), u: '2024-01-05', f: '2024-01-05', t: '2024-02-01', ty: 'DATEDATEDATE' },
      { plan: 'premium', scd: md5('1|2024-02-01'), u: '2024-02-01', f: '2024-02-01', t: null, ty: 'DATEDATEDATE' },
    ]);
  });

  it('check strategy: NULL to a value and back are changes; unchecked columns are not', async () => {
    const cols = 'id int, email varchar, visits int';
    await source('chk', cols, "(1, null, 1), (2, 'b@x', 1)");
    const node = snapshot('chk_snap', 'chk', { strategy: 'check', unique_key: 'id', check_cols: ['email'] });
    await run(node, T1);
    await source('chk', cols, "(1, 'a@x', 2), (2, null, 5)");
    await run(node, T2);
    await source('chk', cols, "(1, 'a@x', 3), (2, null, 9)");
    await run(node, T3);
    assert.deepEqual(
      (await history('chk_snap')).map((r) => [r['id'], r['email'], r['visits'], r['valid_from'], r['valid_to'], r['updated'], r['dbt_scd_id']]),
      [
        [1, null, 1, T1, T2, T1, md5(`1|${T1}`)],
        [1, 'a@x', 2, T2, null, T2, md5(`1|${T2}`)],
        [2, 'b@x', 1, T1, T2, T1, md5(`2|${T1}`)],
        [2, null, 5, T2, null, T2, md5(`2|${T2}`)],
      ],
    );
  });

  it("stamps the check strategy's versions and a hard delete's end with the session's wall-clock time, as dbt-duckdb's now()::timestamp does", async () => {
    const cols = 'id int, tier varchar';
    await wh.adapter.execute("set TimeZone = 'Asia/Tokyo'");
    try {
      await source('zone', cols, "(1, 'a'), (2, 'b')");
      const node = snapshot('zone_snap', 'zone', { strategy: 'check', unique_key: 'id', check_cols: 'all', hard_deletes: 'invalidate' });
      await run(node, T1);
      await source('zone', cols, "(1, 'c')");
      await run(node, T2);
    } finally {
      await wh.adapter.execute("set TimeZone = 'UTC'");
    }
    // T1 and T2 are 06:00 UTC, 15:00 in Tokyo (UTC+9).
    const tokyo1 = '2024-02-01 15:00:00';
    const tokyo2 = '2024-02-02 15:00:00';
    assert.deepEqual(
      (await history('zone_snap')).map((r) => [r['id'], r['tier'], r['valid_from'], r['valid_to'], r['updated'], r['dbt_scd_id']]),
      [
        [1, 'a', tokyo1, tokyo2, tokyo1, md5(`1|${tokyo1}`)],
        [1, 'c', tokyo2, null, tokyo2, md5(`1|${tokyo2}`)],
        [2, 'b', tokyo1, tokyo2, tokyo1, md5(`2|${tokyo1}`)],
      ],
    );
  });

  it("check strategy with check_cols 'all' and a composite unique_key; a key with a NULL part never matches its version, so it is added again, as dbt's = join does", async () => {
    const cols = 'region varchar, id int, name varchar';
    await source('comp', cols, "('eu', 1, 'a'), ('us', 1, 'b'), (null, 2, 'c')");
    const node = snapshot('comp_snap', 'comp', { strategy: 'check', unique_key: ['region', 'id'], check_cols: 'all' });
    await run(node, T1);
    await source('comp', cols, "('eu', 1, 'a'), ('us', 1, 'B'), (null, 2, 'c')");
    const second = await run(node, T2);
    assert.equal(second.rowsAffected, 3, 'one version closed, one changed row and the NULL-keyed row inserted');
    const rows = await wh.rows('select region, id, name, dbt_valid_to is null as current from snapshots.comp_snap order by id, region, name');
    assert.deepEqual(rows, [
      { region: 'eu', id: 1, name: 'a', current: true },
      { region: 'us', id: 1, name: 'B', current: true },
      { region: 'us', id: 1, name: 'b', current: false },
      { region: null, id: 2, name: 'c', current: true },
      { region: null, id: 2, name: 'c', current: true },
    ]);
  });

  for (const mode of ['invalidate', 'legacy'] as const) {
    it(`hard deletes: ${mode === 'legacy' ? 'invalidate_hard_deletes' : "hard_deletes='invalidate'"} closes deleted rows and a returning row starts anew`, async () => {
      const cols = 'id int, plan varchar, updated_at timestamp';
      const name = `inv_${mode}`;
      await source(name, cols, "(1, 'a', '2024-01-01'), (2, 'b', '2024-01-01')");
      const node = snapshot(`${name}_snap`, name, {
        strategy: 'timestamp',
        unique_key: 'id',
        updated_at: 'updated_at',
        ...(mode === 'legacy' ? { invalidate_hard_deletes: true } : { hard_deletes: 'invalidate' }),
      });
      await run(node, T1);
      await source(name, cols, "(1, 'a', '2024-01-01')");
      await run(node, T2);
      await run(node, T2);
      await source(name, cols, "(1, 'a', '2024-01-01'), (2, 'b', '2024-01-01')");
      await run(node, T3);
      await run(node, T3);
      assert.deepEqual(
        (await history(`${name}_snap`)).map((r) => [r['id'], r['valid_from'], r['valid_to']]),
        [
          [1, '2024-01-01 00:00:00', null],
          [2, '2024-01-01 00:00:00', T2],
          [2, T3, null],
        ],
      );
    });
  }

  for (const mode of ['invalidate', 'new_record'] as const) {
    it(`hard_deletes='${mode}': a row returning with an updated_at after its deletion starts at that updated_at`, async () => {
      const cols = 'id int, seat varchar, updated_at timestamp';
      const name = `back_${mode}`;
      await source(name, cols, "(1, 'a1', '2024-01-10 00:00'), (2, 'b1', '2024-01-10 00:00')");
      const node = snapshot(`${name}_snap`, name, { strategy: 'timestamp', unique_key: 'id', updated_at: 'updated_at', hard_deletes: mode });
      await run(node, T1);
      await source(name, cols, "(1, 'a1', '2024-01-10 00:00')");
      await run(node, T2);
      // Row 2 was re-created between the two snapshots: its history says so, not the snapshot time.
      await source(name, cols, "(1, 'a1', '2024-01-10 00:00'), (2, 'b2', '2024-02-02 18:30')");
      await run(node, T3);
      await run(node, T3);
      const rows = (await history(`${name}_snap`, mode === 'new_record' ? ', dbt_is_deleted' : '')).filter((r) => r['id'] === 2);
      const expected = [
        ['b1', '2024-01-10 00:00:00', T2],
        ...(mode === 'new_record' ? [['b1', T2, '2024-02-02 18:30:00']] : []),
        ['b2', '2024-02-02 18:30:00', null],
      ];
      assert.deepEqual(
        rows.map((r) => [r['seat'], r['valid_from'], r['valid_to']]),
        expected,
      );
    });
  }

  it("hard_deletes='new_record' records the deletion once and reopens the key when it returns", async () => {
    const cols = 'id int, plan varchar';
    await source('nr', cols, "(1, 'a'), (2, 'b')");
    const node = snapshot('nr_snap', 'nr', { strategy: 'check', unique_key: 'id', check_cols: 'all', hard_deletes: 'new_record' });
    await run(node, T1);
    await source('nr', cols, "(1, 'a')");
    await run(node, T2);
    const rerun = await run(node, T2.replace('06', '07'));
    assert.equal(rerun.rowsAffected, 0, 'the deletion is recorded once');
    await source('nr', cols, "(1, 'a'), (2, 'b2')");
    await run(node, T3);
    assert.deepEqual(
      (await history('nr_snap')).map((r) => [r['id'], r['plan'], r['dbt_is_deleted'], r['valid_from'], r['valid_to']]),
      [
        [1, 'a', 'False', T1, null],
        [2, 'b', 'False', T1, T2],
        [2, 'b', 'True', T2, T3],
        [2, 'b2', 'False', T3, null],
      ],
    );
  });

  it("hard_deletes='new_record' fills a deletion record from the query's columns: one the query dropped is NULL, as in dbt's deletion_records", async () => {
    await source('nr_cols', 'id int, plan varchar, seats int', "(1, 'a', 5), (2, 'b', 7)");
    const node = snapshot('nr_cols_snap', 'nr_cols', { strategy: 'check', unique_key: 'id', check_cols: ['plan'], hard_deletes: 'new_record' });
    await run(node, T1);
    // The query stops returning seats and gains region; key 2 is gone.
    await source('nr_cols', 'id int, plan varchar, region varchar', "(1, 'a', 'eu')");
    await run(node, T2);
    assert.deepEqual(
      (await history('nr_cols_snap')).map((r) => [r['id'], r['plan'], r['seats'], r['region'], r['dbt_is_deleted'], r['valid_from'], r['valid_to']]),
      [
        [1, 'a', 5, null, 'False', T1, null],
        [2, 'b', 7, null, 'False', T1, T2],
        [2, 'b', null, null, 'True', T2, null],
      ],
    );
  });

  it('dbt_valid_to_current and snapshot_meta_column_names', async () => {
    const cols = 'id int, v int';
    await source('cur', cols, '(1, 1)');
    const node = snapshot('cur_snap', 'cur', {
      strategy: 'check',
      unique_key: 'id',
      check_cols: ['v'],
      dbt_valid_to_current: "'9999-12-31'::timestamp",
      snapshot_meta_column_names: { dbt_valid_from: 'start_at', dbt_valid_to: 'end_at', dbt_scd_id: 'version_id' },
    });
    await run(node, T1);
    await source('cur', cols, '(1, 2)');
    await run(node, T2);
    await run(node, T3);
    const rows = await wh.rows('select v, version_id, start_at::varchar as s, end_at::varchar as e from snapshots.cur_snap order by start_at');
    assert.deepEqual(rows, [
      { v: 1, version_id: md5(`1|${T1}`), s: T1, e: T2 },
      { v: 2, version_id: md5(`1|${T2}`), s: T2, e: '9999-12-31 00:00:00' },
    ]);
  });

  it('refuses duplicate source rows for one key, naming them, and writes nothing', async () => {
    const cols = 'id int, v int';
    await source('dup', cols, '(1, 1), (2, 1)');
    const node = snapshot('dup_snap', 'dup', { strategy: 'check', unique_key: 'id', check_cols: 'all' });
    await run(node, T1);
    await source('dup', cols, '(1, 2), (1, 3), (2, 5)');
    const result = await materializeNode(makeContext(wh.adapter, node, { now: at(T2) }));
    assert.equal(result.status, 'error');
    assert.match(result.message, /more than one row for the same unique_key \[id\]: \(id=1\): 2 rows/u);
    assert.deepEqual(await wh.rows('select id, v from snapshots.dup_snap order by id'), [
      { id: 1, v: 1 },
      { id: 2, v: 1 },
    ]);
  });

  it('refuses duplicate keys on the first run too, creating no snapshot with two current rows for one key', async () => {
    await source('ticket_versions', 'ticket varchar, version int, changed_at timestamp', "('T-7', 1, '2024-03-01 08:00'), ('T-7', 2, '2024-03-04 08:00'), ('T-9', 1, '2024-03-02 08:00')");
    const node = snapshot('ticket_snap', 'ticket_versions', { strategy: 'timestamp', unique_key: 'ticket', updated_at: 'changed_at' });
    const result = await materializeNode(makeContext(wh.adapter, node, { now: at(T1) }));
    assert.equal(result.status, 'error');
    assert.match(result.message, /more than one row for the same unique_key \[ticket\]: \(ticket="T-7"\): 2 rows/u);
    assert.deepEqual(await wh.rows("select count(*)::int as n from information_schema.tables where table_name = 'ticket_snap'"), [{ n: 0 }]);
  });

  it('adds columns that appear in the source', async () => {
    await source('grow', 'id int, v int', '(1, 1)');
    const node = snapshot('grow_snap', 'grow', { strategy: 'check', unique_key: 'id', check_cols: ['v'] });
    await run(node, T1);
    await source('grow', 'id int, v int, note varchar', "(1, 2, 'x')");
    await run(node, T2);
    assert.deepEqual(await wh.rows('select id, v, note from snapshots.grow_snap order by dbt_valid_from'), [
      { id: 1, v: 1, note: null },
      { id: 1, v: 2, note: 'x' },
    ]);
  });

  it('takes an SQL expression as unique_key (hashed and matched by its value), with hard deletes', async () => {
    const cols = 'shelf varchar, slot int, title varchar, changed_at timestamp';
    await source('books', cols, "('A', 1, 'Dune', '2024-01-01 08:00'), ('A', 2, 'Emma', '2024-01-01 09:00'), ('B', 1, 'Ulysses', '2024-01-01 10:00')");
    const node = snapshot('books_snap', 'books', { strategy: 'timestamp', unique_key: "shelf || '/' || slot", updated_at: 'changed_at', hard_deletes: 'invalidate' });
    await run(node, T1);
    await source('books', cols, "('A', 1, 'Dune II', '2024-01-04 08:00'), ('B', 1, 'Ulysses', '2024-01-01 10:00')");
    await run(node, T2);
    const rows = await wh.rows(
      'select shelf, slot, title, dbt_scd_id, dbt_valid_to::varchar as valid_to from snapshots.books_snap order by shelf, slot, dbt_valid_from',
    );
    assert.deepEqual(rows, [
      { shelf: 'A', slot: 1, title: 'Dune', dbt_scd_id: md5('A/1|2024-01-01 08:00:00'), valid_to: '2024-01-04 08:00:00' },
      { shelf: 'A', slot: 1, title: 'Dune II', dbt_scd_id: md5('A/1|2024-01-04 08:00:00'), valid_to: null },
      { shelf: 'A', slot: 2, title: 'Emma', dbt_scd_id: md5('A/2|2024-01-01 09:00:00'), valid_to: T2 },
      { shelf: 'B', slot: 1, title: 'Ulysses', dbt_scd_id: md5('B/1|2024-01-01 10:00:00'), valid_to: null },
    ]);
    const columns = await wh.rows("select column_name from information_schema.columns where table_schema = 'snapshots' and table_name = 'books_snap' order by ordinal_position");
    assert.deepEqual(columns.map((c) => c['column_name']), ['shelf', 'slot', 'title', 'changed_at', 'dbt_scd_id', 'dbt_updated_at', 'dbt_valid_from', 'dbt_valid_to']);
  });

  it('takes an SQL expression as updated_at: its value stamps the versions, and no helper column is kept', async () => {
    const cols = 'sku varchar, price int, edited_at timestamp, created_at timestamp';
    await source('prices', cols, "('p1', 5, null, '2024-01-01 08:00'), ('p2', 7, '2024-01-02 09:00', '2024-01-01 08:00')");
    // check strategy: a literal "as of" expression, as a pipeline passes its load date.
    const asOf = (day: string) => snapshot('prices_asof', 'prices', { strategy: 'check', unique_key: 'sku', check_cols: 'all', updated_at: `'${day}'::timestamp` });
    // timestamp strategy: an expression over the row's own columns.
    const latest = snapshot('prices_latest', 'prices', { strategy: 'timestamp', unique_key: 'sku', updated_at: 'coalesce(edited_at, created_at)' });
    await run(asOf('2024-05-01'), T1);
    await run(latest, T1);
    await source('prices', cols, "('p1', 6, '2024-01-03 10:00', '2024-01-01 08:00'), ('p2', 7, '2024-01-02 09:00', '2024-01-01 08:00')");
    await run(asOf('2024-05-02'), T2);
    await run(latest, T2);
    const versions = (name: string) =>
      wh.rows(`select sku, price, dbt_scd_id, dbt_updated_at::varchar as up, dbt_valid_from::varchar as f, dbt_valid_to::varchar as t from snapshots.${name} order by sku, dbt_valid_from`);
    assert.deepEqual(await versions('prices_asof'), [
      { sku: 'p1', price: 5, dbt_scd_id: md5('p1|2024-05-01 00:00:00'), up: '2024-05-01 00:00:00', f: '2024-05-01 00:00:00', t: '2024-05-02 00:00:00' },
      { sku: 'p1', price: 6, dbt_scd_id: md5('p1|2024-05-02 00:00:00'), up: '2024-05-02 00:00:00', f: '2024-05-02 00:00:00', t: null },
      { sku: 'p2', price: 7, dbt_scd_id: md5('p2|2024-05-01 00:00:00'), up: '2024-05-01 00:00:00', f: '2024-05-01 00:00:00', t: null },
    ]);
    assert.deepEqual(
      (await versions('prices_latest')).map((r) => [r['sku'], r['price'], r['f'], r['t']]),
      [
        ['p1', 5, '2024-01-01 08:00:00', '2024-01-03 10:00:00'],
        ['p1', 6, '2024-01-03 10:00:00', null],
        ['p2', 7, '2024-01-02 09:00:00', null],
      ],
    );
    const columns = await wh.rows("select column_name from information_schema.columns where table_schema = 'snapshots' and table_name = 'prices_asof' order by ordinal_position");
    assert.deepEqual(columns.map((c) => c['column_name']), ['sku', 'price', 'edited_at', 'created_at', 'dbt_scd_id', 'dbt_updated_at', 'dbt_valid_from', 'dbt_valid_to']);
  });

  it('fails as a compiler error when snapshot_meta_column_names no longer match the table', async () => {
    await source('renamed', 'id int, v int', '(1, 1)');
    const names = { dbt_valid_from: 'kept_from', dbt_valid_to: 'kept_to' };
    await run(snapshot('renamed_snap', 'renamed', { strategy: 'check', unique_key: 'id', check_cols: 'all', snapshot_meta_column_names: names }), T1);
    const changed = snapshot('renamed_snap', 'renamed', { strategy: 'check', unique_key: 'id', check_cols: 'all', snapshot_meta_column_names: { dbt_valid_to: 'kept_to' } });
    await assert.rejects(materializeNode(makeContext(wh.adapter, changed, { now: at(T2) })), (error: unknown) => {
      assert.ok(isReelhouseError(error));
      assert.equal(error.diagnostic.code, 'compiler-error');
      assert.equal(
        error.diagnostic.message,
        'Snapshot target is missing configured columns (missing "dbt_valid_from"). See https://docs.getdbt.com/docs/build/snapshots#snapshot-meta-fields for more information.',
      );
      return true;
    });
  });

  it("fails with dbt's relation_wrong_type Compilation Error when a view holds the target, before any pre-hook runs", async () => {
    await source('viewed_src', 'id int, v int', '(1, 1)');
    await wh.adapter.execute('create schema if not exists snapshots');
    await wh.adapter.execute('create or replace view snapshots.viewed_snap as select 1 as id');
    await wh.adapter.execute('create or replace table main.snap_hook_log (msg varchar)');
    const node = snapshot('viewed_snap', 'viewed_src', { strategy: 'check', unique_key: 'id', check_cols: 'all' });
    node.config['pre-hook'] = [{ sql: "insert into main.snap_hook_log values ('pre')", transaction: false }];
    const target = `"${wh.database}"."snapshots"."viewed_snap"`;
    await assert.rejects(materializeNode(makeContext(wh.adapter, node, { now: at(T1) })), (error: unknown) => {
      assert.ok(isReelhouseError(error));
      assert.equal(error.diagnostic.code, 'compiler-error');
      assert.equal(
        error.diagnostic.message,
        `Trying to create table ${target}, but it currently exists as a view. Either drop ${target} manually, or run dbt with \`--full-refresh\` and dbt will drop it for you.`,
      );
      return true;
    });
    assert.deepEqual(await wh.rows('select msg from main.snap_hook_log'), []);
  });

  it('requires of an existing target only the id and validity columns, as dbt: a missing dbt_updated_at is added', async () => {
    await source('plain', 'id int, v int', '(1, 1)');
    await wh.adapter.execute('create schema if not exists snapshots');
    await wh.adapter.execute(
      "create or replace table snapshots.plain_snap as select 1 as id, 1 as v, 'x' as dbt_scd_id, timestamp '2024-01-01 00:00' as dbt_valid_from, null::timestamp as dbt_valid_to",
    );
    await source('plain', 'id int, v int', '(1, 2)');
    await run(snapshot('plain_snap', 'plain', { strategy: 'check', unique_key: 'id', check_cols: 'all' }), T2);
    const rows = await wh.rows('select v, dbt_valid_to is null as current, dbt_updated_at::varchar as updated from snapshots.plain_snap order by v');
    assert.deepEqual(rows, [
      { v: 1, current: false, updated: null },
      { v: 2, current: true, updated: T2 },
    ]);
  });

  it("refuses hard_deletes='new_record' on an existing target without dbt_is_deleted, as dbt asks for the column to be added first", async () => {
    await source('flagless', 'id int, v int', '(1, 1)');
    await run(snapshot('flagless_snap', 'flagless', { strategy: 'check', unique_key: 'id', check_cols: 'all' }), T1);
    const recording = snapshot('flagless_snap', 'flagless', { strategy: 'check', unique_key: 'id', check_cols: 'all', hard_deletes: 'new_record' });
    await assert.rejects(materializeNode(makeContext(wh.adapter, recording, { now: at(T2) })), (error: unknown) => {
      assert.ok(isReelhouseError(error));
      assert.equal(error.diagnostic.code, 'compiler-error');
      assert.match(error.diagnostic.message, /^Snapshot target is missing configured columns \(missing "dbt_is_deleted"\)\. /u);
      return true;
    });
  });

  it('refuses hard_deletes together with invalidate_hard_deletes, even when they agree, as dbt does', async () => {
    await source('both_cfg', 'id int', '(1)');
    for (const legacy of [true, false]) {
      const node = snapshot('both_snap', 'both_cfg', { strategy: 'check', unique_key: 'id', check_cols: 'all', hard_deletes: 'invalidate', invalidate_hard_deletes: legacy });
      await assert.rejects(materializeNode(makeContext(wh.adapter, node)), (error: unknown) => {
        assert.ok(isReelhouseError(error));
        assert.equal(error.diagnostic.message, 'You cannot set both the invalidate_hard_deletes and hard_deletes config properties on the same snapshot.');
        return true;
      });
    }
  });

  it("warns as dbt's check_time_data_types when updated_at's type is not the snapshot time's TIMESTAMP", async () => {
    const runs = async (table: string, type: string, hardDeletes: string) => {
      await source(table, `id int, changed ${type}`, "(1, '2024-01-01')");
      const node = snapshot(`${table}_snap`, table, { strategy: 'timestamp', unique_key: 'id', updated_at: 'changed', hard_deletes: hardDeletes });
      const seen: string[] = [];
      for (const now of [T1, T2]) {
        const result = await materializeNode(makeContext(wh.adapter, node, { now: at(now), warn: (d) => seen.push(d.message) }));
        assert.equal(result.status, 'success', result.message);
      }
      return seen;
    };
    const message = (type: string) => `Data type of snapshot table timestamp columns (TIMESTAMP) doesn't match derived column 'updated_at' (${type}). Please update snapshot config 'updated_at'.`;
    assert.deepEqual(await runs('tt_date', 'date', 'ignore'), [message('DATE'), message('DATE')]);
    // With hard deletes tracked, later runs' staging rows union in the snapshot time: a DATE widens to TIMESTAMP.
    assert.deepEqual(await runs('tt_date_inv', 'date', 'invalidate'), [message('DATE')]);
    assert.deepEqual(await runs('tt_tz', 'timestamptz', 'invalidate'), [message('TIMESTAMP WITH TIME ZONE'), message('TIMESTAMP WITH TIME ZONE')]);
    assert.deepEqual(await runs('tt_ts', 'timestamp', 'new_record'), []);
  });

  it('explains a missing strategy setting', async () => {
    await source('cfg', 'id int', '(1)');
    await assert.rejects(materializeNode(makeContext(wh.adapter, snapshot('cfg_snap', 'cfg', { strategy: 'timestamp', unique_key: 'id' }))), /needs updated_at/u);
    await assert.rejects(materializeNode(makeContext(wh.adapter, snapshot('cfg_snap', 'cfg', { strategy: 'check', unique_key: 'id' }))), /needs check_cols/u);
    const missing = await materializeNode(makeContext(wh.adapter, snapshot('cfg_snap', 'cfg', { strategy: 'timestamp', unique_key: 'id', updated_at: 'changed' })));
    assert.match(missing.message, /no column\(s\) changed/u);
  });
});
