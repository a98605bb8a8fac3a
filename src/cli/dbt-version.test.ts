// The dbt version Reelhouse follows is the one templates branch on and every artifact names.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, queryDb, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
before(async () => {
  dir = await newProject('versioned');
  // As packages test it: the major and minor parts of dbt_version, as numbers.
  writeProjectFile(
    dir,
    'models/seen.sql',
    "{% set parts = dbt_version.split('.') %}\nselect '{{ dbt_version }}' as version, {{ parts[0] | int >= 1 and parts[1] | int >= 10 }} as at_least_1_10\n",
  );
});
after(() => rm(dir, { recursive: true, force: true }));

test('templates see dbt 1.10 as dbt_version, and manifest.json and run_results.json name the same version', async () => {
  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  const [rows] = await queryDb(join(dir, 'versioned.duckdb'), 'select version, at_least_1_10 from main.seen');
  const [version, atLeast] = rows[0]!;
  assert.match(String(version), /^1\.10\.\d+$/);
  assert.equal(atLeast, true);
  for (const artifact of ['manifest.json', 'run_results.json']) {
    assert.equal(readArtifact<{ metadata: { dbt_version: string } }>(dir, artifact).metadata.dbt_version, version, artifact);
  }
});
