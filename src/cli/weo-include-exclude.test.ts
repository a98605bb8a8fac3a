// End to end: warn_error_options written with the old include/exclude keys still work, and warn
// as dbt 1.10's WEOIncludeExcludeDeprecation (counted in the closing DeprecationsSummary), from the
// command line or dbt_project.yml; being a deprecation, `include: all` raises it as an error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

test('warn_error_options with include/exclude warns WEOIncludeExcludeDeprecation; error/warn do not', async () => {
  const dir = await newProject('kiln');
  try {
    writeProjectFile(dir, 'models/bricks.sql', 'select 1 as brick_id\n');
    const ls = (...extra: string[]) => runCli(['ls', '--project-dir', dir, '--profiles-dir', dir, ...extra]);

    const included = await ls('--warn-error-options', '{include: [NoNodesForSelectionCriteria]}');
    assert.equal(included.code, 0, included.err);
    const text = included.out + included.err;
    assert.match(text, /Found `include` in `warn_error_options` specification\. Please use `error` instead of `include`\./u);
    assert.doesNotMatch(text, /`exclude`/u);
    assert.match(text, /- WEOIncludeExcludeDeprecation: 1 occurrence/u);
    assert.match(included.out, /^kiln\.bricks$/mu);

    const both = await ls('--warn-error-options', '{include: all, exclude: [WEOIncludeExcludeDeprecation, DeprecationsSummary]}');
    assert.equal(both.code, 0, both.err);
    assert.match(both.out + both.err, /Found `include` and `exclude` in `warn_error_options` specification\. Please use `error` instead of `include`\. Please use `warn` instead of `exclude`\./u);

    // Every warning an error takes in this one too, before the command starts.
    const all = await ls('--warn-error-options', '{"include": "all"}');
    assert.notEqual(all.code, 0, all.out);
    assert.match(all.err, /WEOIncludeExcludeDeprecation is a warning raised as an error/u);
    assert.doesNotMatch(all.out, /kiln\.bricks/u);

    const renamed = await ls('--warn-error-options', '{error: all, warn: [NoNodesForSelectionCriteria]}');
    assert.equal(renamed.code, 0, renamed.err);
    assert.doesNotMatch(renamed.out + renamed.err, /WEOIncludeExcludeDeprecation|warn_error_options/u);

    writeProjectFile(dir, 'dbt_project.yml', "name: kiln\nversion: '1.0.0'\nprofile: kiln\nflags:\n  warn_error_options:\n    exclude: [NoNodesForSelectionCriteria]\n    error: [DeprecatedModel, Deprecations]\n");
    const project = await ls();
    assert.notEqual(project.code, 0, project.out);
    assert.match(project.err, /Found `exclude` in `warn_error_options` specification\. Please use `warn` instead of `exclude`\./u);
    // The command line's options replace the project's, and with them the warning.
    const overridden = await ls('--warn-error-options', '{error: [DeprecatedModel]}');
    assert.equal(overridden.code, 0, overridden.err);
    assert.doesNotMatch(overridden.out + overridden.err, /WEOIncludeExcludeDeprecation/u);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
