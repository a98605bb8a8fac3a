// End to end: a console line is stamped as dbt stamps it — the UTC time of day, whatever the
// machine's zone, before the first line of a message only (an error's detail and a multi-line
// log() keep their further lines as written).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelhouse-line-stamps-'));
  writeProjectFile(dir, 'dbt_project.yml', 'name: stamps\nprofile: stamps\n');
  writeProjectFile(dir, 'profiles.yml', 'stamps:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: stamps.duckdb\n');
  writeProjectFile(dir, 'macros/shout.sql', "{% macro shout() %}{% do log('first line\\n  second line\\nthird line', info=true) %}{% endmacro %}\n");
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('a multi-line message is stamped once, with the UTC time, in a zone far from UTC', async () => {
  const zone = process.env['TZ'];
  process.env['TZ'] = 'Asia/Kathmandu';
  try {
    const utc = (): string => new Date().toISOString().slice(11, 16);
    const startedAt = utc();
    const run = await runCli(['run-operation', 'shout', '--project-dir', dir, '--profiles-dir', dir]);
    const endedAt = utc();
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const lines = run.out.split('\n');
    const at = lines.findIndex((line) => line.endsWith('  first line'));
    assert.ok(at >= 0, run.out);
    const stamp = lines[at]!.slice(0, 5);
    assert.ok(stamp === startedAt || stamp === endedAt, `${lines[at]} is not stamped with the UTC time ${startedAt}`);
    assert.match(lines[at]!, /^\d\d:\d\d:\d\d {2}first line$/u);
    assert.deepEqual(lines.slice(at + 1, at + 3), ['  second line', 'third line']);
  } finally {
    if (zone === undefined) delete process.env['TZ'];
    else process.env['TZ'] = zone;
  }
});
