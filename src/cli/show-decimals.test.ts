// End to end: `show` prints DECIMAL values from their exact digits, formatted as dbt's agate
// table prints a Number column; `--output json` gives them as JSON numbers, as agate does.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli } from './test-helpers.js';
import { formatDecimalColumn } from './commands/show-decimals.js';

let dir = '';
const show = (sql: string, ...more: string[]) => runCli(['show', '-q', '--inline', sql, ...more, '--project-dir', dir, '--profiles-dir', dir]);

before(async () => {
  dir = await newProject('ledger');
});
after(() => rm(dir, { recursive: true, force: true }));

test('show prints a wide DECIMAL with all its digits, grouped, right-aligned', async () => {
  const run = await show("select 12345678901234567.89::decimal(38,2) as balance, 'kept' as note");
  assert.equal(run.code, 0, run.err);
  const lines = run.out.trim().split('\n');
  assert.equal(lines[0], '| balance                   | note |');
  assert.equal(lines[2], '| 12,345,678,901,234,567.89 | kept |');
});

test('show gives a DECIMAL column the places its values need, at most 3 (then with an ellipsis)', async () => {
  const run = await show(`select * from (values
    (10.50::decimal(10,2), 1.23456::decimal(12,5), 100.00::decimal(10,2), -2.0005::decimal(10,4)),
    (3.00::decimal(10,2), 7::decimal(12,5), null, 2.0015::decimal(10,4))) as t(a, b, c, d)`);
  assert.equal(run.code, 0, run.err);
  const lines = run.out.trim().split('\n');
  assert.deepEqual(lines, [
    '| a    | b      | c   | d       |',
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

test('DECIMAL text rounds half to even to the column places, keeping sign and groups', () => {
  assert.deepEqual(formatDecimalColumn(['0.0005', '1234567.0015', null, '-0.0004']), ['0.000…', '1,234,567.002…', null, '-0.000…']);
  assert.deepEqual(formatDecimalColumn(['1000', '-25']), ['1,000', '-25']);
});
