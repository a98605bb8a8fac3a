// End to end: an incremental model with on_schema_change 'ignore' that stops returning a column
// of its table, run twice against a real DuckDB file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDb, runCli, writeProjectFile } from './test-helpers.js';

const CONFIG = "{{ config(materialized='incremental', on_schema_change='ignore') }}\n";

test("on_schema_change 'ignore': a column the model no longer returns fails the insert with DuckDB's Binder Error, as in dbt", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'incremental-ignore-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  writeProjectFile(dir, 'dbt_project.yml', 'name: tally\nprofile: tally\n');
  writeProjectFile(dir, 'profiles.yml', 'tally:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: tally.duckdb\n');
  writeProjectFile(dir, 'models/receipts.sql', `${CONFIG}select 1 as id, 2 as tax`);
  const first = await runCli(['run', '--project-dir', dir]);
  assert.equal(first.code, 0, first.err + first.out);

  writeProjectFile(dir, 'models/receipts.sql', `${CONFIG}select 2 as id`);
  const second = await runCli(['run', '--project-dir', dir]);
  assert.equal(second.code, 1, second.err + second.out);
  assert.match(second.out, /1 of 1 ERROR creating sql incremental model main\.receipts/);
  assert.match(second.out, /Runtime Error in model receipts \(models\/receipts\.sql\)\n {2}Binder Error: Referenced column "tax" not found in FROM clause!\n {2}Candidate bindings: "id"/);
  const [rows] = await queryDb(join(dir, 'tally.duckdb'), 'select id, tax from main.receipts order by id');
  assert.deepEqual(rows, [[1, 2]]);
});
