// End to end: dbt reads dbt_project.yml's `flags:` before it parses the project, so its
// warn_error_options turn warnings raised while parsing (a model past its deprecation date, a ref
// to one) into errors, as --warn-error-options does.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { cli } from './dbt-flags-fixture.js';
import { newProject, writeProjectFile } from './test-helpers.js';

let dir = '';
const projectYaml = (flags: string): string => `name: deprecated_flags\nversion: '1.0.0'\nprofile: deprecated_flags\n${flags}`;

before(async () => {
  dir = await newProject('deprecated_flags');
  writeProjectFile(dir, 'profiles.yml', 'deprecated_flags:\n  target: dev\n  outputs:\n    dev: {type: duckdb, path: flags.duckdb, schema: main, threads: 1}\n');
  writeProjectFile(dir, 'models/old_months.sql', 'select 1 as month_id\n');
  writeProjectFile(dir, 'models/reader.sql', "select * from {{ ref('old_months') }}\n");
  writeProjectFile(dir, 'models/schema.yml', 'version: 2\nmodels:\n  - name: old_months\n    deprecation_date: 2020-01-01\n');
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('without project flags a model past its deprecation date only warns at parse', async () => {
  writeProjectFile(dir, 'dbt_project.yml', projectYaml(''));
  const run = await cli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.err);
  assert.match(run.err, /Warning: .*old_months has passed its deprecation date/u);
});

test('flags: warn_error_options in dbt_project.yml raises the parse-time deprecation warnings it names', async () => {
  writeProjectFile(dir, 'dbt_project.yml', projectYaml('flags:\n  warn_error_options:\n    error:\n      - DeprecatedModel\n      - DeprecatedReference\n'));
  const run = await cli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 2, run.out + run.err);
  assert.match(run.err, /DeprecatedModel is a warning raised as an error/u);
});

test('flags: warn_error: true in dbt_project.yml raises a parse-time warning too', async () => {
  writeProjectFile(dir, 'dbt_project.yml', projectYaml('flags:\n  warn_error: true\n'));
  const run = await cli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 2, run.out + run.err);
  assert.match(run.err, /is a warning raised as an error/u);
});

test('--warn-error-options on the command line still wins over the project flags', async () => {
  writeProjectFile(dir, 'dbt_project.yml', projectYaml('flags:\n  warn_error_options:\n    error: [DeprecatedModel]\n'));
  const run = await cli(['parse', '--project-dir', dir, '--profiles-dir', dir, '--warn-error-options', '{"silence": ["DeprecatedModel"]}']);
  assert.equal(run.code, 0, run.err);
});

test("profiles.yml's deprecated config: block still sets warn_error_options when the project sets no flags", async () => {
  writeProjectFile(dir, 'dbt_project.yml', projectYaml(''));
  const profiles = 'deprecated_flags:\n  target: dev\n  outputs:\n    dev: {type: duckdb, path: flags.duckdb, schema: main, threads: 1}\n';
  writeProjectFile(dir, 'profiles.yml', `config:\n  warn_error_options:\n    error: [NoNodesForSelectionCriteria]\n${profiles}`);
  try {
    const run = await cli(['run', '--project-dir', dir, '--profiles-dir', dir, '-s', 'no_such_model']);
    assert.equal(run.code, 2, run.out + run.err);
    assert.match(run.err, /NoNodesForSelectionCriteria is a warning raised as an error/u);
  } finally {
    writeProjectFile(dir, 'profiles.yml', profiles);
  }
});
