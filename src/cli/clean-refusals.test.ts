// End to end: dbt's clean checks every clean-targets entry before it deletes anything: a folder
// the project reads its resources from (models, seeds, tests...) or one outside the project is
// refused, and then nothing at all is deleted. A folder named twice is cleaned once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

test('clean-targets naming the models folder is refused before anything is deleted', async () => {
  const dir = await newProject('shed', 'clean-targets: [target, models]\n');
  try {
    mkdirSync(join(dir, 'target'), { recursive: true });
    writeProjectFile(dir, 'models/tools.sql', 'select 1 as id\n');
    const run = await runCli(['clean', '--project-dir', dir]);
    assert.notEqual(run.code, 0, run.out);
    // dbt's words: the refused folders as a Python list of absolute paths.
    assert.match(run.err, /dbt_project\.yml: dbt will not clean the following source paths: \['\/[^']*\/models'\]$/mu);
    assert.doesNotMatch(run.out, /Checking|Cleaned/u);
    assert.ok(existsSync(join(dir, 'models', 'tools.sql')), 'the models folder is kept');
    assert.ok(existsSync(join(dir, 'target')), 'the target folder listed first is kept too');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('an entry outside the project refuses the clean before the entries listed ahead of it are deleted', async () => {
  const dir = await newProject('shed', 'clean-targets: [target, "../elsewhere"]\n');
  try {
    mkdirSync(join(dir, 'target'), { recursive: true });
    const run = await runCli(['clean', '--project-dir', dir]);
    assert.notEqual(run.code, 0, run.out);
    assert.match(run.err, /dbt_project\.yml: dbt will not clean the following directories outside the project: \['\/[^']*\/elsewhere'\]$/mu);
    assert.doesNotMatch(run.err, /\.\.\/elsewhere/u);
    assert.ok(existsSync(join(dir, 'target')), 'the target folder is kept');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a folder listed twice (once with a trailing slash) is checked and cleaned once', async () => {
  const dir = await newProject('shed', 'clean-targets: [target, "target/"]\n');
  try {
    const run = await runCli(['clean', '--project-dir', dir]);
    assert.equal(run.code, 0, run.err);
    assert.equal(run.out.split('\n').filter((l) => l.includes('Checking ')).length, 1, run.out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
