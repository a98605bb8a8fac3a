import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DuckDbAdapter } from './duckdb-adapter.js';
import { openTestWarehouse, type TestWarehouse } from './test-warehouse.js';

let warehouse: TestWarehouse;
let db: DuckDbAdapter;

before(async () => {
  // A zone far from UTC proves TIMESTAMPTZ values come back in UTC whatever the session says.
  warehouse = await openTestWarehouse({ settings: { TimeZone: 'America/Los_Angeles' } });
  db = warehouse.adapter;
});
after(() => warehouse.dispose());

/** Each case: a DuckDB expression, its printed type, and the plain value expected. */
const CASES: { expr: string; dataType: string; value: unknown }[] = [
  { expr: 'true', dataType: 'BOOLEAN', value: true },
  { expr: '7::tinyint', dataType: 'TINYINT', value: 7 },
  { expr: '-300::smallint', dataType: 'SMALLINT', value: -300 },
  { expr: '2147483647::integer', dataType: 'INTEGER', value: 2147483647 },
  { expr: '9007199254740991::bigint', dataType: 'BIGINT', value: 9007199254740991 },
  { expr: '9007199254740993::bigint', dataType: 'BIGINT', value: '9007199254740993' },
  { expr: '(-9223372036854775808)::bigint', dataType: 'BIGINT', value: '-9223372036854775808' },
  { expr: '18446744073709551615::ubigint', dataType: 'UBIGINT', value: '18446744073709551615' },
  { expr: '42::hugeint', dataType: 'HUGEINT', value: 42 },
  { expr: '170141183460469231731687303715884105727::hugeint', dataType: 'HUGEINT', value: '170141183460469231731687303715884105727' },
  { expr: '1.5::float', dataType: 'FLOAT', value: 1.5 },
  { expr: '0.1::double', dataType: 'DOUBLE', value: 0.1 },
  { expr: "'infinity'::double", dataType: 'DOUBLE', value: Infinity },
  { expr: '123.456::decimal(18,3)', dataType: 'DECIMAL(18,3)', value: 123.456 },
  { expr: '-0.5::decimal(4,2)', dataType: 'DECIMAL(4,2)', value: -0.5 },
  { expr: '12345678901234567.891::decimal(38,3)', dataType: 'DECIMAL(38,3)', value: 12345678901234567.891 },
  { expr: "'héllo'", dataType: 'VARCHAR', value: 'héllo' },
  { expr: "date '2024-02-29'", dataType: 'DATE', value: '2024-02-29' },
  { expr: "timestamp '2024-01-02 03:04:05'", dataType: 'TIMESTAMP', value: '2024-01-02 03:04:05' },
  { expr: "timestamp '2024-01-02 03:04:05.123456'", dataType: 'TIMESTAMP', value: '2024-01-02 03:04:05.123456' },
  { expr: "timestamp '2024-01-02 03:04:05.5'", dataType: 'TIMESTAMP', value: '2024-01-02 03:04:05.5' },
  { expr: "timestamptz '2024-07-02 03:04:05+02'", dataType: 'TIMESTAMP WITH TIME ZONE', value: '2024-07-02 01:04:05+00' },
  { expr: "time '12:34:56.789'", dataType: 'TIME', value: '12:34:56.789' },
  { expr: "interval '1 month 2 days 3 hours'", dataType: 'INTERVAL', value: '1 month 2 days 03:00:00' },
  { expr: "'5c6d3a0e-1b6f-4d2e-9c3b-0a8f1e2d3c4b'::uuid", dataType: 'UUID', value: '5c6d3a0e-1b6f-4d2e-9c3b-0a8f1e2d3c4b' },
  { expr: "'\\xAA\\x01abc'::blob", dataType: 'BLOB', value: 'AA01616263' },
  { expr: '[1, 2, null]', dataType: 'INTEGER[]', value: [1, 2, null] },
  { expr: "[[date '2024-01-01'], []]", dataType: 'DATE[][]', value: [['2024-01-01'], []] },
  { expr: '[1, 2]::integer[2]', dataType: 'INTEGER[2]', value: [1, 2] },
  { expr: "{'a': 1, 'b': 'x', 'c': [1.5::decimal(4,1)]}", dataType: 'STRUCT(a INTEGER, b VARCHAR, c DECIMAL(4,1)[])', value: { a: 1, b: 'x', c: [1.5] } },
  { expr: "map {'k1': 1, 'k2': 2}", dataType: 'MAP(VARCHAR, INTEGER)', value: { k1: 1, k2: 2 } },
  { expr: "map {1: date '2024-01-01'}", dataType: 'MAP(INTEGER, DATE)', value: { '1': '2024-01-01' } },
  { expr: "'{\"a\": [1]}'::json", dataType: 'JSON', value: '{"a": [1]}' },
  { expr: "'b'::enum ('a', 'b')", dataType: "ENUM('a', 'b')", value: 'b' },
  { expr: 'null::integer', dataType: 'INTEGER', value: null },
  { expr: "[{'k': null::timestamp}]", dataType: 'STRUCT(k TIMESTAMP)[]', value: [{ k: null }] },
  { expr: "{'My Key': 1, 'select': [{'x': 'y'}], 'B': 2}", dataType: 'STRUCT("My Key" INTEGER, "select" STRUCT(x VARCHAR)[], B INTEGER)', value: { 'My Key': 1, select: [{ x: 'y' }], B: 2 } },
  { expr: "union_value(num := 2)::union(num integer, str varchar)", dataType: 'UNION(num INTEGER, str VARCHAR)', value: 2 },
  { expr: "['{}'::json]", dataType: 'JSON[]', value: ['{}'] },
];

