// End to end: --models, --model and -m still select, and warn as dbt 1.10's
// ModelParamUsageDeprecation, counted in the closing DeprecationsSummary; --select does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

test('--models, --model and -m warn that they are deprecated in favour of --select, and still select', async () => {
  const dir = await newProject('mill');
  try {
    writeProjectFile(dir, 'models/grain.sql', 'select 1 as grain_id\n');
    writeProjectFile(dir, 'models/flour.sql', "select * from {{ ref('grain') }}\n");
    for (const flag of ['--models', '--model', '-m']) {
      const run = await runCli(['ls', '--project-dir', dir, '--profiles-dir', dir, flag, 'flour']);
      assert.equal(run.code, 0, run.err);
      const text = run.out + run.err;
      assert.match(text, /Usage of `--models`, `--model`, and `-m` is deprecated in favor of `--select` or `-s`\./u, flag);
      assert.match(text, /- ModelParamUsageDeprecation: 1 occurrence/u, flag);
      assert.match(run.out, /^mill\.flour$/mu, flag);
      assert.doesNotMatch(run.out, /^mill\.grain$/mu, flag);
    }
    const selected = await runCli(['ls', '--project-dir', dir, '--profiles-dir', dir, '--select', 'flour']);
    assert.doesNotMatch(selected.out + selected.err, /ModelParamUsageDeprecation|--models/u);
    // As any warning dbt names, --warn-error-options can make it an error.
    const strict = await runCli(['ls', '--project-dir', dir, '--profiles-dir', dir, '-m', 'flour', '--warn-error-options', '{"error": ["ModelParamUsageDeprecation"]}']);
    assert.notEqual(strict.code, 0, strict.out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
