// End to end: a config written as `2.0` in a property file's `config:` block or in dbt_project.yml
// is a float, as PyYAML reads it, so config.get() and model.config print `2.0` as dbt does; an
// unchanged project still compares equal to its saved manifest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { listLines, newProject, runCli, writeProjectFile } from './test-helpers.js';

test('float configs from YAML stay floats in config.get() and model.config', async () => {
  const dir = await newProject('harbour', 'models:\n  harbour:\n    +depth: 3.0\n    +tide: 0.5\n');
  try {
    writeProjectFile(dir, 'models/docks.yml', 'version: 2\nmodels:\n  - name: docks\n    config:\n      length: 2.0\n      berths: 4\n');
    writeProjectFile(
      dir,
      'models/docks.sql',
      "select 1 as id\n-- {{ config.get('length') }} {{ config.get('berths') }} {{ config.get('depth') }} {{ model.config.depth }} {{ config.get('tide') }}\n",
    );
    const run = await runCli(['compile', '--project-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const sql = readFileSync(join(dir, 'target', 'compiled', 'harbour', 'models', 'docks.sql'), 'utf8');
    assert.equal(sql.split('\n')[1], '-- 2.0 4 3.0 3.0 0.5');
    await cp(join(dir, 'target'), join(dir, 'saved'), { recursive: true });
    assert.deepEqual(await listLines(dir, '-s', 'state:modified', '--state', join(dir, 'saved')), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
