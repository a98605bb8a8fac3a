// End to end: a project whose packages.yml lists packages that are not installed stops with the
// advice to run deps before any of its files is read, as dbt checks its packages before parsing:
// an error the missing package would explain (a doc block it holds) is not what is reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from '../../cli/test-helpers.js';

test('an uninstalled package is reported before a doc() its files would have defined', async () => {
  const dir = await newProject('pantry');
  try {
    writeProjectFile(dir, 'packages.yml', 'packages:\n  - local: vendor/labels\n');
    writeProjectFile(dir, 'vendor/labels/dbt_project.yml', "name: labels\nversion: '1.0.0'\nconfig-version: 2\n");
    writeProjectFile(dir, 'vendor/labels/models/docs.md', '{% docs jar_id %}The jar.{% enddocs %}\n');
    writeProjectFile(dir, 'models/jars.sql', 'select 1 as jar_id\n');
    writeProjectFile(dir, 'models/jars.yml', "models:\n  - name: jars\n    columns:\n      - name: jar_id\n        description: \"{{ doc('jar_id') }}\"\n");
    for (const command of ['parse', 'ls', 'build']) {
      const run = await runCli([command, '--project-dir', dir, '--profiles-dir', dir]);
      assert.equal(run.code, 2, `${command}\n${run.out}\n${run.err}`);
      assert.match(run.err, /Found 1 package\(s\) specified in packages\.yml, but only 0 package\(s\) installed in dbt_packages\./u, command);
      assert.doesNotMatch(run.err, /Documentation for 'jar_id' not found/u, command);
    }
    assert.equal((await runCli(['deps', '--project-dir', dir, '--profiles-dir', dir])).code, 0);
    const parsed = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(parsed.code, 0, parsed.err);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
