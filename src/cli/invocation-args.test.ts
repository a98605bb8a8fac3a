// End to end: invocation_args_dict in templates and run_results.json's `args` hold the keys dbt's
// args_to_dict gives them (which, select, vars as a mapping, threads, target, project_dir,
// invocation_command, the global flags' defaults), and leave out the flags dbt drops while false.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('harbour');
  writeProjectFile(dir, 'models/tides.sql', [
    "select '{{ invocation_args_dict.which }}' as which_cmd,",
    "  '{{ invocation_args_dict.select | join(\"+\") }}' as selected,",
    "  {{ invocation_args_dict.vars.berth }} as berth,",
    "  {{ invocation_args_dict.threads }} as threads,",
    "  '{{ invocation_args_dict.target }}' as target_name,",
    "  '{{ invocation_args_dict.invocation_command }}' as command_line,",
    "  '{{ invocation_args_dict.full_refresh is defined }}' as has_full_refresh\n",
  ].join('\n'));
  writeProjectFile(dir, 'models/moorings.sql', 'select 1 as id\n');
});
after(async () => rm(dir, { recursive: true, force: true }));

test('invocation_args_dict holds which, select, vars (a mapping), threads, target and the command line', async () => {
  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir, '--select', 'tides', '--vars', '{berth: 7}', '--threads', '2', '--target', 'dev']);
  assert.equal(run.code, 0, run.out + run.err);
  const compiled = readFileSync(join(dir, 'target', 'compiled', 'harbour', 'models', 'tides.sql'), 'utf8');
  assert.match(compiled, /'run' as which_cmd/);
  assert.match(compiled, /'tides' as selected/);
  assert.match(compiled, /7 as berth/);
  assert.match(compiled, /2 as threads/);
  assert.match(compiled, /'dev' as target_name/);
  assert.match(compiled, new RegExp(`'reelhouse run --project-dir ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} .*--select tides --vars \\{berth: 7\\} --threads 2 --target dev' as command_line`));
  assert.match(compiled, /'False' as has_full_refresh/, 'dbt leaves full_refresh out while false');
});

test("run_results.json's args are args_to_dict of the invocation's flags, as dbt writes them", async () => {
  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir, '-m', 'tides', '--exclude', 'moorings', '--vars', '{berth: 3}', '--threads', '2', '--full-refresh']);
  assert.equal(run.code, 0, run.out + run.err);
  const { args } = readArtifact<{ args: Record<string, unknown> }>(dir, 'run_results.json');
  assert.equal(args['which'], 'run');
  assert.deepEqual(args['select'], ['tides'], '--models lands in select');
  assert.deepEqual(args['exclude'], ['moorings']);
  assert.deepEqual(args['vars'], { berth: 3 });
  assert.equal(args['threads'], 2);
  assert.equal(args['full_refresh'], true);
  assert.equal(args['project_dir'], dir);
  assert.equal(args['profiles_dir'], dir);
  assert.equal(args['indirect_selection'], 'eager');
  assert.equal(args['printer_width'], 80);
  assert.equal(args['write_json'], true);
  assert.equal(args['log_format'], 'default');
  // Kept while false (they are not among the flags args_to_dict drops), as what Reelhouse does.
  assert.equal(args['send_anonymous_usage_stats'], false);
  assert.equal(args['partial_parse'], false);
  assert.match(String(args['invocation_command']), /^reelhouse run .*--full-refresh$/);
  // Unset flags (None in dbt) and the default-false ones are left out.
  for (const key of ['target', 'target_path', 'debug', 'fail_fast', 'store_failures', 'warn_error']) assert.equal(key in args, false, key);
});

test("a DBT_ENV_SECRET* var's value is masked in args.vars and in args.invocation_command", async () => {
  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir, '--select', 'moorings', '--vars', '{DBT_ENV_SECRET_gate: brass_key_42, berth: 1}']);
  assert.equal(run.code, 0, run.out + run.err);
  const { args } = readArtifact<{ args: Record<string, unknown> }>(dir, 'run_results.json');
  assert.deepEqual(args['vars'], { DBT_ENV_SECRET_gate: '*****', berth: 1 });
  assert.match(String(args['invocation_command']), /--vars \{DBT_ENV_SECRET_gate: \*\*\*\*\*, berth: 1\}/);
  assert.doesNotMatch(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8'), /brass_key_42/);
});

test('without --vars, args and invocation_args_dict still hold vars as an empty mapping', async () => {
  const run = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir, '--select', 'moorings']);
  assert.equal(run.code, 0, run.out + run.err);
  const { args } = readArtifact<{ args: Record<string, unknown> }>(dir, 'run_results.json');
  assert.deepEqual(args['vars'], {});
  assert.equal(args['which'], 'compile');
  assert.equal('threads' in args, false);
});
