// End to end: a model whose query fails while it executes (a value that does not convert, deep in
// the data) is run once, as dbt runs it, and fails with the warehouse's error; the relation that
// stood before is left as it was. Running it a second time would double the wait on a large table.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, queryDb, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const BAD_ROW = "select 1 as a, case when range = 40000 then 'abc' else range::varchar end as raw from range(50000)";

before(async () => {
  dir = await newProject('runs_once');
  writeProjectFile(dir, 'models/wide.sql', "{{ config(materialized='table') }}\nselect 1 as a\n");
  assert.equal((await runCli(['run', '--project-dir', dir])).code, 0);
});
after(() => rm(dir, { recursive: true, force: true }));

const createsSent = (log: string): number => [...log.matchAll(/\[debug\] \[[^\]]*\]: On model\.runs_once\.wide: [\s\S]*?(?=\n\d\d:\d\d:\d\d\.\d+ \[)/gu)].filter((m) => m[0].includes('create  table')).length;

test('a table whose query fails as it runs sends it once and keeps the old table', async () => {
  writeProjectFile(dir, 'models/wide.sql', `{{ config(materialized='table') }}\nselect a, raw::int as n from (${BAD_ROW})\n`);
  await rm(join(dir, 'logs'), { recursive: true, force: true });
  const run = await runCli(['run', '--project-dir', dir]);
  assert.equal(run.code, 1, run.out);
  assert.match(run.out, /Conversion Error: Could not convert string 'abc' to INT32/u);
  const log = readFileSync(join(dir, 'logs', 'dbt.log'), 'utf8');
  assert.equal(createsSent(log), 1, log);
  const [rows] = await queryDb(join(dir, 'runs_once.duckdb'), 'select a, count(*) over () as n from main.wide');
  assert.deepEqual(rows, [[1, 1]]);
});
