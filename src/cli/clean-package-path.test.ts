// End to end: clean still deletes a pre-1.0 `dbt_modules` clean target, with dbt's
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
