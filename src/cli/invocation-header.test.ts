// End to end: how a command opens, as dbt's do. Every dbt command first prints its version line
// (MainReportVersion); a command that reads the project registers the profile's adapter next
// (AdapterRegistered), once, before the parse's own lines. logs/dbt.log sets each invocation apart
// with dbt's separator and records the command's arguments (MainReportArgs) at debug level.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { duckDbEngineVersion } from '../adapters/duckdb/index.js';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const unstamped = (out: string): string[] => out.split('\n').map((l) => l.replace(/^\d\d:\d\d:\d\d {2}/u, ''));
const VERSION = 'Running with reelhouse=0.1.0';
const ADAPTER = (): string => `Registered adapter: duckdb=${duckDbEngineVersion()}`;

before(async () => {
  dir = await newProject('reel');
  writeProjectFile(dir, 'models/plays.sql', 'select 1 as play_id\n');
  writeProjectFile(dir, 'models/broken.sql', 'select * from no_such_table\n');
});
after(() => rm(dir, { recursive: true, force: true }));

test('a run opens with the version line, then the adapter registered for the profile, then what the parse found', async () => {
  const run = await runCli(['run', '-s', 'plays', '--project-dir', dir]);
  assert.equal(run.code, 0, run.err);
  const lines = unstamped(run.out);
  assert.deepEqual(lines.slice(0, 2), [VERSION, ADAPTER()]);
  assert.match(lines[2] ?? '', /^Found 2 models, \d+ macros$/u);
});

test('retry, which reads the project twice, registers the adapter once', async () => {
  assert.equal((await runCli(['run', '--project-dir', dir])).code, 1);
  const retry = await runCli(['retry', '--project-dir', dir]);
  assert.equal(retry.code, 1, retry.out);
  assert.equal(unstamped(retry.out).filter((l) => l === ADAPTER()).length, 1, retry.out);
});

test('clean and deps read no profile: they print the version line and register no adapter; --quiet prints neither', async () => {
  for (const command of ['deps', 'clean']) {
    const run = await runCli([command, '--project-dir', dir]);
    assert.equal(run.code, 0, run.err);
    const lines = unstamped(run.out);
    assert.equal(lines[0], VERSION, command);
    assert.ok(!lines.includes(ADAPTER()), `${command}: ${run.out}`);
  }
  const quiet = await runCli(['parse', '-q', '--project-dir', dir]);
  assert.equal(quiet.out, '');
});

test('the JSON log names both events with their codes and data, as dbt does', async () => {
  const run = await runCli(['parse', '--log-format', 'json', '--project-dir', dir]);
  assert.equal(run.code, 0, run.err);
  const events = run.out.split('\n').slice(0, 2).map((l) => JSON.parse(l) as { info: { name: string; code: string }; data: Record<string, unknown> });
  assert.deepEqual(events.map((e) => [e.info.name, e.info.code, e.data]), [
    ['MainReportVersion', 'A001', { version: '=0.1.0', log_version: 3 }],
    ['AdapterRegistered', 'E034', { adapter_name: 'duckdb', adapter_version: `=${duckDbEngineVersion()}` }],
  ]);
});

test("logs/dbt.log opens each invocation with dbt's separator naming its time and id, then its arguments", async () => {
  await rm(join(dir, 'logs'), { recursive: true, force: true });
  assert.equal((await runCli(['run', '-s', 'plays', '--project-dir', dir])).code, 0);
  const first = readArtifact<{ metadata: { invocation_id: string } }>(dir, 'run_results.json').metadata.invocation_id;
  assert.equal((await runCli(['run', '-s', 'plays', '-q', '--project-dir', dir])).code, 0);
  const second = readArtifact<{ metadata: { invocation_id: string } }>(dir, 'run_results.json').metadata.invocation_id;
  const log = readFileSync(join(dir, 'logs', 'dbt.log'), 'utf8');
  const rule = '='.repeat(30);
  const separators = [...log.matchAll(new RegExp(`(^|\\n)\\n\\n${rule} (\\d\\d:\\d\\d:\\d\\d\\.\\d{6}) \\| ([0-9a-f-]+) ${rule}\\n(\\S+) \\[info \\] \\[MainThread\\]: (.*)\\n`, 'gu'))];
  assert.deepEqual(separators.map((m) => m[3]), [first, second], log);
  for (const m of separators) {
    // The separator carries the time of the version line that follows it.
    assert.equal(m[4], m[2]);
    assert.equal(m[5], VERSION);
  }
  const args = [...log.matchAll(/\[debug\] \[MainThread\]: running dbt with arguments \{(.*)\}\n/gu)].map((m) => m[1]!);
  assert.equal(args.length, 2, log);
  const keys = [...args[0]!.matchAll(/'([a-z_]+)': '/gu)].map((m) => m[1]!);
  assert.deepEqual([...keys].sort(), [
    'cache_selected_only', 'debug', 'empty', 'fail_fast', 'indirect_selection', 'introspect', 'invocation_command', 'log_cache_events',
    'log_format', 'log_path', 'no_print', 'partial_parse', 'printer_width', 'profiles_dir', 'quiet', 'send_anonymous_usage_stats',
    'static_parser', 'target_path', 'use_colors', 'use_experimental_parser', 'version_check', 'warn_error', 'warn_error_options', 'write_json',
  ]);
  assert.match(args[0]!, new RegExp(`'invocation_command': 'reelhouse run -s plays --project-dir ${dir.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}'`, 'u'));
  // dbt 1.10 holds its warn_error_options as WarnErrorOptionsV2, and `run` has --empty, so EMPTY is False.
  assert.match(args[0]!, /'quiet': 'False'.*'empty': 'False', 'warn_error_options': 'WarnErrorOptionsV2\(error=\[\], warn=\[\], silence=\[\]\)'/u);
  assert.match(args[1]!, /'quiet': 'True'/u);
});

test("the logged arguments show --warn-error-options' three lists, and EMPTY is None for a command without --empty", async () => {
  await rm(join(dir, 'logs'), { recursive: true, force: true });
  const run = await runCli(['test', '-s', 'plays', '--project-dir', dir, '--warn-error-options', '{error: [NoNodesForSelectionCriteria], silence: [Deprecations]}']);
  assert.ok(run.code === 0 || run.code === 1, run.out + run.err);
  const log = readFileSync(join(dir, 'logs', 'dbt.log'), 'utf8');
  const args = /running dbt with arguments \{(.*)\}\n/u.exec(log)?.[1] ?? '';
  assert.match(args, /'empty': 'None'/u, log);
  assert.match(args, /'warn_error_options': "WarnErrorOptionsV2\(error=\['NoNodesForSelectionCriteria'\], warn=\[\], silence=\['Deprecations'\]\)"/u, log);
});