describe('values crossing the thread boundary', () => {
  for (const { expr, dataType, value } of CASES) {
    it(`${dataType}: ${expr}`, () => {
      const result = db.executeSync(`select ${expr} as v`);
      assert.deepEqual(result.columns, [{ name: 'v', dataType }]);
      assert.deepEqual(result.rows, [[value]]);
    });
  }

  it('prints temporal values exactly as DuckDB casts them to text', async () => {
    const exprs = [
      "date '1999-12-31'",
      "timestamp '2024-01-02 03:04:05'",
      "timestamp '2024-01-02 03:04:05.000123'",
      "timestamp '1970-01-01 00:00:00.1'",
      "time '00:00:00.000001'",
      "interval '-1 year 5 days 00:00:01.5'",
      "'2024-01-02 03:04:05.123'::timestamp_ms",
      "'2024-01-02 03:04:05'::timestamp_s",
    ];
    for (const expr of exprs) {
      const result = await db.execute(`select ${expr} as v, cast(${expr} as varchar) as text`);
      const [row] = result.rows;
      assert.equal(row?.[0], row?.[1], expr);
    }
    // TIMESTAMPTZ prints in UTC: compare with DuckDB's text for the same instant in UTC.
    const tz = await db.execute("select ts, cast(timezone('UTC', ts) as varchar) || '+00' from (select timestamptz '2024-12-24 18:00:00.25-05' as ts)");
    assert.equal(tz.rows[0]?.[0], tz.rows[0]?.[1]);
  });

  it('reports the same type names for a query and for the table built from it', async () => {
    const select = CASES.map(({ expr }, i) => `${expr} as c${i}`).join(', ');
    await db.execute(`create or replace table every_type as select ${select}`);
    const columns = await db.getColumns({ schema: 'main', identifier: 'every_type' });
    const queried = await db.execute('select * from every_type');
    assert.deepEqual(
      columns.map((c) => c.dataType),
      CASES.map((c) => c.dataType),
    );
    assert.deepEqual(queried.columns.map((c) => c.dataType), CASES.map((c) => c.dataType));
    assert.deepEqual(queried.rows[0], CASES.map((c) => c.value));
  });

  it('hands DECIMAL values over as exact text with all their places when asked, numbers otherwise', async () => {
    const sql = 'select 12345678901234567.89::decimal(38,2) as a, -0.5::decimal(4,2) as b, 7::decimal(5,0) as c, sum(x) as d, null::decimal(20,3) as e, [1.5::decimal(4,1)] as f from (values (0.1234567890::decimal(38,10)), (99999999999999999.9999999999::decimal(38,10))) t(x)';
    const exact = await db.execute(sql, { exactDecimals: true });
    assert.deepEqual(exact.rows, [['12345678901234567.89', '-0.50', '7', '100000000000000000.1234567889', null, [1.5]]]);
    assert.deepEqual(db.executeSync(sql, { exactDecimals: true }).rows, exact.rows);
    assert.deepEqual((await db.execute(sql)).rows, [[12345678901234567.89, -0.5, 7, 100000000000000000.1234567889, null, [1.5]]]);
  });

  it('round-trips values through params into a table and back', async () => {
    await db.execute('create or replace table typed (i integer, b bigint, d decimal(10,2), s varchar, dt date, ts timestamp, ok boolean, tags varchar[])');
    const row = [5, 9007199254740991, 12.34, "it's", '2024-05-06', '2024-05-06 07:08:09.5', false, ['a', 'b']];
    await db.execute('insert into typed values ($1, $2, $3, $4, $5, $6, $7, $8)', { params: row });
    assert.deepEqual((await db.execute('select * from typed')).rows, [row]);
    const when = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 600));
    assert.deepEqual(db.executeSync('select $1::varchar', { params: [when] }).rows, [['2024-01-02 03:04:05.6']]);
  });
});
