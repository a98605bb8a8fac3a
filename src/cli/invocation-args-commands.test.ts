// End to end: the invocation's flags as dbt builds them for particular commands and projects:
// dbt_project.yml `flags:` merged in, `retry` taking the previous invocation's flags, `source
// freshness` named `freshness`, and run-operation's --args held as a mapping.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const flagsYaml = [
  'flags:',
  '  send_anonymous_usage_stats: false',
  '  require_explicit_package_overrides_for_builtin_materializations: true',
  '  printer_width: 100',
  'on-run-start:',
  "  - \"{% do log('hook which=' ~ flags.WHICH ~ ' ' ~ invocation_args_dict.which, info=true) %}\"",
  '',
].join('\n');

before(async () => {
  dir = await newProject('quayside', flagsYaml);
  writeProjectFile(dir, 'models/cranes.sql', [
    "select '{{ invocation_args_dict.which }}' as which_cmd,",
    "  '{{ invocation_args_dict.require_explicit_package_overrides_for_builtin_materializations }}' as overrides\n",
  ].join('\n'));
  writeProjectFile(dir, 'macros/stow.sql', [
    '{% macro stow(crate) %}',
    "{% do log('args mapping=' ~ (invocation_args_dict.args is mapping) ~ ' crate=' ~ crate, info=true) %}",
    '{% endmacro %}\n',
  ].join('\n'));
});
after(async () => rm(dir, { recursive: true, force: true }));

const argsOf = (): Record<string, unknown> => readArtifact<{ args: Record<string, unknown> }>(dir, 'run_results.json').args;

test("dbt_project.yml's flags are in args and invocation_args_dict; a flag given on the command line wins", async () => {
  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir, '--select', 'cranes']);
  assert.equal(run.code, 0, run.out + run.err);
  const args = argsOf();
  assert.equal(args['require_explicit_package_overrides_for_builtin_materializations'], true);
  assert.equal(args['printer_width'], 100);
  assert.equal(args['send_anonymous_usage_stats'], false);
  const compiled = readFileSync(join(dir, 'target', 'compiled', 'quayside', 'models', 'cranes.sql'), 'utf8');
  assert.match(compiled, /'True' as overrides/);

  const given = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir, '--select', 'cranes', '--printer-width', '90']);
  assert.equal(given.code, 0, given.out + given.err);
  assert.equal(argsOf()['printer_width'], 90);
});

test("retry runs with the previous invocation's flags: which, select and vars are the previous command's", async () => {
  writeProjectFile(dir, 'models/ledger.sql', "select '{{ invocation_args_dict.which }}' as which_cmd, {{ var('berth', 0) }} as berth from no_such_table\n");
  const failed = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir, '--select', 'ledger', '--vars', '{berth: 4}']);
  assert.equal(failed.code, 1, failed.out + failed.err);
  writeProjectFile(dir, 'models/ledger.sql', "select '{{ invocation_args_dict.which }}' as which_cmd, {{ var('berth', 0) }} as berth\n");
  const retry = await runCli(['retry', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(retry.code, 0, retry.out + retry.err);
  assert.match(retry.out, /hook which=run run/, "templates see the previous command's flags");
  const args = argsOf();
  assert.equal(args['which'], 'run');
  assert.deepEqual(args['select'], ['ledger']);
  assert.deepEqual(args['vars'], { berth: 4 });
  assert.equal(args['printer_width'], 100, 'built by the same builder as every command');
  assert.match(String(args['invocation_command']), /^reelhouse retry /);
  assert.equal('retry' in args, false);
  const compiled = readFileSync(join(dir, 'target', 'compiled', 'quayside', 'models', 'ledger.sql'), 'utf8');
  assert.match(compiled, /'run' as which_cmd, 4 as berth/);
});

test('source freshness runs as `freshness`, the name dbt gives it', async () => {
  // A source with a freshness rule, over the model the first test built: with nothing to check,
  // dbt runs no hooks at all.
  writeProjectFile(dir, 'models/sources.yml', [
    'sources:',
    '  - name: yard',
    '    schema: main',
    '    loaded_at_field: "current_timestamp::timestamp"',
    '    freshness: {warn_after: {count: 1, period: day}}',
    '    tables:',
    '      - name: cranes',
    '',
  ].join('\n'));
  const run = await runCli(['source', 'freshness', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /hook which=freshness freshness/);
});

test("run-operation's --args is a mapping in invocation_args_dict and args, and absent when not given", async () => {
  const run = await runCli(['run-operation', 'stow', '--project-dir', dir, '--profiles-dir', dir, '--args', '{crate: 9}']);
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /args mapping=True crate=9/);
  assert.deepEqual(argsOf()['args'], { crate: 9 });

  const bare = await runCli(['run-operation', 'stow', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(bare.code, 0, bare.out + bare.err);
  assert.equal('args' in argsOf(), false);
});
