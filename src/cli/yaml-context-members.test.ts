// End to end: the YAML files dbt renders (profiles.yml, dbt_project.yml, property files) see the
// base context's log, print, thread_id, invocation_id, run_started_at and flags, as dbt's do.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

before(async () => {
  dir = await newProject('ledger', `models:
  ledger:
    +meta:
      seen: "{{ log('project thread=' ~ thread_id ~ ' started=' ~ (run_started_at.year > 2000), info=True) }}yes"
`);
  writeProjectFile(dir, 'profiles.yml', `ledger:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: ledger.duckdb
      threads: "{{ print('profile printed') }}1"
`);
  writeProjectFile(dir, 'models/entries.sql', 'select 1 as id\n');
  writeProjectFile(dir, 'models/entries.yml', `version: 2
models:
  - name: entries
    config:
      tags: ["{{ log('properties id=' ~ (invocation_id | length) ~ ' full=' ~ flags.FULL_REFRESH, info=True) }}kept"]
`);
});
after(async () => rm(dir, { recursive: true, force: true }));

test('log and print in YAML values write their lines and render as empty text', async () => {
  const run = await cli('run', '--full-refresh');
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /^profile printed$/mu);
  assert.match(run.out, /project thread=MainThread started=True/u);
  assert.match(run.out, /properties id=36 full=True/u);
});
