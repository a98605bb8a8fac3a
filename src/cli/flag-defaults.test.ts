// End to end: the flags dbt holds as None unless given (its FLAGS_DEFAULTS TARGET_PATH and
// DEFER_STATE, and --warn-error, a flag without a default) read as none in templates, and
// invocation_args_dict leaves them out, as dbt's args_to_dict drops None values.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('ledger');
  writeProjectFile(dir, 'macros/show_flags.sql', [
    '{% macro show_flags() %}',
    "{% do log('FLAGS ' ~ flags.TARGET_PATH ~ '|' ~ (flags.DEFER_STATE is none) ~ '|' ~ flags.WARN_ERROR ~ '|' ~ (['target_path', 'defer_state', 'warn_error'] | select('in', invocation_args_dict) | list), info=true) %}",
    '{% endmacro %}',
  ].join('\n'));
});
after(async () => rm(dir, { recursive: true, force: true }));

test('TARGET_PATH, DEFER_STATE and WARN_ERROR are None when not given, and out of invocation_args_dict', async () => {
  const run = await runCli(['run-operation', 'show_flags', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /FLAGS None\|True\|None\|\[\]$/mu);
});

test('given on the command line they hold their values', async () => {
  const run = await runCli(['--warn-error', 'run-operation', 'show_flags', '--project-dir', dir, '--profiles-dir', dir, '--target-path', 'elsewhere']);
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /FLAGS elsewhere\|True\|True\|\['target_path', 'warn_error'\]$/mu);
});
