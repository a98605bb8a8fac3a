// End to end: numbers read back with run_query render as dbt renders agate's cells, from a
// real DuckDB file: floats and DECIMALs are Decimals (3.0 stays `3.0`, 60.00 keeps its scale),
// integer types stay ints.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('run_query cells of DOUBLE, FLOAT, DECIMAL and integer types render as agate holds them', async () => {
  dir = await newProject('tallies');
  writeProjectFile(
    dir,
    'models/tally.sql',
    [
      '{% if execute %}',
      "{% set r = run_query(\"select 3.0::double, 0.5::float, 60.00::decimal(10,2), 7::integer, 9000000000::bigint, sum(v), avg(v) from (values (1), (2)) t(v)\").rows[0] %}",
      '-- {{ r[0] }}|{{ r[1] }}|{{ r[2] }}|{{ r[3] }}|{{ r[4] }}|{{ r[5] }}|{{ r[6] }}|{{ r[2] * 2 }}|{{ r[2] | int }}|{{ r[0] == 3 }}',
      '{% endif %}',
      'select 1 as id',
      '',
    ].join('\n'),
  );
  const run = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.err);
  const compiled = readFileSync(join(dir, 'target/compiled/tallies/models/tally.sql'), 'utf8');
  assert.match(compiled, /-- 3\.0\|0\.5\|60\.00\|7\|9000000000\|3\|1\.5\|120\.00\|60\|True\n/);
});

test('run_query DECIMAL cells are exact past the 15 digits a double holds, sums included', async () => {
  const wide = await newProject('ledger');
  try {
    writeProjectFile(
      wide,
      'models/ledger.sql',
      [
        '{% if execute %}',
        "{% set r = run_query(\"select 12345678901234567.89::decimal(38,2), sum(x), 0.1::decimal(18,3) from (values (0.1234567890::decimal(38,10)), (99999999999999999.9999999999::decimal(38,10))) t(x)\").rows[0] %}",
        '-- {{ r[0] }}|{{ r[1] }}|{{ r[2] }}|{{ r[0] + 1 }}|{{ r[1] * 10 }}',
        '{% endif %}',
        'select 1 as id',
        '',
      ].join('\n'),
    );
    const run = await runCli(['compile', '--project-dir', wide, '--profiles-dir', wide]);
    assert.equal(run.code, 0, run.err);
    const compiled = readFileSync(join(wide, 'target/compiled/ledger/models/ledger.sql'), 'utf8');
    assert.match(compiled, /-- 12345678901234567\.89\|100000000000000000\.1234567889\|0\.100\|12345678901234568\.89\|1000000000000000001\.234567889\n/);
  } finally {
    await rm(wide, { recursive: true, force: true });
  }
});

test('run_query BIGINT and HUGEINT cells past 2**53 are exact ints, in arithmetic too', async () => {
  const big = await newProject('odometer');
  try {
    writeProjectFile(
      big,
      'models/odometer.sql',
      [
        '{% if execute %}',
        "{% set t = run_query(\"select 9007199254740993::bigint as km, 170141183460469231731687303715884105727::hugeint as top, 12::bigint as small\") %}",
        '{% set r = t.rows[0] %}',
        "-- {{ r['km'] }}|{{ r['km'] + 1 }}|{{ r['km'] * 2 }}|{{ r['km'] // 2 }}|{{ r['km'] == 9007199254740992 }}|{{ r['km'] is integer }}|{{ r['top'] - 1 }}|{{ r['small'] + 1 }}|{{ t.columns['km'].values() }}|{{ [r['km']] | tojson }}",
        '{% endif %}',
        'select 1 as id',
        '',
      ].join('\n'),
    );
    const run = await runCli(['compile', '--project-dir', big, '--profiles-dir', big]);
    assert.equal(run.code, 0, run.err);
    const compiled = readFileSync(join(big, 'target/compiled/odometer/models/odometer.sql'), 'utf8');
    // What dbt renders with Python's ints (agate's Integer column keeps them exact).
    assert.match(compiled, /-- 9007199254740993\|9007199254740994\|18014398509481986\|4503599627370496\|False\|True\|170141183460469231731687303715884105726\|13\|\(9007199254740993,\)\|\[9007199254740993\]\n/);
  } finally {
    await rm(big, { recursive: true, force: true });
  }
});
