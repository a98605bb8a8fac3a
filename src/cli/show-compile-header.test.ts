// End to end: show and compile --inline print what dbt prints before it runs their nodes, the
// project having been compiled first: the Found line (an inline query counted as its sql
// operation), then the Concurrency line between blank lines. --inline-direct compiles nothing
// and prints neither; --quiet prints the preview alone. A selection of nothing is nothing to do.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';
import { duckDbEngineVersion } from '../adapters/duckdb/index.js';

let dir = '';
const unstamped = (out: string): string[] => out.split('\n').map((l) => l.replace(/^\d\d:\d\d:\d\d {2}/u, ''));
/** The lines after the two every command on a project opens with (the version, the adapter registered). */
const afterHeader = (out: string): string[] => {
  const lines = unstamped(out);
  assert.deepEqual(lines.slice(0, 2), ['Running with reelhouse=0.1.0', `Registered adapter: duckdb=${duckDbEngineVersion()}`]);
  return lines.slice(2);
};

before(async () => {
  dir = await newProject('depot');
  writeProjectFile(dir, 'models/crates.sql', 'select 1 as crate_id\n');
  assert.equal((await runCli(['run', '--project-dir', dir])).code, 0);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('show of a node: Found, Concurrency, then the preview', async () => {
  const run = await runCli(['show', '--project-dir', dir, '-s', 'crates']);
  assert.equal(run.code, 0, run.err);
  const lines = afterHeader(run.out);
  assert.match(lines[0]!, /^Found 1 model, \d+ macros$/u);
  assert.deepEqual(lines.slice(1, 5), ['', "Concurrency: 1 threads (target='dev')", '', "Previewing node 'crates':"]);
  assert.doesNotMatch(run.out, /sql operation/);
});

test('show and compile of inline SQL count the inline query as a sql operation', async () => {
  for (const command of ['show', 'compile']) {
    const run = await runCli([command, '--project-dir', dir, '--inline', "select * from {{ ref('crates') }}"]);
    assert.equal(run.code, 0, run.err);
    const lines = afterHeader(run.out);
    assert.match(lines[0]!, /^Found 1 model, 1 sql operation, \d+ macros$/u);
    assert.deepEqual(lines.slice(1, 4), ['', "Concurrency: 1 threads (target='dev')", '']);
    assert.equal(lines[4], command === 'show' ? 'Previewing inline node:' : 'Compiled inline node is:');
  }
});

test('--inline-direct and --quiet print no header', async () => {
  const direct = await runCli(['show', '--project-dir', dir, '--inline-direct', 'select 2 as n']);
  // As dbt's ShowTaskDirect, which registers the adapter but parses nothing.
  assert.equal(afterHeader(direct.out)[0], 'Previewing inline node:');
  const quiet = await runCli(['show', '--project-dir', dir, '--inline', 'select 3 as n', '-q']);
  assert.doesNotMatch(quiet.out, /Found|Concurrency|Running with|Registered adapter/);
});

test('show of a selection that matches nothing warns, writes empty results and exits 0', async () => {
  const run = await runCli(['show', '--project-dir', dir, '-s', 'no_such_node']);
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  const text = unstamped(`${run.out}${run.err}`).join('\n');
  assert.match(text, /The selection criterion 'no_such_node' does not match any enabled nodes/);
  assert.match(text, /Nothing to do\. Try checking your model configs and model specification args/);
  assert.doesNotMatch(text, /Concurrency/);
  assert.deepEqual(readArtifact<{ results: unknown[] }>(dir, 'run_results.json').results, []);
});
