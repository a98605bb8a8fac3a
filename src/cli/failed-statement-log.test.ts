// End to end: a statement DuckDB refuses is followed in logs/dbt.log by the lines dbt-duckdb's
// error handler logs, "DuckDB adapter: Error running SQL: <sql>" and "DuckDB adapter: Rolling
// back transaction.", not by a "SQL status" line, as in a dbt.log of a model that failed to build.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);
const debugLines = (): string[] => readFileSync(join(dir, 'logs', 'dbt.log'), 'utf8').split('\n').filter((line) => /^\d{2}:\d{2}:\d{2}\.\d{6} \[/u.test(line));

before(async () => {
  dir = await newProject('pottery');
  writeProjectFile(dir, 'models/glazes.sql', 'select glaze_date(kiln_day) as fired_on from (select 1 as kiln_day)\n');
  writeProjectFile(dir, 'models/kilns.sql', 'select 1 as kiln_id\n');
  writeProjectFile(dir, 'macros/count_pots.sql', `{% macro count_pots() %}
  {% do run_query('select count(*) from pots_nowhere') %}
{% endmacro %}
`);
});
after(async () => rm(dir, { recursive: true, force: true }));

test("a model's failing statement is logged with dbt-duckdb's error and rollback lines, without a SQL status", async () => {
  const run = await cli('run');
  assert.equal(run.code, 1, run.out + run.err);
  const lines = debugLines();
  const failed = lines.findIndex((line) => line.includes('DuckDB adapter: Error running SQL: create view'));
  assert.ok(failed > 0, lines.join('\n'));
  assert.match(lines[failed - 1]!, /\[debug\] \[Thread-\d \(\]: On model\.pottery\.glazes: create view/u);
  assert.match(lines[failed + 1]!, /\[debug\] \[Thread-\d \(\]: DuckDB adapter: Rolling back transaction\.$/u);
  assert.ok(!lines.some((line) => line.includes('SQL status: error')), lines.join('\n'));
  // the model that builds keeps its status line
  assert.ok(lines.some((line) => /SQL status: OK in \d+\.\d{3} seconds/u.test(line)));
});

test('a failing run_query of an operation is logged the same way', async () => {
  const run = await cli('run-operation', 'count_pots');
  assert.equal(run.code, 1, run.out + run.err);
  const lines = debugLines();
  const failed = lines.findIndex((line) => line.endsWith('DuckDB adapter: Error running SQL: select count(*) from pots_nowhere'));
  assert.ok(failed > 0, lines.join('\n'));
  assert.match(lines[failed + 1]!, /DuckDB adapter: Rolling back transaction\.$/u);
});
