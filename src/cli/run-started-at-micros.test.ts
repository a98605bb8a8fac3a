// End to end: run_started_at is a datetime to the microsecond, as dbt's (datetime.now(pytz.utc)),
// not a millisecond reading padded with three zeros.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('hourglass');
  writeProjectFile(dir, 'models/grains.sql', "select '{{ run_started_at.isoformat() }}' as started, '{{ run_started_at.strftime('%f') }}' as micros\n");
});
after(async () => rm(dir, { recursive: true, force: true }));

test('run_started_at carries the microseconds of the instant the invocation began', async () => {
  // The clock reading at the start of an invocation can fall on a whole millisecond; of three
  // invocations, each must agree with its manifest to the microsecond.
  for (let i = 0; i < 3; i++) {
    const run = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, run.out + run.err);
    const sql = readFileSync(join(dir, 'target', 'compiled', 'hourglass', 'models', 'grains.sql'), 'utf8');
    const m = /^select '(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.(\d{6}))\+00:00' as started, '(\d{6})' as micros$/mu.exec(sql);
    assert.ok(m, sql);
    assert.equal(m[3], m[2]);
    // The manifest's invocation_started_at is read from the same clock reading, to the microsecond.
    const manifest = readArtifact<{ metadata: Record<string, unknown> }>(dir, 'manifest.json');
    assert.equal(`${m[1]}Z`, manifest.metadata['invocation_started_at']);
  }
});
