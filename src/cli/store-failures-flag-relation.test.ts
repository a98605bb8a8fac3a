// End to end: `--store-failures` names each data test's audit relation as dbt does (its
// should_store_failures falls back to the flag), so run_results.json and manifest.json carry the
// test's relation_name and the failure summary points at the stored rows, as with the config.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

interface Results { results: { unique_id: string; status: string; relation_name: string | null }[] }
interface Manifest { nodes: Record<string, { relation_name: string | null }> }

let dir = '';
// The database part of the relation as the summary prints it (the warehouse file's name).
const dbName = (out: string): string => /select \* from "([^"]+)"\./u.exec(out)?.[1] ?? '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

before(async () => {
  dir = await newProject('granary');
  writeProjectFile(dir, 'models/sacks.sql', 'select 1 as sack_id union all select null\n');
  writeProjectFile(dir, 'models/schema.yml', 'models:\n  - name: sacks\n    columns:\n      - name: sack_id\n        data_tests: [not_null]\n');
  writeProjectFile(dir, 'tests/no_empty_sacks.sql', "select * from {{ ref('sacks') }} where sack_id is null\n");
  assert.equal((await cli('run')).code, 0);
});
after(() => rm(dir, { recursive: true, force: true }));

test('test --store-failures records and prints the audit relation of each failing test', async () => {
  const run = await cli('test', '--store-failures');
  assert.equal(run.code, 1, run.out + run.err);
  const singular = '"main_dbt_test__audit"."no_empty_sacks"';
  const generic = '"main_dbt_test__audit"."not_null_sacks_sack_id"';
  const results = readArtifact<Results>(dir, 'run_results.json').results;
  assert.deepEqual(results.map((r) => [r.status, r.relation_name?.replace(/^"[^"]+"\./u, '')]).sort(), [['fail', singular], ['fail', generic]]);
  assert.ok(run.out.includes(`See test failures:\n  ${'-'.repeat(`select * from "${dbName(run.out)}".${singular}`.length)}\n  select * from "${dbName(run.out)}".${singular}\n`), run.out);
  const manifest = readArtifact<Manifest>(dir, 'manifest.json');
  assert.match(manifest.nodes['test.granary.no_empty_sacks']!.relation_name ?? '', /"no_empty_sacks"$/u);
});

test('without the flag or the config a test names no relation', async () => {
  assert.equal((await cli('test')).code, 1);
  const results = readArtifact<Results>(dir, 'run_results.json').results;
  assert.deepEqual(results.map((r) => r.relation_name), [null, null]);
});

test('a storing test that errors still points at its audit relation after its compiled path, as dbt prints it', async () => {
  writeProjectFile(dir, 'tests/no_lost_sacks.sql', "select * from {{ ref('sacks') }} where lost_at is not null\n");
  try {
    const run = await cli('test', '--store-failures', '--select', 'no_lost_sacks');
    assert.equal(run.code, 1, run.out + run.err);
    const lines = run.out.split('\n').map((l) => l.replace(/^\d\d:\d\d:\d\d {2}/u, ''));
    const compiled = lines.indexOf('  compiled code at target/compiled/granary/tests/no_lost_sacks.sql');
    assert.ok(compiled > 0, run.out);
    const query = `select * from "${dbName(run.out)}"."main_dbt_test__audit"."no_lost_sacks"`;
    const border = '-'.repeat(query.length);
    assert.deepEqual(lines.slice(compiled + 1, compiled + 6), ['', '  See test failures:', `  ${border}`, `  ${query}`, `  ${border}`]);
  } finally {
    await rm(`${dir}/tests/no_lost_sacks.sql`);
  }
});

test("store_failures_as settles store_failures and the reverse, as dbt's TestConfig does: a view-storing test names its relation and its summary points at it", async () => {
  const yml = (config: string) => `models:\n  - name: sacks\n    columns:\n      - name: sack_id\n        data_tests:\n          - not_null:\n              config: ${config}\n`;
  try {
    writeProjectFile(dir, 'models/schema.yml', yml('{store_failures_as: view, severity: warn}'));
    const run = await cli('test', '--select', 'not_null_sacks_sack_id');
    assert.equal(run.code, 0, run.out + run.err);
    const results = readArtifact<Results>(dir, 'run_results.json').results;
    assert.deepEqual(results.map((r) => [r.status, r.relation_name?.replace(/^"[^"]+"\./u, '')]), [['warn', '"main_dbt_test__audit"."not_null_sacks_sack_id"']]);
    assert.ok(run.out.includes('See test failures:'), run.out);
    const settled = async (config: string) => {
      writeProjectFile(dir, 'models/schema.yml', yml(config));
      assert.equal((await cli('parse')).code, 0);
      const nodes = readArtifact<{ nodes: Record<string, { config: Record<string, unknown> }> }>(dir, 'manifest.json').nodes;
      const test = Object.entries(nodes).find(([id]) => id.startsWith('test.granary.not_null_sacks_sack_id.'))![1];
      return [test.config['store_failures'], test.config['store_failures_as']];
    };
    assert.deepEqual(await settled('{store_failures_as: view}'), [true, 'view']);
    assert.deepEqual(await settled('{store_failures_as: ephemeral, store_failures: true}'), [false, 'ephemeral']);
    assert.deepEqual(await settled('{store_failures: true}'), [true, 'table']);
    assert.deepEqual(await settled('{store_failures: false}'), [false, 'ephemeral']);
    assert.deepEqual(await settled('{severity: warn}'), [null, null]);
  } finally {
    writeProjectFile(dir, 'models/schema.yml', 'models:\n  - name: sacks\n    columns:\n      - name: sack_id\n        data_tests: [not_null]\n');
  }
});

test("a singular test's config() settles over the project's levels as dbt's does: store_failures=false there undoes a project-wide store_failures: true", async () => {
  const project = "name: granary\nversion: '1.0.0'\nprofile: granary\n";
  const singular = (config: string) => writeProjectFile(dir, 'tests/no_empty_sacks.sql', `{{ config(${config}) }}\nselect * from {{ ref('sacks') }} where sack_id is null\n`);
  const relationOf = async () => {
    assert.equal((await cli('test', '--select', 'no_empty_sacks')).code, 1);
    return readArtifact<Results>(dir, 'run_results.json').results.map((r) => r.relation_name?.replace(/^"[^"]+"\./u, '') ?? null);
  };
  try {
    writeProjectFile(dir, 'dbt_project.yml', `${project}data_tests:\n  +store_failures: true\n`);
    singular('store_failures=false');
    assert.deepEqual(await relationOf(), [null]);
    singular("store_failures_as='view'");
    writeProjectFile(dir, 'dbt_project.yml', project);
    assert.deepEqual(await relationOf(), ['"main_dbt_test__audit"."no_empty_sacks"']);
  } finally {
    writeProjectFile(dir, 'dbt_project.yml', project);
    writeProjectFile(dir, 'tests/no_empty_sacks.sql', "select * from {{ ref('sacks') }} where sack_id is null\n");
  }
});

test("docs generate lists a storing test's audit table in catalog.json under the test's id, as dbt catalogs every relational node", async () => {
  writeProjectFile(dir, 'models/schema.yml', 'models:\n  - name: sacks\n    columns:\n      - name: sack_id\n        data_tests:\n          - not_null:\n              config: {store_failures: true}\n');
  try {
    assert.equal((await cli('test', '--select', 'not_null_sacks_sack_id')).code, 1);
    const docs = await cli('docs', 'generate');
    assert.equal(docs.code, 0, docs.out + docs.err);
    const nodes = readArtifact<{ nodes: Record<string, { metadata: { schema: string; name: string } }> }>(dir, 'catalog.json').nodes;
    const stored = Object.entries(nodes).filter(([id]) => id.startsWith('test.'));
    assert.deepEqual(stored.map(([id, n]) => [id.replace(/\.[0-9a-f]+$/u, ''), n.metadata.schema, n.metadata.name]), [
      ['test.granary.not_null_sacks_sack_id', 'main_dbt_test__audit', 'not_null_sacks_sack_id'],
    ]);
  } finally {
    writeProjectFile(dir, 'models/schema.yml', 'models:\n  - name: sacks\n    columns:\n      - name: sack_id\n        data_tests: [not_null]\n');
  }
});
