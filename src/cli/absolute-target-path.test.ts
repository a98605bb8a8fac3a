// End to end: a target-path written absolute in dbt_project.yml is the folder the artifacts go to,
// as dbt's os.path.join(project_root, target_path) takes an absolute second part as it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

test('run writes manifest.json, run_results.json and compiled SQL under an absolute target-path', async (t) => {
  const elsewhere = await mkdtemp(join(tmpdir(), 'reelhouse-abs-target-'));
  const dir = await newProject('abs_target', `target-path: ${JSON.stringify(elsewhere)}\n`);
  t.after(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(elsewhere, { recursive: true, force: true });
  });
  writeProjectFile(dir, 'models/one.sql', 'select 1 as id\n');
  const run = await runCli(['run', '--project-dir', dir]);
  assert.equal(run.code, 0, run.out + run.err);
  for (const file of ['manifest.json', 'run_results.json', join('compiled', 'abs_target', 'models', 'one.sql')]) {
    assert.ok(existsSync(join(elsewhere, file)), file);
  }
  assert.ok(!existsSync(join(dir, elsewhere)), 'nothing written under the project folder');
});
