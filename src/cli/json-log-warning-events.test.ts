// End to end: with --log-format json, the warnings dbt also fires are logged under dbt's event
// names and codes (a patch for a missing model is NoNodeForYamlKey I058, an unused config path
// UnusedResourceConfigPath I051, a deprecation its D code, exceptions.warn JinjaLogWarning I061),
// with the data fields dbt's event carries beside Reelhouse's diagnostic. Orchestrators reading
// dbt's logs filter on info.name and info.code; the console text stays as it was.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

interface LogLine {
  info: { name: string; code: string; level: string; msg: string };
  data: Record<string, unknown>;
}

let dir = '';
before(async () => {
  dir = await newProject('dock', "data-paths: ['seeds']\nmodels:\n  dock:\n    nowhere:\n      +materialized: table\n");
  writeProjectFile(dir, 'models/berth.sql', "{% do exceptions.warn('mind the gap') %}\nselect 1 as id\n");
  writeProjectFile(
    dir,
    'models/schema.yml',
    'version: 2\nmodels:\n  - name: ghost\n    description: no such model\nmacros:\n  - name: no_such_macro\n    description: nothing\n' +
      'sources:\n  - name: harbor\n    schema: main\n    loaded_at_field: x\n    freshness: {warn_after: {count: 1, period: day}}\n    tables:\n      - name: ships\n',
  );
});
after(() => rm(dir, { recursive: true, force: true }));

test("parse warnings carry dbt's event names, codes and data fields in JSON logs", async () => {
  const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir, '--log-format', 'json']);
  assert.equal(run.code, 0, run.out + run.err);
  const warnings = run.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine).filter((e) => e.info.level === 'warn');
  const named = (name: string) => warnings.find((e) => e.info.name === name);
  assert.deepEqual(
    warnings.map((e) => [e.info.name, e.info.code]),
    [
      ['ConfigDataPathDeprecation', 'D004'],
      ['NoNodeForYamlKey', 'I058'],
      ['PropertyMovedToConfigDeprecation', 'D030'],
      ['MacroNotFoundForPatch', 'I059'],
      ['JinjaLogWarning', 'I061'],
      ['UnusedResourceConfigPath', 'I051'],
      ['DeprecationsSummary', 'D028'],
    ],
  );

  const patch = named('NoNodeForYamlKey');
  assert.equal(patch?.data['patch_name'], 'ghost');
  assert.equal(patch?.data['yaml_key'], 'models');
  assert.equal(patch?.data['file_path'], 'models/schema.yml');
  // Reelhouse's own diagnostic stays beside dbt's fields.
  assert.equal((patch?.data['diagnostic'] as { code?: string } | undefined)?.code, 'patch-missing-node');
  assert.equal((patch?.data['diagnostic'] as Record<string, unknown> | undefined)?.['event'], undefined);
  assert.match(patch?.info.msg ?? '', /Did not find matching node for patch with name 'ghost'/u);

  assert.deepEqual(named('UnusedResourceConfigPath')?.data['unused_config_paths'], ['models.dock.nowhere']);
  assert.equal(named('MacroNotFoundForPatch')?.data['patch_name'], 'no_such_macro');
  assert.equal(named('ConfigDataPathDeprecation')?.data['deprecated_path'], 'data-paths');
  assert.equal(named('ConfigDataPathDeprecation')?.data['exp_path'], 'seed-paths');
  const moved = named('PropertyMovedToConfigDeprecation');
  assert.deepEqual([moved?.data['key'], moved?.data['key_path'], moved?.data['file']], ['freshness', 'harbor', 'models/schema.yml']);
  assert.equal(named('JinjaLogWarning')?.data['msg'], 'mind the gap');
  assert.deepEqual(named('DeprecationsSummary')?.data['summaries'], [
    { event_name: 'ConfigDataPathDeprecation', event_code: 'D004', occurrences: 1 },
    { event_name: 'PropertyMovedToConfigDeprecation', event_code: 'D030', occurrences: 1 },
  ]);
  assert.ok(!warnings.some((e) => e.info.name === 'Note'), 'no warning dbt names is logged as a Note');
});

test('the console lines of those warnings read as before, and --warn-error-options names them as dbt does', async () => {
  const text = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(text.code, 0, text.out + text.err);
  assert.match(text.err, /Warning: .*models\/schema\.yml:3: Did not find matching node for patch with name 'ghost' in the 'models' section of file 'models\/schema\.yml'\.\n {2}Check that a model file named ghost exists in package 'dock', or remove this entry\. \[patch-missing-node\]/u);
  assert.match(text.err, /Warning: .*models\/schema\.yml:6: Did not find macro 'no_such_macro' for the properties in models\/schema\.yml\. \[patch-missing-node\]/u);
  const strict = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir, '--warn-error-options', '{"error": ["MacroNotFoundForPatch"]}']);
  assert.equal(strict.code, 2, strict.out + strict.err);
  assert.match(strict.err, /MacroNotFoundForPatch is a warning raised as an error/u);
});

test('a selection criterion that matches nothing is NoNodesForSelectionCriteria with its spec_raw, as dbt logs it', async () => {
  const run = await runCli(['ls', '-s', 'tag:nothing_here', 'berth', '--project-dir', dir, '--profiles-dir', dir, '--log-format', 'json']);
  assert.equal(run.code, 0, run.out + run.err);
  const events = run.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine);
  const empty = events.filter((e) => e.info.name === 'NoNodesForSelectionCriteria');
  assert.deepEqual(empty.map((e) => [e.info.code, e.data['spec_raw']]), [['M030', 'tag:nothing_here']]);
});

test("a generic test's top-level arguments are MissingArgumentsPropertyInGenericTestDeprecation naming the test, as dbt logs it", async () => {
  const quay = await newProject('quay');
  try {
    writeProjectFile(quay, 'models/boats.sql', 'select 1 as id\n');
    writeProjectFile(quay, 'models/schema.yml', 'version: 2\nmodels:\n  - name: boats\n    columns:\n      - name: id\n        data_tests:\n          - accepted_values:\n              values: [1]\n');
    const run = await runCli(['parse', '--project-dir', quay, '--profiles-dir', quay, '--log-format', 'json']);
    assert.equal(run.code, 0, run.out + run.err);
    const events = run.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine);
    const deprecation = events.find((e) => e.info.name === 'MissingArgumentsPropertyInGenericTestDeprecation');
    assert.deepEqual([deprecation?.info.code, deprecation?.data['test_name']], ['D039', 'accepted_values']);
  } finally {
    await rm(quay, { recursive: true, force: true });
  }
});
