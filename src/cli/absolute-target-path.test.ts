// End to end: a target-path written absolute in dbt_project.yml is the folder the artifacts go to,
// as dbt's os.path.join(project_root, target_path) takes an absolute second part as it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
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

test('compiled_path and build_path begin with target-path as written, as dbt joins them, and so does the failure summary', async (t) => {
  const elsewhere = await mkdtemp(join(tmpdir(), 'reelhouse-abs-target-'));
  const dir = await newProject('written_target', 'target-path: ./artifacts\n');
  t.after(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(elsewhere, { recursive: true, force: true });
  });
  writeProjectFile(dir, 'models/one.sql', 'select 1 as id\n');
  writeProjectFile(dir, 'models/broken.sql', 'select no_such_column from {{ ref("one") }}\n');
  const run = await runCli(['run', '--project-dir', dir]);
  assert.equal(run.code, 1, run.out + run.err);
  assert.match(run.out, /^\S+ {4}compiled code at \.\/artifacts\/compiled\/written_target\/models\/broken\.sql$/m);
  const one = JSON.parse(readFileSync(join(dir, 'artifacts', 'manifest.json'), 'utf8')).nodes['model.written_target.one'];
  assert.equal(one.compiled_path, './artifacts/compiled/written_target/models/one.sql');
  assert.equal(one.build_path, './artifacts/run/written_target/models/one.sql');

  // An absolute target-path gives absolute paths, as os.path.join does.
  writeProjectFile(dir, 'dbt_project.yml', readFileSync(join(dir, 'dbt_project.yml'), 'utf8').replace('./artifacts', JSON.stringify(elsewhere)));
  const again = await runCli(['run', '--project-dir', dir, '--select', 'one']);
  assert.equal(again.code, 0, again.out + again.err);
  const node = JSON.parse(readFileSync(join(elsewhere, 'manifest.json'), 'utf8')).nodes['model.written_target.one'];
  assert.equal(node.compiled_path, `${elsewhere}/compiled/written_target/models/one.sql`);
});

test('an absolute --target-path is kept as given: the artifacts go there and compiled_path begins with it', async (t) => {
  const elsewhere = await mkdtemp(join(tmpdir(), 'reelhouse-abs-target-'));
  const dir = await newProject('flag_target');
  t.after(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(elsewhere, { recursive: true, force: true });
  });
  writeProjectFile(dir, 'models/one.sql', 'select 1 as id\n');
  const run = await runCli(['run', '--project-dir', dir, '--target-path', elsewhere]);
  assert.equal(run.code, 0, run.out + run.err);
  const node = JSON.parse(readFileSync(join(elsewhere, 'manifest.json'), 'utf8')).nodes['model.flag_target.one'];
  assert.equal(node.compiled_path, `${elsewhere}/compiled/flag_target/models/one.sql`);
  assert.equal(node.build_path, `${elsewhere}/run/flag_target/models/one.sql`);
  // retry finds the run's results there.
  const retry = await runCli(['retry', '--project-dir', dir, '--target-path', elsewhere]);
  assert.equal(retry.code, 0, retry.out + retry.err);
});
