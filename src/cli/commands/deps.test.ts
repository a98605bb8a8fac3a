import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, runCli, writeProjectFile } from '../test-helpers.js';
import { depsEvent } from './deps.js';

test("deps prints each install line under dbt's event, and --add-package says what it added where, as dbt does", async () => {
  const dir = await newProject('granary');
  try {
    writeProjectFile(dir, 'sacks/dbt_project.yml', 'name: sacks\n');
    const run = await runCli(['deps', '--project-dir', dir, '--add-package', 'sacks', '--source', 'local', '--log-format', 'json']);
    assert.equal(run.code, 0, run.out + run.err);
    const events = run.out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { info: { name: string; code: string; msg: string }; data: Record<string, unknown> });
    assert.deepEqual(events.map((e) => [e.info.name, e.info.code, e.info.msg]), [
      ['MainReportVersion', 'A001', 'Running with reelhouse=0.1.0'],
      ['DepsAddPackage', 'M032', `Added new package sacks@None to ${join(dir, 'packages.yml')}`],
      ['DepsLockUpdating', 'M031', `Updating lock file in file path: ${join(dir, 'package-lock.yml')}`],
      ['DepsStartPackageInstall', 'M014', 'Installing sacks'],
      ['DepsInstallInfo', 'M015', 'Installed from <local @ sacks>'],
    ]);
    assert.deepEqual(events[0]!.data, { version: '=0.1.0', log_version: 3 });
    assert.deepEqual(events[3]!.data, { package_name: 'sacks' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the lines of a hub install map to their own dbt events', () => {
  assert.deepEqual(depsEvent('Updated version available: 1.3.0'), ['DepsUpdateAvailable', { version_latest: '1.3.0' }]);
  assert.deepEqual(depsEvent('Up to date!'), ['DepsUpToDate']);
  assert.deepEqual(depsEvent(''), ['Formatting', { msg: '' }]);
  assert.equal(depsEvent("Updates available for packages: ['a/b'] \nUpdate your versions in packages.yml, then run dbt deps")[0], 'DepsNotifyUpdatesAvailable');
});

test('deps with no packages warns twice, writes no lock file and leaves an empty packages folder, as dbt does; --lock warns once', async () => {
  const dir = await newProject('pantry');
  try {
    const count = (text: string): number => text.split('\n').filter((l) => l.endsWith('Warning: No packages were found in packages.yml')).length;
    writeProjectFile(dir, 'dbt_packages/stale/dbt_project.yml', 'name: stale\n');
    const missing = await runCli(['deps', '--project-dir', dir]);
    assert.equal(missing.code, 0, missing.out + missing.err);
    assert.equal(count(missing.out), 2, missing.out);
    assert.deepEqual(readdirSync(join(dir, 'dbt_packages')), []);
    writeProjectFile(dir, 'packages.yml', 'packages: []\n');
    const empty = await runCli(['deps', '--project-dir', dir]);
    assert.equal(count(empty.out), 2, empty.out);
    assert.equal(existsSync(join(dir, 'package-lock.yml')), false);
    const lock = await runCli(['deps', '--lock', '--project-dir', dir]);
    assert.equal(count(lock.out), 1, lock.out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
