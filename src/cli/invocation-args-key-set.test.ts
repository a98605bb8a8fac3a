// End to end: run_results.json's `args` hold every flag dbt 1.10's Flags hold for the command:
// the global flags, the behaviour-change flags only dbt_project.yml sets (with their defaults when
// it does not), warn_error_options as error/warn/silence, and each command's own options with
// their defaults (and no option the command lacks).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, realpathSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('lighthouse', 'flags:\n  validate_macro_args: true\n');
  writeProjectFile(dir, 'models/beams.sql', 'select 1 as id\n');
  writeProjectFile(dir, 'models/beams.yml', 'models:\n  - name: beams\n    columns:\n      - name: id\n        data_tests: [not_null]\n');
  writeProjectFile(dir, 'seeds/lamps.csv', 'id\n1\n');
});
after(async () => rm(dir, { recursive: true, force: true }));

const argsOf = (): Record<string, unknown> => readArtifact<{ args: Record<string, unknown> }>(dir, 'run_results.json').args;

// What dbt 1.10 writes for every command, with the values it has when nothing sets them.
const GLOBAL_DEFAULTS: Record<string, unknown> = {
  cache_selected_only: false, defer: false, favor_state: false, indirect_selection: 'eager', introspect: true,
  log_file_max_bytes: 10485760, log_format: 'default', log_format_file: 'debug', log_level: 'info', log_level_file: 'debug',
  macro_debugging: false, partial_parse_file_diff: true, populate_cache: true, print: true, printer_width: 80, quiet: false,
  show_all_deprecations: false, show_resource_report: false, static_parser: true, strict_mode: false,
  upload_to_artifacts_ingest_api: false, use_colors: true, use_colors_file: true, use_fast_test_edges: false, write_json: true,
  vars: {}, warn_error_options: { error: [], warn: [], silence: [] },
};
const BEHAVIOUR_DEFAULTS: Record<string, unknown> = {
  require_explicit_package_overrides_for_builtin_materializations: true,
  require_resource_names_without_spaces: true,
  source_freshness_run_project_hooks: true,
  skip_nodes_if_on_run_start_fails: false,
  state_modified_compare_more_unrendered_values: false,
  state_modified_compare_vars: false,
  require_yaml_configuration_for_mf_time_spines: false,
  require_batched_execution_for_custom_microbatch_strategy: false,
  require_nested_cumulative_type_params: false,
  require_all_warnings_handled_by_warn_error: false,
  require_generic_test_arguments_property: true,
};
// Written whatever the command, with values that depend on the machine or the command line.
const ALWAYS = ['which', 'project_dir', 'profiles_dir', 'log_path', 'invocation_command', 'partial_parse', 'version_check', 'send_anonymous_usage_stats', 'validate_macro_args'];

const COMMAND_OPTIONS: Record<string, Record<string, unknown>> = {
  run: { select: [], exclude: [], empty: false },
  build: { select: [], exclude: [], empty: false, resource_types: [], exclude_resource_types: [], export_saved_queries: false, include_saved_query: false, show: false },
  test: { select: [], exclude: [], resource_types: [], exclude_resource_types: [] },
  seed: { select: [], exclude: [], show: false },
  compile: { select: [], exclude: [], empty: false, output: 'text', inject_ephemeral_ctes: true },
};

for (const [command, options] of Object.entries(COMMAND_OPTIONS)) {
  test(`${command}: args hold the global flags, every behaviour-change flag and ${command}'s own options, with dbt's defaults`, async () => {
    const run = await runCli([command, '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, run.out + run.err);
    const args = argsOf();
    const expected = { ...GLOBAL_DEFAULTS, ...BEHAVIOUR_DEFAULTS, ...options };
    assert.deepEqual(Object.keys(args).sort(), [...Object.keys(expected), ...ALWAYS].sort());
    for (const [key, value] of Object.entries(expected)) assert.deepEqual(args[key], value, key);
    assert.equal(args['which'], command);
    assert.equal(args['validate_macro_args'], true, "dbt_project.yml's flag wins over the default");
  });
}

test('warn_error_options is written as error/warn/silence, the older include/exclude read as error/warn', async () => {
  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir, '--warn-error-options', '{include: all, exclude: [NoNodesForSelectionCriteria, WEOIncludeExcludeDeprecation, DeprecationsSummary]}']);
  assert.equal(run.code, 0, run.out + run.err);
  assert.deepEqual(argsOf()['warn_error_options'], { error: 'all', warn: ['NoNodesForSelectionCriteria', 'WEOIncludeExcludeDeprecation', 'DeprecationsSummary'], silence: [] });
});

test('--project-dir and --profiles-dir are recorded as given, as click hands them to dbt, log_path follows the project folder, and a given --log-path is resolved', async () => {
  const run = await runCli(['seed', '--project-dir', '.', '--profiles-dir', '.'], dir);
  assert.equal(run.code, 0, run.out + run.err);
  const args = argsOf();
  assert.equal(args['project_dir'], '.');
  assert.equal(args['profiles_dir'], '.');
  assert.equal(args['log_path'], 'logs');
  // click resolves --log-path (resolve_path=True): dbt records the absolute real path.
  const given = await runCli(['seed', '--project-dir', '.', '--profiles-dir', '.', '--log-path', './ship-logs/'], dir);
  assert.equal(given.code, 0, given.out + given.err);
  assert.equal(argsOf()['log_path'], join(realpathSync(dir), 'ship-logs'));
});

test('--state and --defer-state are recorded as pathlib prints them: no trailing slash, no `.` parts, still relative', async () => {
  const parsed = await runCli(['parse', '--project-dir', '.', '--profiles-dir', '.'], dir);
  assert.equal(parsed.code, 0, parsed.out + parsed.err);
  mkdirSync(join(dir, 'prod'), { recursive: true });
  copyFileSync(join(dir, 'target', 'manifest.json'), join(dir, 'prod', 'manifest.json'));
  const run = await runCli(['run', '--project-dir', '.', '--profiles-dir', '.', '-s', 'beams', '--defer', '--state', './prod//', '--defer-state', 'prod/'], dir);
  assert.equal(run.code, 0, run.out + run.err);
  const args = argsOf();
  assert.equal(args['state'], 'prod');
  assert.equal(args['defer_state'], 'prod');
  assert.equal(args['defer'], true);
  // Global in dbt: any command given --state records it.
  const seed = await runCli(['seed', '--project-dir', '.', '--profiles-dir', '.', '--state', 'prod/'], dir);
  assert.equal(seed.code, 0, seed.out + seed.err);
  assert.equal(argsOf()['state'], 'prod');
});

test('compile --inline and show --inline record the inline SQL, as dbt keeps every option given', async () => {
  for (const command of ['compile', 'show']) {
    const run = await runCli([command, '--project-dir', dir, '--profiles-dir', dir, '--inline', "select 1 as id"]);
    assert.equal(run.code, 0, run.out + run.err);
    assert.equal(argsOf()['inline'], 'select 1 as id', command);
  }
});
