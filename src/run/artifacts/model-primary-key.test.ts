// End to end: a running model reads model.primary_key as the key manifest.json gives it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from '../../cli/test-helpers.js';

test('model.primary_key is empty while parsing and the inferred key while the model runs', async () => {
  const dir = await newProject('tannery');
  try {
    writeProjectFile(dir, 'models/hides.sql', "{% do log('key=' ~ model.primary_key ~ ' execute=' ~ execute, info=True) %}\nselect 1 as hide_id\n");
    writeProjectFile(dir, 'models/hides.yml', 'version: 2\nmodels:\n  - name: hides\n    columns:\n      - name: hide_id\n        data_tests: [unique, not_null]\n');
    const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, run.out + run.err);
    assert.match(run.out, /key=\[\] execute=False/u);
    assert.match(run.out, /key=\['hide_id'\] execute=True/u);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
