// End to end: --warn-error-options names parse-time warnings by dbt's event names, so an unused
// dbt_project.yml config path (UnusedResourceConfigPath) and a test on a node that does not exist
// (NodeNotFoundOrDisabled) are silenced or raised as errors as the options say.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { cli } from './dbt-flags-fixture.js';
import { newProject, writeProjectFile } from './test-helpers.js';

let dir = '';
const parse = (options: string) => cli(['parse', '--project-dir', dir, '--profiles-dir', dir, '--warn-error-options', options]);

before(async () => {
  dir = await newProject('hives', 'models:\n  hives:\n    no_such_folder:\n      +materialized: table\n');
  writeProjectFile(dir, 'models/hives.sql', 'select 1 as hive_id\n');
  writeProjectFile(dir, 'models/schema.yml', [
    'version: 2',
    'models:',
    '  - name: hives',
    '    columns:',
    '      - name: hive_id',
    '        data_tests:',
    '          - relationships:',
    '              arguments:',
    "                to: ref('no_such_apiary')",
    '                field: hive_id',
    '',
  ].join('\n'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('both warnings print by default', async () => {
  const run = await parse('{}');
  assert.equal(run.code, 0, run.err);
  assert.match(run.err, /no_such_folder/u);
  assert.match(run.err, /depends on a node named 'no_such_apiary'/u);
});

test('silence: lists them by their dbt event names', async () => {
  const run = await parse('{"silence": ["UnusedResourceConfigPath", "NodeNotFoundOrDisabled"]}');
  assert.equal(run.code, 0, run.err);
  assert.doesNotMatch(run.err, /no_such_folder|no_such_apiary/u);
});

test('error: raises each by its dbt event name', async () => {
  const unused = await parse('{"error": ["UnusedResourceConfigPath"]}');
  assert.equal(unused.code, 2, unused.err);
  assert.match(unused.err, /UnusedResourceConfigPath is a warning raised as an error/u);
  const missing = await parse('{"error": ["NodeNotFoundOrDisabled"]}');
  assert.equal(missing.code, 2, missing.err);
  assert.match(missing.err, /NodeNotFoundOrDisabled is a warning raised as an error/u);
});
