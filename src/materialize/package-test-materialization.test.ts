// End to end: an installed package's `{% materialization test, default %}` block, which packages
// that record test results ship (wrapping dbt.materialization_test_default), runs for every data
// test once the root project sets require_explicit_package_overrides_for_builtin_materializations
// to false, with dbt's PackageMaterializationOverrideDeprecation shown once and counted per test.
// Without that opt-out dbt passes over the block silently and runs its own.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, queryDb, readArtifact, runCli, writeProjectFile } from '../cli/test-helpers.js';

const OPT_OUT = 'flags:\n  require_explicit_package_overrides_for_builtin_materializations: false\n';
const HOOKS = 'on-run-start: ["{% do graph.setdefault(\'noted\', {}) %}"]\non-run-end: ["{{ recorder.save_noted() }}"]\n';

let dir = '';

function writeProject(projectYaml: string): void {
  writeProjectFile(dir, 'dbt_project.yml', `name: ledger\nversion: '1.0.0'\nprofile: ledger\n${HOOKS}${projectYaml}`);
}

before(async () => {
  dir = await newProject('ledger');
  writeProjectFile(dir, 'packages.yml', 'packages:\n  - local: pkgs/recorder\n');
  writeProjectFile(dir, 'pkgs/recorder/dbt_project.yml', "name: recorder\nversion: '1.0.0'\nconfig-version: 2\n");
  writeProjectFile(
    dir,
    'pkgs/recorder/macros/test_block.sql',
    [
      '{% materialization test, default %}',
      '  {{ return(recorder.noted_test(dbt.materialization_test_default)) }}',
      '{% endmaterialization %}',
      '',
      '{% macro noted_test(builtin) %}',
      '  {% set result = builtin() %}',
      "  {% set sample = run_query('with test_results as (' ~ sql ~ ') select count(*) from test_results') %}",
      "  {% do graph.noted.update({model.unique_id: sample.rows[0][0] ~ '/' ~ model.get('test_metadata', {}).get('name')}) %}",
      '  {{ return(result) }}',
      '{% endmacro %}',
      '',
      '{% macro save_noted() %}',
      '  {% do run_query("create or replace table main.noted (test_id varchar, noted varchar)") %}',
      "  {% for id, noted in graph.noted.items() %}{% do run_query(\"insert into main.noted values ('\" ~ id ~ \"', '\" ~ noted ~ \"')\") %}{% endfor %}",
      '{% endmacro %}',
      '',
    ].join('\n'),
  );
  writeProjectFile(dir, 'models/entries.sql', 'select 1 as id union all select 2 union all select null\n');
  writeProjectFile(
    dir,
    'models/schema.yml',
    'version: 2\nmodels:\n  - name: entries\n    columns:\n      - name: id\n        data_tests: [unique, not_null]\n',
  );
  const deps = await runCli(['deps', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(deps.code, 0, `${deps.out}\n${deps.err}`);
});
after(() => rm(dir, { recursive: true, force: true }));

const noted = async (): Promise<unknown[][]> =>
  (await queryDb(join(dir, 'ledger.duckdb'), "select split_part(test_id, '.', 3), noted from main.noted order by 1"))[0]!;

test("a package's test materialization block runs for every data test when the project opts out of explicit overrides", async () => {
  writeProject(OPT_OUT);
  const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 1, `${run.out}\n${run.err}`);
  const all = `${run.out}\n${run.err}`;
  assert.doesNotMatch(all, /is ignored/);
  assert.equal(all.match(/Installed package 'recorder' is overriding the built-in materialization 'test'/g)?.length, 1);
  assert.match(run.out, /- PackageMaterializationOverrideDeprecation: 2 occurrences/);
  assert.deepEqual(await noted(), [['not_null_entries_id', '1/not_null'], ['unique_entries_id', '0/unique']]);
  // The verdicts stay those of dbt's own test materialization, which the block wraps.
  const results = readArtifact<{ results: { unique_id: string; status: string; failures: number | null }[] }>(dir, 'run_results.json').results;
  const verdicts = results.filter((r) => r.unique_id.startsWith('test.')).map((r) => [r.unique_id.split('.')[2], r.status, r.failures]).sort();
  assert.deepEqual(verdicts, [['not_null_entries_id', 'fail', 1], ['unique_entries_id', 'pass', 0]]);
});

test("without the opt-out dbt's own test materialization runs, and the package's block is passed over without a word", async () => {
  writeProject('');
  const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 1, `${run.out}\n${run.err}`);
  const all = `${run.out}\n${run.err}`;
  assert.doesNotMatch(all, /is ignored|overriding the built-in materialization|PackageMaterializationOverrideDeprecation/);
  assert.deepEqual(await noted(), []);
});

test('raised as an error by --warn-error-options, the deprecation fails each data test with a Compilation Error and the run goes on', async () => {
  writeProject(OPT_OUT);
  const options = '{"error": ["PackageMaterializationOverrideDeprecation"]}';
  const run = await runCli(['test', '--warn-error-options', options, '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 1, `${run.out}\n${run.err}`);
  const results = readArtifact<{ results: { unique_id: string; status: string; message: string | null }[] }>(dir, 'run_results.json').results;
  const tests = results.filter((r) => r.unique_id.startsWith('test.'));
  assert.deepEqual(tests.map((r) => r.status), ['error', 'error']);
  for (const r of tests) assert.match(r.message ?? '', /^Compilation Error in test .*\n {2}Installed package 'recorder' is overriding the built-in materialization 'test'/);
  // The on-run-end hook still ran, with nothing noted by the block.
  assert.deepEqual(await noted(), []);
});
