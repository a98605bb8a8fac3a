// End to end: clean's targets (the target path by default) and a pre-1.0 `dbt_modules` one, with dbt's
// install-packages-path deprecation (an error under --warn-error).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, runCli } from './test-helpers.js';

test('clean of a dbt_modules clean target warns that the package path moved', async () => {
  const dir = await newProject('archive', 'clean-targets: ["dbt_modules", "target"]\n');
  try {
    mkdirSync(join(dir, 'dbt_modules', 'old_pkg'), { recursive: true });
    const strict = await runCli(['clean', '--warn-error', '--project-dir', dir]);
    assert.notEqual(strict.code, 0);
    assert.match(strict.err + strict.out, /PackageInstallPathDeprecation/);
    assert.ok(existsSync(join(dir, 'dbt_modules')));

    const run = await runCli(['clean', '--project-dir', dir]);
    assert.equal(run.code, 0);
    assert.match(run.out + run.err, /The default package install path has changed from `dbt_modules` to `dbt_packages`\./);
    assert.equal(existsSync(join(dir, 'dbt_modules')), false);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('clean-targets that also name the install path are no warning', async () => {
  const dir = await newProject('archive', 'packages-install-path: dbt_modules\nclean-targets: ["dbt_modules", "target"]\n');
  try {
    const run = await runCli(['clean', '--project-dir', dir]);
    assert.equal(run.code, 0);
    assert.doesNotMatch(run.out + run.err, /package install path/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('without clean-targets, clean deletes the target path alone (the --target-path one when given), with no warning', async () => {
  const dir = await newProject('plain', '');
  try {
    for (const folder of ['target', 'elsewhere', 'dbt_modules']) mkdirSync(join(dir, folder), { recursive: true });
    const flagged = await runCli(['clean', '--target-path', 'elsewhere', '--project-dir', dir]);
    assert.equal(flagged.code, 0, flagged.err);
    assert.equal(existsSync(join(dir, 'elsewhere')), false);
    assert.ok(existsSync(join(dir, 'target')), 'the project target path is not the one in force');
    const run = await runCli(['clean', '--warn-error', '--project-dir', dir]);
    assert.equal(run.code, 0, run.err);
    assert.doesNotMatch(run.out + run.err, /package install path/);
    assert.equal(existsSync(join(dir, 'target')), false);
    assert.ok(existsSync(join(dir, 'dbt_modules')), 'dbt_modules is no default clean target');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
