// End to end: a model whose query fails while it executes (a value that does not convert, deep in
// the data) or as it binds (a column or table it names is missing) is sent once, as dbt sends it,
// and fails with the warehouse's error; the relation that stood before is left as it was. Sending
// it a second time would double the wait on a large table and log two failures for one model.
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
  writeProjectFile(dir, 'models/narrow.sql', 'select 1 as a\n');
  assert.equal((await runCli(['run', '--project-dir', dir])).code, 0);
});
after(() => rm(dir, { recursive: true, force: true }));

const createsSent = (log: string, model = 'wide', create = 'create  table'): number =>
  [...log.matchAll(new RegExp(`\\[debug\\] \\[[^\\]]*\\]: On model\\.runs_once\\.${model}: [\\s\\S]*?(?=\\n\\d\\d:\\d\\d:\\d\\d\\.\\d+ \\[)`, 'gu'))].filter((m) => m[0].includes(create)).length;

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

test('a view whose query does not bind sends its create once, and the error still names the line', async () => {
  writeProjectFile(dir, 'models/narrow.sql', 'select\n  1 as a,\n  nope as b\n');
  await rm(join(dir, 'logs'), { recursive: true, force: true });
  const run = await runCli(['run', '--select', 'narrow', '--project-dir', dir]);
  assert.equal(run.code, 1, run.out);
  assert.match(run.out, /Binder Error: Referenced column "nope"[\s\S]*LINE 3:[\s\S]*in models\/narrow\.sql line 3, column 3/u);
  const log = readFileSync(join(dir, 'logs', 'dbt.log'), 'utf8');
  assert.equal(createsSent(log, 'narrow', 'create view'), 1, log);
  assert.equal([...log.matchAll(/Error running SQL/gu)].length, 1, log);
  const [rows] = await queryDb(join(dir, 'runs_once.duckdb'), 'select a from main.narrow');
  assert.deepEqual(rows, [[1]]);
});

test('a table whose query names a missing table sends its create once', async () => {
  writeProjectFile(dir, 'models/wide.sql', "{{ config(materialized='table') }}\nselect * from no_such_table\n");
  await rm(join(dir, 'logs'), { recursive: true, force: true });
  const run = await runCli(['run', '--select', 'wide', '--project-dir', dir]);
  assert.equal(run.code, 1, run.out);
  assert.match(run.out, /Catalog Error: Table with name no_such_table does not exist/u);
  const log = readFileSync(join(dir, 'logs', 'dbt.log'), 'utf8');
  assert.equal(createsSent(log), 1, log);
});
