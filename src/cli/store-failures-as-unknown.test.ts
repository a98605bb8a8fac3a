// End to end: a store_failures_as dbt does not know ('tabel', or 'Table' in another case) decides
// nothing, as dbt's TestConfig leaves store_failures as it was: the test runs without storing its
// rows or naming an audit relation, and only when failures are stored (--store-failures) does the
// test materialization refuse the value.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, queryDb, readArtifact, resultStatuses, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
type Results = { results: { unique_id: string; status: string; message: string | null; relation_name: string | null }[] };
type Manifest = { nodes: Record<string, { config: Record<string, unknown>; relation_name: string | null }> };

before(async () => {
  dir = await newProject('spools');
  writeProjectFile(dir, 'models/spools.sql', "select 1 as spool_id, null as colour union all select 2, 'red'\n");
  writeProjectFile(dir, 'models/schema.yml', [
    'models:',
    '  - name: spools',
    '    columns:',
    '      - name: colour',
    '        data_tests:',
    '          - not_null:',
    '              config:',
    '                store_failures_as: tabel',
    '',
  ].join('\n'));
  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.out + run.err);
});
after(() => rm(dir, { recursive: true, force: true }));

test('without --store-failures the test runs and fails as usual, storing nothing', async () => {
  const run = await runCli(['test', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 1, run.out + run.err);
  const id = [...resultStatuses(dir).keys()].find((k) => k.startsWith('test.spools.not_null_spools_colour'))!;
  assert.ok(id);
  assert.equal(resultStatuses(dir).get(id), 'fail');
  assert.doesNotMatch(run.out, /See test failures|not a valid value/u);
  assert.equal(readArtifact<Results>(dir, 'run_results.json').results.find((r) => r.unique_id === id)!.relation_name, null);
  const node = readArtifact<Manifest>(dir, 'manifest.json').nodes[id]!;
  assert.equal(node.config['store_failures'], null);
  assert.equal(node.config['store_failures_as'], 'tabel');
  assert.equal(node.relation_name, null);
  const [schemas] = await queryDb(join(dir, 'spools.duckdb'), "select count(*)::int from information_schema.schemata where schema_name = 'main_dbt_test__audit'");
  assert.deepEqual(schemas, [[0]]);
});

test('with --store-failures the value is refused as dbt words it', async () => {
  const run = await runCli(['test', '--project-dir', dir, '--profiles-dir', dir, '--store-failures']);
  assert.equal(run.code, 1, run.out + run.err);
  assert.match(run.out, /'tabel' is not a valid value for `store_failures_as`\. Accepted values are: \['ephemeral', 'table', 'view'\]/u);
  const id = [...resultStatuses(dir).keys()].find((k) => k.startsWith('test.spools.not_null_spools_colour'))!;
  assert.equal(resultStatuses(dir).get(id), 'error');
});
