// End to end: `retry` reruns where the failed invocation ran, as dbt does: on its target, and
// with its --defer and --state, so refs to nodes this target never built still read production;
// and it reruns exactly the failed nodes, by id, not every node that shares their name.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newProject, queryDb, resultStatuses, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);
const tables = async (): Promise<string[]> => {
  const [rows] = await queryDb(join(dir, 'harbor.duckdb'), "select table_schema || '.' || table_name from information_schema.tables order by 1");
  return rows.map((r) => String(r[0]));
};

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelhouse-retry-target-'));
  writeProjectFile(dir, 'dbt_project.yml', 'name: harbor\nprofile: harbor\n');
  writeProjectFile(
    dir,
    'profiles.yml',
    'harbor:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: harbor.duckdb\n    prod:\n      type: duckdb\n      path: harbor.duckdb\n      schema: prod\n',
  );
  // Each model fails while its var is not a number, so a rerun shows where and how it ran.
  writeProjectFile(dir, 'models/docks.sql', "{{ config(materialized='table') }}\nselect cast('{{ var(\"dock\", \"1\") }}' as integer) as dock\n");
  // Two versions of one model: only the first fails.
  writeProjectFile(dir, 'models/berths_v1.sql', "{{ config(materialized='table') }}\nselect cast('{{ var(\"berth\", \"1\") }}' as integer) as berth\n");
  writeProjectFile(dir, 'models/berths_v2.sql', "{{ config(materialized='table') }}\nselect 2 as berth\n");
  writeProjectFile(dir, 'models/berths.yml', 'models:\n  - name: berths\n    latest_version: 2\n    versions:\n      - v: 1\n      - v: 2\n');
  writeProjectFile(dir, 'models/piers.sql', "{{ config(materialized='table') }}\nselect dock, cast('{{ var(\"pier\", \"1\") }}' as integer) as pier from {{ ref('docks') }}\n");
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('retry of a run on another target reruns on that target, not the profile\'s default', async () => {
  assert.equal((await cli('run', '--target', 'prod', '--vars', '{dock: x}')).code, 1);
  const retry = await cli('retry', '--vars', '{dock: 2}');
  assert.equal(retry.code, 0, retry.out + retry.err);
  assert.match(retry.out, /target='prod'/u);
  const built = await tables();
  assert.ok(built.includes('prod.docks') && built.includes('prod.piers'), built.join());
  assert.deepEqual(built.filter((t) => !t.startsWith('prod.')), []);
});

test('retry of a deferred run defers again: refs to nodes not built here read the state manifest\'s relations', async () => {
  // Production is built and its manifest kept; this target has no docks.
  assert.equal((await cli('run', '--target', 'prod')).code, 0);
  cpSync(join(dir, 'target'), join(dir, 'prod-state'), { recursive: true });
  await queryDb(join(dir, 'harbor.duckdb'), 'drop table if exists main.docks');
  const failed = await cli('run', '-s', 'piers', '--defer', '--state', join(dir, 'prod-state'), '--vars', '{pier: x}');
  assert.equal(failed.code, 1, failed.out);
  const retry = await cli('retry', '--vars', '{pier: 3}');
  assert.equal(retry.code, 0, retry.out + retry.err);
  assert.equal(resultStatuses(dir).get('model.harbor.piers'), 'success');
  const [rows] = await queryDb(join(dir, 'harbor.duckdb'), 'select dock, pier from main.piers');
  assert.deepEqual(rows.map((r) => r.map(Number)), [[1, 3]]);
});

test('retry reruns the failed version of a model, not its other versions', async () => {
  assert.equal((await cli('run', '-s', 'berths', '--vars', '{berth: x}')).code, 1);
  const retry = await cli('retry', '--vars', '{berth: 1}');
  assert.equal(retry.code, 0, retry.out + retry.err);
  assert.deepEqual([...resultStatuses(dir)], [['model.harbor.berths.v1', 'success']]);
});

test('retry of a failed docs generate generates the docs again and builds nothing in the warehouse', async () => {
  const docs = await newProject('atlas');
  try {
    writeProjectFile(docs, 'models/charts.sql', "select {{ var('scale') }} as scale\n");
    const run = (...args: string[]) => runCli([...args, '--project-dir', docs, '--profiles-dir', docs]);
    assert.equal((await run('docs', 'generate')).code, 2);
    const retry = await run('retry', '--vars', '{scale: 5}');
    assert.equal(retry.code, 0, retry.out + retry.err);
    assert.match(retry.out, /Catalog written to/u);
    assert.ok(existsSync(join(docs, 'target', 'catalog.json')));
    const [rows] = await queryDb(join(docs, 'atlas.duckdb'), "select count(*)::int from information_schema.tables where table_name = 'charts'");
    assert.deepEqual(rows, [[0]], 'docs generate compiles; it never creates the model');
  } finally {
    await rm(docs, { recursive: true, force: true });
  }
});

test('retry of a failed compile of one model prints that model\'s compiled SQL, as compile does', async () => {
  const ledger = await newProject('ledger');
  try {
    writeProjectFile(ledger, 'models/entries.sql', "select {{ var('amount') }} as amount\n");
    const run = (...args: string[]) => runCli([...args, '--project-dir', ledger, '--profiles-dir', ledger]);
    assert.equal((await run('compile', '-s', 'entries')).code, 2);
    const retry = await run('retry', '--vars', '{amount: 12}');
    assert.equal(retry.code, 0, retry.out + retry.err);
    assert.match(retry.out, /Compiled node 'entries' is:\s*\nselect 12 as amount/u);
  } finally {
    await rm(ledger, { recursive: true, force: true });
  }
});
