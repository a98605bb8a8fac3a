// End to end: `show` prints its preview as dbt does, with agate's print_table and its defaults
// (6 columns, 20 characters a column, 3 decimal places): DECIMALs from their exact digits,
// integers as they are, text left-justified, intervals as Python timedeltas; `--output json` gives
// DECIMALs as JSON numbers and other cells as agate writes them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli } from './test-helpers.js';

let dir = '';
const show = (sql: string, ...more: string[]) => runCli(['show', '-q', '--inline', sql, ...more, '--project-dir', dir, '--profiles-dir', dir]);

before(async () => {
  dir = await newProject('ledger');
});
after(() => rm(dir, { recursive: true, force: true }));

test('show prints a DECIMAL from its exact digits, grouped, right-aligned, cut at 20 characters', async () => {
  // 16 significant digits: a double would round this half up to .001
  const run = await show("select '123456789012.0005'::decimal(16,4) as balance, 12345678901234567.89::decimal(38,2) as wide, 'kept' as note");
  assert.equal(run.code, 0, run.err);
  const lines = run.out.trim().split('\n');
  assert.equal(lines[0], '|              balance |                 wide | note |');
  assert.equal(lines[2], '| 123,456,789,012.000… | 12,345,678,901,23... | kept |');
});

test('show gives a DECIMAL column the places its values need, at most 3 (then with an ellipsis)', async () => {
  const run = await show(`select * from (values
    (10.50::decimal(10,2), 1.23456::decimal(12,5), 100.00::decimal(10,2), -2.0005::decimal(10,4)),
    (3.00::decimal(10,2), 7::decimal(12,5), null, 2.0015::decimal(10,4))) as t(a, b, c, d)`);
  assert.equal(run.code, 0, run.err);
  const lines = run.out.trim().split('\n');
  assert.deepEqual(lines, [
    '|    a |      b |   c |       d |',
    '| ---- | ------ | --- | ------- |',
    '| 10.5 | 1.235… | 100 | -2.000… |',
    '|  3.0 | 7.000… |     |  2.002… |',
  ]);
});

test('show --output json writes DECIMALs as JSON numbers', async () => {
  const run = await show('select 10.25::decimal(10,2) as price, 12345678901234567.89::decimal(38,2) as wide', '--output', 'json');
  assert.equal(run.code, 0, run.err);
  const doc = JSON.parse(run.out) as { show: Record<string, unknown>[] };
  assert.deepEqual(doc.show, [{ price: 10.25, wide: 12345678901234567.89 }]);
});

test('show rounds DECIMAL text half to even to the column places, keeping sign and groups', async () => {
  const run = await show(`select * from (values ('0.0005'::decimal(20,4), 1000::decimal(10,0)), ('1234567.0015', -25), (null, null), ('-0.0004', 7)) as t(a, b)`);
  assert.equal(run.code, 0, run.err);
  assert.deepEqual(run.out.trim().split('\n').slice(2), [
    '|         0.000… | 1,000 |',
    '| 1,234,567.002… |   -25 |',
    '|                |       |',
    '|        -0.000… |     7 |',
  ]);
});

test('show prints at most 6 columns and 20 characters a column, integers ungrouped, floats to their places', async () => {
  const run = await show(
    "select 1234567 as id, 'a description longer than twenty' as description, 2.5::double as ratio, 3 as c4, 4 as c5, true as c6, 'hidden' as c7",
  );
  assert.equal(run.code, 0, run.err);
  assert.deepEqual(run.out.trim().split('\n'), [
    '|      id | description          | ratio | c4 | c5 |   c6 | ... |',
    '| ------- | -------------------- | ----- | -- | -- | ---- | --- |',
    '| 1234567 | a description lon... |   2.5 |  3 |  4 | True | ... |',
  ]);
});

test('show --output json writes cells as agate does: containers as JSON text, dates in ISO form, every non-ASCII character escaped', async () => {
  const sql = "select 'Zürich' as city, [1, 2] as l, {'a': 'é'} as s, timestamp '2024-01-01 10:00:00.5' as ts, date '2024-01-02' as d, 12345678901234567890::hugeint as big, 1e-5::double as tiny";
  const run = await show(sql, '--output', 'json');
  assert.equal(run.code, 0, run.err);
  assert.equal(run.out.trim(), [
    '{',
    '  "show": [',
    '    {',
    '      "city": "Z\\u00fcrich",',
    '      "l": "[1, 2]",',
    '      "s": "{\\"a\\": \\"\\\\u00e9\\"}",',
    '      "ts": "2024-01-01T10:00:00.500000",',
    '      "d": "2024-01-02",',
    '      "big": 12345678901234567890,',
    '      "tiny": 1e-05',
    '    }',
    '  ]',
    '}',
  ].join('\n'));
});

test('show prints an INTERVAL as the str() of the timedelta DuckDB hands Python (30 days a month), as agate keeps it', async () => {
  const run = await show("select interval 14 month as a, interval '-90 minutes' as b, interval '1 day 2 hours 3.5 seconds' as c, interval 0 second as d");
  assert.equal(run.code, 0, run.err);
  assert.deepEqual(run.out.trim().split('\n'), [
    '| a                 | b                | c                    | d       |',
    '| ----------------- | ---------------- | -------------------- | ------- |',
    '| 420 days, 0:00:00 | -1 day, 22:30:00 | 1 day, 2:00:03.50... | 0:00:00 |',
  ]);
  const json = JSON.parse((await show('select interval 3 day as i', '--output', 'json')).out) as unknown;
  assert.deepEqual(json, { show: [{ i: '3 days, 0:00:00' }] });
});

test('show writes a list or struct as dbt JSON-encodes the Python values inside: floats and DECIMALs as floats, datetimes by isoformat()', async () => {
  const sql = "select [1.0, 2.5]::double[] as l, {'a': 2.0, 'at': timestamp '2024-01-01 10:00:00.5', \"b c\": [3::double], 'n': 4} as s";
  const run = await show(sql, '--output', 'json');
  assert.equal(run.code, 0, run.err);
  const doc = JSON.parse(run.out) as { show: Record<string, unknown>[] };
  assert.deepEqual(doc.show, [{ l: '[1.0, 2.5]', s: '{"a": 2.0, "at": "2024-01-01T10:00:00.500000", "b c": [3.0], "n": 4}' }]);
});

test('show prints a TIME as Python writes the time, its fraction with six digits', async () => {
  const run = await show("select time '01:02:03.5' as t, time '01:02:03' as u");
  assert.equal(run.code, 0, run.err);
  assert.equal(run.out.trim().split('\n')[2], '| 01:02:03.500000 | 01:02:03 |');
});

test("show --output json logs ShowNode's preview as agate's to_json writes it: one line, ', ' and ': ' separators, text as it is", async () => {
  const run = await show("select 'é, \"x\": y' as a, 2.0::double as b", '--output', 'json', '--log-format', 'json');
  assert.equal(run.code, 0, run.err);
  const line = run.out.split('\n').find((l) => l.includes('"ShowNode"'));
  const data = (JSON.parse(line ?? '{}') as { data?: { preview?: string } }).data;
  assert.equal(data?.preview, '[{"a": "é, \\"x\\": y", "b": 2.0}]');
});

test("show prints a BLOB as the repr() of the bytes DuckDB hands Python, as agate keeps it", async () => {
  const run = await show("select 'a'::blob as b, '\\xAA\\x00'::blob as c, 'it''s'::blob as d");
  assert.equal(run.code, 0, run.err);
  assert.equal(run.out.trim().split('\n')[2], `| b'a' | b'\\xaa\\x00' | b"it's" |`);
});
