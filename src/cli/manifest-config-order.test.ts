// End to end: a node's config in manifest.json and `ls --output json` has dbt 1.10's fields in
// the order of dbt's config classes (NodeAndTestConfig, then NodeConfig, then the kind's own):
// a model's ends with access and freshness, a data test's has no hooks.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { listLines, newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('loom');
  writeProjectFile(dir, 'seeds/threads.csv', 'thread_id\n1\n');
  writeProjectFile(dir, 'models/bolts.sql', "select thread_id from {{ ref('threads') }}\n");
  writeProjectFile(dir, 'models/bolts.yml', 'models:\n  - name: bolts\n    columns:\n      - name: thread_id\n        data_tests: [not_null]\n');
});
after(async () => rm(dir, { recursive: true, force: true }));

const SHARED = ['enabled', 'alias', 'schema', 'database', 'tags', 'meta', 'group'];
const NODE = [
  ...SHARED, 'materialized', 'incremental_strategy', 'batch_size', 'lookback', 'begin', 'persist_docs', 'post-hook', 'pre-hook', 'quoting',
  'column_types', 'full_refresh', 'unique_key', 'on_schema_change', 'on_configuration_change', 'grants', 'packages', 'docs', 'contract',
  'event_time', 'concurrent_batches',
];
const TEST = [...SHARED, 'materialized', 'severity', 'store_failures', 'store_failures_as', 'where', 'limit', 'fail_calc', 'warn_if', 'error_if'];

test("config fields follow dbt's config classes: model, seed and data test", async () => {
  const parse = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(parse.code, 0, parse.out + parse.err);
  const nodes = readArtifact<{ nodes: Record<string, { config: Record<string, unknown> }> }>(dir, 'manifest.json').nodes;
  const model = nodes['model.loom.bolts']!.config;
  assert.deepEqual(Object.keys(model), [...NODE, 'access', 'freshness']);
  assert.equal(model['freshness'], null);
  assert.deepEqual(Object.keys(nodes['seed.loom.threads']!.config), [...NODE, 'delimiter', 'quote_columns']);
  const dataTest = Object.entries(nodes).find(([id]) => id.startsWith('test.loom.not_null_bolts_thread_id.'))![1];
  assert.deepEqual(Object.keys(dataTest.config), TEST);
  const [line] = await listLines(dir, '--resource-type', 'test', '--output', 'json', '--output-keys', 'config');
  assert.deepEqual(Object.keys((JSON.parse(line!) as { config: Record<string, unknown> }).config), TEST);
});

test("a model's hooks are written as dbt's Hook: sql, transaction, and no index (null), whichever way they were given", async () => {
  writeProjectFile(dir, 'models/looms.sql', "{{ config(pre_hook='select 1', post_hook=[{'sql': 'select 2', 'transaction': false}]) }}\nselect 1 as loom_id\n");
  const parse = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(parse.code, 0, parse.out + parse.err);
  const config = readArtifact<{ nodes: Record<string, { config: Record<string, unknown> }> }>(dir, 'manifest.json').nodes['model.loom.looms']!.config;
  assert.deepEqual(config['pre-hook'], [{ sql: 'select 1', transaction: true, index: null }]);
  assert.deepEqual(config['post-hook'], [{ sql: 'select 2', transaction: false, index: null }]);
});
