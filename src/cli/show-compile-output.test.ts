// End to end: `show` and `compile` print what dbt prints: one preview per selected node, dbt's
// headings (dropped by --quiet), the node's name in JSON, and --inline alone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelhouse-show-'));
  writeProjectFile(dir, 'dbt_project.yml', 'name: kiosk\nprofile: kiosk\n');
  writeProjectFile(dir, 'profiles.yml', 'kiosk:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: kiosk.duckdb\n');
  writeProjectFile(dir, 'models/tills.sql', "select 3 as till_no, 'north' as hall\n");
  writeProjectFile(dir, 'models/halls.sql', "select distinct hall from {{ ref('tills') }}\n");
  assert.equal((await cli('run', '-q')).code, 0);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('show previews every selected node under its own heading', async () => {
  const run = await cli('show', '--select', 'tills halls');
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /Previewing node 'halls':\n\| hall/);
  assert.match(run.out, /Previewing node 'tills':\n\| till_no/);
});

test('show --output json names the node (not for --inline); --quiet drops the text heading', async () => {
  const json = JSON.parse((await cli('show', '-q', '--select', 'halls', '--output', 'json')).out) as unknown;
  assert.deepEqual(json, { node: 'halls', show: [{ hall: 'north' }] });
  const inline = JSON.parse((await cli('show', '-q', '--inline', 'select 1 as n', '--output', 'json')).out) as unknown;
  assert.deepEqual(inline, { show: [{ n: 1 }] });
  const quiet = await cli('show', '-q', '--inline', "select * from {{ ref('halls') }}");
  assert.equal(quiet.out.split('\n')[0], '| hall  |');
  assert.match((await cli('show', '--inline', 'select 1 as n')).out, /Previewing inline node:\n\| n/);
});

test('--inline refuses --select and --selector, on show and compile', async () => {
  for (const command of ['show', 'compile']) {
    const withSelect = await cli(command, '--inline', 'select 1', '--select', 'tills');
    assert.equal(withSelect.code, 2, `${command}: ${withSelect.out}`);
    assert.match(withSelect.err, /select: not allowed with argument inline/);
    assert.equal((await cli(command, '--inline', 'select 1', '--selector', 'any')).code, 2);
  }
  const none = await cli('show');
  assert.equal(none.code, 2);
  assert.match(none.err, /Either --select or --inline must be passed to show/);
});

test('compile prints dbt\'s heading before inline SQL and before the selected node; --quiet prints the SQL alone', async () => {
  assert.match((await cli('compile', '--inline', "select * from {{ ref('tills') }}")).out, /Compiled inline node is:\nselect \* from "kiosk"\."main"\."tills"/);
  assert.equal((await cli('compile', '-q', '--inline', 'select 2')).out.trim(), 'select 2');
  assert.match((await cli('compile', '-s', '+halls')).out, /Compiled node 'halls' is:\nselect distinct hall/);
  assert.doesNotMatch((await cli('compile', '-q', '-s', 'halls')).out, /Compiled node/);
});

test('show --inline-direct runs the SQL as written, without Jinja', async () => {
  const run = await cli('show', '-q', '--inline-direct', "select '{{ not rendered }}' as text, till_no from main.tills");
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /\| \{\{ not rendered \}\} \|\s+3 \|/);
  assert.equal((await cli('show', '--inline-direct', 'select 1', '--select', 'tills')).code, 2);
});

test('compile reports the seeds it selects (without compiled code), as dbt does', async () => {
  writeProjectFile(dir, 'seeds/till_codes.csv', 'code\nA\n');
  const run = await cli('compile', '-q');
  assert.equal(run.code, 0, run.err);
  const results = readArtifact<{ results: { unique_id: string; status: string; compiled_code: string | null }[] }>(dir, 'run_results.json').results;
  const seed = results.find((r) => r.unique_id === 'seed.kiosk.till_codes');
  assert.deepEqual(seed && [seed.status, seed.compiled_code], ['success', null]);
});
