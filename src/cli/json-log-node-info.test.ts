// End to end: with --log-format json, a node's start and result events carry dbt's node_info:
// its status (`started`, then the result's), when it started and finished (UTC, ISO 8601, no
// zone) and its meta. Orchestrators that run dbt read these fields to record and time each node.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
before(async () => {
  dir = await newProject('harbor');
  writeProjectFile(dir, 'models/berths.sql', "{{ config(materialized='table', meta={'owner': 'ops'}) }}\nselect 1 as berth_id\n");
  writeProjectFile(dir, 'models/schema.yml', 'version: 2\nmodels:\n  - name: berths\n    columns:\n      - name: berth_id\n        data_tests: [unique]\n');
});
after(() => rm(dir, { recursive: true, force: true }));

interface LogLine { info: { name: string; level: string }; data: { node_info?: Record<string, unknown> } }

test('node events carry node_status, node_started_at, node_finished_at and meta', async () => {
  const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir, '--log-format', 'json']);
  assert.equal(run.code, 0, run.out + run.err);
  const events = run.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine);
  const forNode = (id: string) => events.filter((e) => e.data.node_info?.['unique_id'] === id && e.info.level !== 'debug').map((e) => e.data.node_info!);
  const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/u;

  const [start, result] = forNode('model.harbor.berths');
  assert.equal(start?.['node_status'], 'started');
  assert.match(String(start?.['node_started_at']), iso);
  assert.equal(start?.['node_finished_at'], '');
  assert.equal(result?.['node_status'], 'success');
  assert.equal(result?.['node_started_at'], start?.['node_started_at']);
  assert.match(String(result?.['node_finished_at']), iso);
  assert.ok(String(result?.['node_finished_at']) >= String(result?.['node_started_at']));
  assert.deepEqual(result?.['meta'], { owner: 'ops' });

  const testId = events.map((e) => String(e.data.node_info?.['unique_id'] ?? '')).find((id) => id.startsWith('test.harbor.unique_berths_berth_id'));
  const testResult = forNode(testId ?? '').at(-1);
  assert.equal(testResult?.['node_status'], 'pass');
  assert.match(String(testResult?.['node_finished_at']), iso);
});

test("the run's closing summary events name the failed node by its node_info, as its result event did", async () => {
  const own = await newProject('wharf');
  try {
    writeProjectFile(own, 'models/cranes.sql', 'select 1 as crane_id union all select 1\n');
    writeProjectFile(own, 'models/broken.sql', 'select no_such_column\n');
    writeProjectFile(own, 'models/schema.yml', 'version: 2\nmodels:\n  - name: cranes\n    columns:\n      - name: crane_id\n        data_tests: [unique]\n');
    const run = await runCli(['build', '--project-dir', own, '--profiles-dir', own, '--log-format', 'json']);
    assert.equal(run.code, 1, run.out + run.err);
    const events = run.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine);
    const summary = (name: string) => events.filter((e) => e.info.name === name).map((e) => [e.data.node_info?.['unique_id'], e.data.node_info?.['node_status']]);
    const testId = events.map((e) => String(e.data.node_info?.['unique_id'] ?? '')).find((id) => id.startsWith('test.wharf.unique_cranes_crane_id'));
    // dbt 1.10 heads an errored model as it heads a failed test, with its compiled SQL's path.
    assert.deepEqual(summary('RunResultFailure').sort(), [['model.wharf.broken', 'error'], [testId, 'fail']].sort());
    assert.deepEqual(summary('SQLCompiledPath').sort(), [['model.wharf.broken', 'error'], [testId, 'fail']].sort());
    assert.deepEqual(summary('RunResultError').sort(), [['model.wharf.broken', 'error'], [testId, 'fail']].sort());
    // the same node_info as the node's own result line
    const resultInfo = events.find((e) => e.info.name === 'LogModelResult' && e.data.node_info?.['unique_id'] === 'model.wharf.broken')?.data.node_info;
    const errorInfo = events.find((e) => e.info.name === 'RunResultError' && e.data.node_info?.['unique_id'] === 'model.wharf.broken')?.data.node_info;
    assert.deepEqual(errorInfo, resultInfo);
  } finally {
    await rm(own, { recursive: true, force: true });
  }
});

test('a node skipped for its parent\'s failure starts, is marked skipped and keeps its start time, as dbt reports it', async () => {
  const own = await newProject('quay');
  try {
    writeProjectFile(own, 'models/broken.sql', 'select no_such_column\n');
    writeProjectFile(own, 'models/downstream.sql', "select * from {{ ref('broken') }}\n");
    const run = await runCli(['run', '--project-dir', own, '--profiles-dir', own, '--log-format', 'json', '--log-level', 'debug']);
    assert.equal(run.code, 1, run.out + run.err);
    const events = run.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine);
    const skipped = events.filter((e) => e.data.node_info?.['unique_id'] === 'model.quay.downstream').map((e) => [e.info.name, e.data.node_info!['node_status'], e.data.node_info!['node_started_at'], e.data.node_info!['node_finished_at']]);
    assert.deepEqual(skipped.map(([name, status]) => [name, status]), [
      ['NodeStart', 'started'],
      ['SkippingDetails', 'skipped'],
      ['NodeFinished', 'skipped'],
    ]);
    // Lineage collectors time the node from node_started_at; a skipped node has no finish time.
    for (const [, , started, finished] of skipped) {
      assert.match(String(started), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/u);
      assert.equal(finished, '');
    }
  } finally {
    await rm(own, { recursive: true, force: true });
  }
});
