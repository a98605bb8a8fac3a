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
  // The view's statements go in one text (its create among them), sent once: one failure for the model.
  const failed = lines.findIndex((line) => line.includes('DuckDB adapter: Error running SQL: begin transaction;'));
  assert.ok(failed > 0, lines.join('\n'));
  assert.equal(lines.filter((line) => line.includes('Error running SQL')).length, 1, lines.join('\n'));
  assert.match(lines[failed - 1]!, /\[debug\] \[Thread-\d \(\]: On model\.pottery\.glazes: begin transaction;$/u);
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

test('under --log-format json the statement lines are dbt\'s SQLQuery, SQLQueryStatus and AdapterEventDebug events with their fields', async () => {
  const run = await cli('run', '--log-format', 'json', '--log-level', 'debug');
  assert.equal(run.code, 1, run.out + run.err);
  type Event = { info: { name: string; code: string; msg: string }; data: Record<string, unknown> & { node_info?: { unique_id: string } } };
  const events = run.out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Event);
  // Lineage collectors take each statement's SQL and connection from SQLQuery's data, and its outcome from SQLQueryStatus.
  const query = events.find((e) => e.info.name === 'SQLQuery' && e.data.node_info?.unique_id === 'model.pottery.kilns');
  assert.ok(query, events.map((e) => e.info.name).join(' '));
  assert.equal(query.info.code, 'E016');
  assert.equal(query.data['conn_name'], 'model.pottery.kilns');
  assert.match(String(query.data['sql']), /create view "[^"]+"\."main"\."kilns__dbt_tmp"/u);
  assert.equal(query.info.msg, `On model.pottery.kilns: ${String(query.data['sql'])}`);
  const status = events.find((e) => e.info.name === 'SQLQueryStatus' && e.data.node_info?.unique_id === 'model.pottery.kilns');
  assert.equal(status?.info.code, 'E017');
  assert.equal(status?.data['status'], 'OK');
  assert.equal(typeof status?.data['elapsed'], 'number');
  assert.ok(!events.some((e) => e.info.name === 'SQLQuery' && e.info.msg.startsWith('SQL status')));
  // dbt-duckdb's own debug lines about the statement that failed.
  const failed = events.find((e) => e.info.name === 'AdapterEventDebug' && /^Error running SQL: [\s\S]*create view "[^"]+"\."main"\."glazes__dbt_tmp"/u.test(String(e.data['base_msg'])));
  assert.equal(failed?.info.code, 'E001');
  assert.equal(failed?.data['name'], 'DuckDB');
  assert.equal(failed?.data.node_info?.unique_id, 'model.pottery.glazes');
});
