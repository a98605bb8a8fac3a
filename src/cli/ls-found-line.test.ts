// End to end: dbt's compile prints its Found line for every command except one named `list`
// (dbt's flags.WHICH is the name typed), so `dbt ls` prints it before the listed resources and
// `dbt list` does not; with --quiet only the resources are printed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('ledger');
  writeProjectFile(dir, 'models/entries.sql', 'select 1 as entry_id\n');
  writeProjectFile(dir, 'models/entries.yml', 'models:\n  - name: entries\n    columns:\n      - name: entry_id\n        data_tests: [not_null]\n');
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const list = (command: string, ...args: string[]) => runCli([command, '--project-dir', dir, '--profiles-dir', dir, ...args]);

test('ls prints the Found line before the resources it lists', async () => {
  const run = await list('ls');
  assert.equal(run.code, 0, run.out + run.err);
  const lines = run.out.split('\n');
  const found = lines.findIndex((l) => /^\d\d:\d\d:\d\d {2}Found 1 model, 1 test, \d+ macros$/u.test(l));
  const first = lines.indexOf('ledger.entries');
  assert.ok(found >= 0 && first > found, run.out);
});

test('list prints no Found line, and ls --quiet prints only the resources', async () => {
  const named = await list('list');
  assert.equal(named.code, 0, named.out + named.err);
  assert.ok(named.out.includes('ledger.entries'), named.out);
  assert.doesNotMatch(named.out, /Found \d/u);
  const quiet = await list('ls', '--quiet');
  assert.deepEqual(quiet.out.split('\n').filter(Boolean), ['ledger.entries', 'ledger.not_null_entries_entry_id']);
});
