// End to end: deps validates dbt_project.yml before it reads packages.yml, as dbt's deps loads the
// project first: a project dbt refuses stops deps with exit 2 and installs nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { hasStackTrace, newProject, runCli, writeProjectFile } from '../test-helpers.js';

test('deps refuses a project whose name dbt refuses, before installing its packages', async () => {
  const dir = await newProject('cellar');
  try {
    writeProjectFile(dir, 'dbt_project.yml', "name: 'wine-cellar'\nversion: '1.0.0'\nprofile: cellar\n");
    writeProjectFile(dir, 'racks/dbt_project.yml', 'name: racks\n');
    writeProjectFile(dir, 'packages.yml', 'packages:\n  - local: racks\n');
    const run = await runCli(['deps', '--project-dir', dir]);
    const text = run.out + run.err;
    assert.equal(run.code, 2, text);
    assert.match(text, /Project name 'wine-cellar' is not valid/u);
    assert.ok(!hasStackTrace(text), text);
    assert.doesNotMatch(text, /Installing racks/u);
    assert.equal(existsSync(join(dir, 'dbt_packages')), false);
    assert.equal(existsSync(join(dir, 'package-lock.yml')), false);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('deps of a valid project renders its dbt_project.yml with --vars and installs its packages', async () => {
  const dir = await newProject('cellar');
  try {
    writeProjectFile(dir, 'dbt_project.yml', "name: cellar\nversion: '1.0.0'\nprofile: cellar\nmodel-paths: [\"{{ var('models_dir') }}\"]\n");
    writeProjectFile(dir, 'racks/dbt_project.yml', 'name: racks\n');
    writeProjectFile(dir, 'packages.yml', 'packages:\n  - local: racks\n');
    const run = await runCli(['deps', '--project-dir', dir, '--vars', '{models_dir: models}']);
    assert.equal(run.code, 0, run.out + run.err);
    assert.match(run.out, /Installing racks/u);
    assert.equal(existsSync(join(dir, 'dbt_packages', 'racks', 'dbt_project.yml')), true);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
