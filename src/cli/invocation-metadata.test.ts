// End to end: what an invocation records about itself. --vars named DBT_ENV_SECRET* are masked
// in run_results.json; JSON log lines carry the DBT_ENV_CUSTOM_ENV_ variables as info.extra and a
// log() message as data.msg; a run-operation sees its macro and --args in invocation_args_dict.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('ferry');
  writeProjectFile(dir, 'models/crossings.sql', "select '{{ var('DBT_ENV_SECRET_pier') }}' as pier, '{{ var('deck') }}' as deck\n");
  writeProjectFile(dir, 'macros/sail.sql', "{% macro sail(knots) %}{{ log('sail ' ~ invocation_args_dict['macro'] ~ ' ' ~ invocation_args_dict['args'] ~ ' ' ~ invocation_args_dict['which'], info=True) }}{% endmacro %}\n");
});
after(async () => {
  delete process.env['DBT_ENV_CUSTOM_ENV_harbour'];
  await rm(dir, { recursive: true, force: true });
});

test('run_results.json masks the value of a --vars entry named DBT_ENV_SECRET*', async () => {
  const run = await runCli(['run', '--project-dir', dir, '--vars', '{DBT_ENV_SECRET_pier: north_gate, deck: upper}']);
  assert.equal(run.code, 0, run.out + run.err);
  const results = readArtifact<{ args: { vars: Record<string, unknown> } }>(dir, 'run_results.json');
  assert.deepEqual(results.args.vars, { DBT_ENV_SECRET_pier: '*****', deck: 'upper' });
});

test('JSON log lines carry info.extra and data.msg; run-operation fills invocation_args_dict', async () => {
  process.env['DBT_ENV_CUSTOM_ENV_harbour'] = 'dover';
  const run = await runCli(['--log-format', 'json', 'run-operation', 'sail', '--project-dir', dir, '--args', '{knots: 12}', '--vars', '{DBT_ENV_SECRET_pier: p, deck: d}']);
  assert.equal(run.code, 0, run.out + run.err);
  const events = run.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { info: { name: string; extra?: unknown }; data: { msg?: string } });
  assert.ok(events.length > 0 && events.every((e) => JSON.stringify(e.info.extra) === '{"harbour":"dover"}'), run.out);
  const logged = events.find((e) => e.info.name === 'JinjaLogInfo');
  // --args is a YAML option in dbt: invocation_args_dict.args is the mapping, printed as Python prints a dict.
  assert.equal(logged?.data.msg, "sail sail {'knots': 12} run-operation");
});

test("a DBT_ENV_SECRET* variable's value is masked in --debug output and logs/dbt.log, as in every dbt event", async () => {
  process.env['DBT_ENV_SECRET_lock'] = 'brass_padlock_77';
  try {
    writeProjectFile(dir, 'models/locker.sql', "select 'brass_padlock_77' as combination, 'plain_hasp' as latch\n");
    const run = await runCli(['run', '--debug', '--project-dir', dir, '-s', 'locker', '--vars', '{DBT_ENV_SECRET_pier: p, deck: d}']);
    assert.equal(run.code, 0, run.out + run.err);
    assert.match(run.out, /plain_hasp/, 'the SQL is in the debug output');
    assert.doesNotMatch(run.out + run.err, /brass_padlock_77/);
    assert.match(run.out, /'\*\*\*\*\*' as combination/);
    const logFile = readFileSync(join(dir, 'logs', 'dbt.log'), 'utf8');
    assert.match(logFile, /plain_hasp/);
    assert.doesNotMatch(logFile, /brass_padlock_77/);
  } finally {
    delete process.env['DBT_ENV_SECRET_lock'];
  }
});
