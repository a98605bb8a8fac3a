// End to end: dbt-duckdb's `disable_transactions: true` builds without BEGIN/COMMIT, so an
// in-transaction hook commits as it runs and outlives a model that then fails; by default the
// hook is part of the build's transaction and rolls back with it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, queryDb, runCli, writeProjectFile } from './test-helpers.js';

const dirs: string[] = [];

async function lockProject(disableTransactions: boolean): Promise<string> {
  const dir = await newProject('locks');
  dirs.push(dir);
  const extra = disableTransactions ? '      disable_transactions: true\n' : '';
  writeProjectFile(dir, 'profiles.yml', `locks:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: locks.duckdb\n${extra}`);
  writeProjectFile(dir, 'models/gates.sql', [
    '{{ config(',
    "    materialized='table',",
    '    pre_hook=[',
    '      before_begin("create table if not exists main.gate_log (step varchar)"),',
    "      \"insert into main.gate_log values ('opening')\",",
    '    ],',
    ') }}',
    'select * from main.no_such_lock',
    '',
  ].join('\n'));
  return dir;
}

let transactional = '';
let autocommit = '';

before(async () => {
  transactional = await lockProject(false);
  autocommit = await lockProject(true);
});
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

test('by default an in-transaction pre-hook rolls back with the model that fails', async () => {
  const run = await runCli(['run', '--project-dir', transactional, '--profiles-dir', transactional]);
  assert.equal(run.code, 1, run.out);
  const [rows] = await queryDb(join(transactional, 'locks.duckdb'), 'select step from main.gate_log');
  assert.deepEqual(rows, []);
});

test('with disable_transactions: true an in-transaction pre-hook commits even though the model fails', async () => {
  const run = await runCli(['run', '--project-dir', autocommit, '--profiles-dir', autocommit]);
  assert.equal(run.code, 1, run.out);
  const [rows] = await queryDb(join(autocommit, 'locks.duckdb'), 'select step from main.gate_log');
  assert.deepEqual(rows, [['opening']]);
});

test('with disable_transactions: true a model still builds and replaces its table', async () => {
  writeProjectFile(autocommit, 'models/gates.sql', "{{ config(materialized='table', pre_hook=\"insert into main.gate_log values ('again')\") }}\nselect 2 as gate\n");
  for (let i = 0; i < 2; i++) {
    const run = await runCli(['run', '--project-dir', autocommit, '--profiles-dir', autocommit]);
    assert.equal(run.code, 0, run.out);
  }
  const [gates, log] = await queryDb(join(autocommit, 'locks.duckdb'), 'select gate from main.gates', 'select step from main.gate_log order by step');
  assert.deepEqual(gates, [[2]]);
  assert.deepEqual(log, [['again'], ['again'], ['opening']]);
});
