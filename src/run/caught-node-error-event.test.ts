// End to end: dbt's CatchableExceptionOnRun debug event, logged with the error a node's runner
// caught just before the node's ERROR line; tools reading the JSON log watch for it by name.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, runCli, writeProjectFile } from '../cli/test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('caught');
  writeProjectFile(dir, 'models/broken.sql', 'select * from no_such_table\n');
  writeProjectFile(dir, 'models/fine.sql', 'select 1 as id\n');
  writeProjectFile(dir, 'models/fine.yml', 'models:\n  - name: fine\n    columns:\n      - name: id\n        data_tests: [{accepted_values: {values: [2]}}]\n');
});
after(() => rm(dir, { recursive: true, force: true }));

interface Event {
  info: { name: string; code: string; msg: string; level: string };
  data: { node_info?: { unique_id?: string } };
}

test('an errored model logs the caught error (W002, debug) right before its result line; a failing test logs none', async () => {
  const run = await runCli(['build', '--debug', '--log-format', 'json', '--project-dir', dir]);
  assert.equal(run.code, 1, run.err);
  const all = run.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Event);
  const caught = all.filter((e) => e.info.name === 'CatchableExceptionOnRun');
  assert.equal(caught.length, 1);
  const event = caught[0]!;
  assert.deepEqual([event.info.code, event.info.level, event.data.node_info?.unique_id], ['W002', 'debug', 'model.caught.broken']);
  assert.match(event.info.msg, /^Runtime Error in model broken \(models\/broken\.sql\)\n[\s\S]*no_such_table/u);
  const result = all.findIndex((e) => e.info.name === 'LogModelResult' && e.data.node_info?.unique_id === 'model.caught.broken');
  assert.equal(all.indexOf(event), result - 1);
});

test('logs/dbt.log holds the caught error as a debug line before the ERROR line', async () => {
  await runCli(['run', '--select', 'broken', '--project-dir', dir]);
  const log = readFileSync(join(dir, 'logs', 'dbt.log'), 'utf8');
  const last = log.slice(log.lastIndexOf('Running with'));
  assert.match(last, /\[debug\] \[Thread-1 \(\]: Runtime Error in model broken \(models\/broken\.sql\)\n[^\n]*no_such_table[\s\S]*\n[^\n]*\[error\] \[Thread-1 \(\]: 1 of 1 ERROR creating sql view model/u);
});
