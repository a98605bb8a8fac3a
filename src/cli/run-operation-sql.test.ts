// End to end: run-operation --sql runs a statement (Jinja rendered, ref() resolved) instead of a
// macro, and every operation records dbt's compile and execute timings in run_results.json.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, queryDb, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('ledger');
  writeProjectFile(dir, 'models/accounts.sql', "select 7 as account_id, 'savings' as kind\n");
  writeProjectFile(dir, 'macros/tally.sql', "{% macro tally() %}{{ log('tally ran', info=True) }}{% endmacro %}\n");
  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.err);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const operation = (...args: string[]) => runCli(['run-operation', ...args, '--project-dir', dir, '--profiles-dir', dir]);
type Results = { results: { unique_id: string; status: string; timing: { name: string }[]; message: string | null }[] };

test('--sql renders ref() and target, runs the statement and records it as the inline query', async () => {
  const run = await operation('--sql', "create table {{ target.schema }}.account_copy as select * from {{ ref('accounts') }}");
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /OK executed inline_query/);
  const [rows] = await queryDb(join(dir, 'ledger.duckdb'), 'select account_id, kind from main.account_copy');
  assert.deepEqual(rows, [[7, 'savings']]);
  const [result] = readArtifact<Results>(dir, 'run_results.json').results;
  assert.equal(result?.unique_id, 'sql_operation.ledger.inline_query');
  assert.equal(result?.status, 'success');
  assert.deepEqual(result?.timing.map((t) => t.name), ['compile', 'execute']);
});

test('a failing --sql statement is an error result with exit code 1', async () => {
  const run = await operation('--sql', 'select frobnicate from nowhere_at_all');
  assert.equal(run.code, 1);
  assert.match(run.out, /ERROR executing inline_query/);
  const [result] = readArtifact<Results>(dir, 'run_results.json').results;
  assert.equal(result?.status, 'error');
  assert.match(result?.message ?? '', /nowhere_at_all/);
  // dbt-duckdb raises the failing statement as a Runtime Error, reported as the operation's error
  assert.match(result?.message ?? '', /^Runtime Error\n {2}Catalog Error: Table with name nowhere_at_all does not exist!/u);
  assert.ok(`${run.out}\n${run.err}`.includes(`Encountered an error while running operation: ${result?.message ?? ''}`), run.out + run.err);
  assert.doesNotMatch(`${run.out}\n${run.err}`, /\[database-error\]/u);
  // retry runs the same statement again, which passes once the table it reads exists.
  await queryDb(join(dir, 'ledger.duckdb'), 'create table main.nowhere_at_all as select 3 as frobnicate');
  const retry = await runCli(['retry', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(retry.code, 0, retry.err);
  assert.equal(readArtifact<Results>(dir, 'run_results.json').results[0]?.status, 'success');
});

test('--sql whose Jinja does not render fails before its START line, as dbt starts the statement only once rendered', async () => {
  const run = await operation('--sql', "select * from {{ ref('no_such_account') }}");
  assert.equal(run.code, 1);
  assert.doesNotMatch(run.out, /START executing inline_query/);
  assert.match(run.out, /ERROR executing inline_query/);
});

test('neither a macro nor --sql, both, or --sql with --args is a usage error', async () => {
  const none = await operation();
  assert.equal(none.code, 2);
  assert.match(none.err, /Either a macro name or --sql must be passed/);
  const both = await operation('tally', '--sql', 'select 1');
  assert.equal(both.code, 2);
  assert.match(both.err, /Cannot specify both a macro name and --sql/);
  const withArgs = await operation('--sql', 'select 1', '--args', '{n: 1}');
  assert.equal(withArgs.code, 2);
  assert.match(withArgs.err, /--args cannot be used with --sql/);
});

test('a macro operation is timed in a compile and an execute step', async () => {
  const run = await operation('tally');
  assert.equal(run.code, 0, run.err);
  const [result] = readArtifact<Results>(dir, 'run_results.json').results;
  assert.equal(result?.unique_id, 'macro.ledger.tally');
  assert.deepEqual(result?.timing.map((t) => t.name), ['compile', 'execute']);
});

test("a macro operation prints dbt's Found line before the macro's output, as dbt compiles the graph first; --sql only when its SQL has Jinja", async () => {
  const lines = (text: string) => text.split('\n').map((line) => line.replace(/^\d\d:\d\d:\d\d {2}/u, ''));
  const macro = lines((await operation('tally')).out);
  const found = macro.findIndex((line) => /^Found 1 model, \d+ macros$/u.test(line));
  assert.ok(found > 0, macro.join('\n'));
  assert.equal(macro[found + 1], 'tally ran');
  assert.match(macro[found - 1] ?? '', /^Registered adapter: duckdb=/u);
  const templated = lines((await operation('--sql', 'select {{ 1 }}')).out);
  assert.ok(templated.some((line) => line.startsWith('Found 1 model, ')), templated.join('\n'));
  const plain = lines((await operation('--sql', 'select 1')).out);
  assert.ok(!plain.some((line) => line.startsWith('Found ')), plain.join('\n'));
});

test('run-operation writes manifest.json, even when the macro fails, and not with --no-write-json', async () => {
  const manifestPath = join(dir, 'target', 'manifest.json');
  writeProjectFile(dir, 'macros/boom.sql', "{% macro boom() %}{{ exceptions.raise_compiler_error('boom') }}{% endmacro %}\n");
  for (const args of [['tally'], ['--sql', 'select 1'], ['boom']]) {
    await rm(manifestPath, { force: true });
    const run = await operation(...args);
    assert.equal(run.code, args[0] === 'boom' ? 1 : 0, run.err);
    assert.ok(existsSync(manifestPath), `no manifest.json after run-operation ${args.join(' ')}`);
    assert.ok('macro.ledger.tally' in readArtifact<{ macros: Record<string, unknown> }>(dir, 'manifest.json').macros);
  }
  await rm(manifestPath, { force: true });
  assert.equal((await operation('tally', '--no-write-json')).code, 0);
  assert.equal(existsSync(manifestPath), false);
});
