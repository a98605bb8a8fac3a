// End to end: `target` in templates holds the profile's keys and dbt's names, nothing of the loader's own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

test('target lists the profile keys and dbt names, not where the profile file was found', async (t) => {
  const dir = await newProject('larder');
  t.after(() => rm(dir, { recursive: true, force: true }));
  writeProjectFile(dir, 'models/keys.sql', "select '{{ target.keys() | sort | join(\",\") }}' as target_keys\n");
  const run = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.err);
  const sql = readFileSync(join(dir, 'target', 'compiled', 'larder', 'models', 'keys.sql'), 'utf8');
  const keys = /'(.*)'/u.exec(sql)![1]!.split(',');
  for (const key of ['database', 'name', 'path', 'profile_name', 'schema', 'target_name', 'threads', 'type']) assert.ok(keys.includes(key), `${key} in ${keys}`);
  assert.ok(!keys.includes('profiles_file'), keys.join(','));
});
