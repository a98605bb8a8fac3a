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
