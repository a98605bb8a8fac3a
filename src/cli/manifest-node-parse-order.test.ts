// End to end: manifest.json lists a project's file nodes in the order dbt's parsers make them,
// models, then snapshots, analyses, singular tests and seeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readArtifact, runCli, withProjectFiles } from './test-helpers.js';

const PROJECT = {
  'dbt_project.yml': "name: shop\nversion: '1.0.0'\nprofile: shop\n",
  'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: shop.duckdb\n',
  'models/orders.sql': 'select 1 as id',
  'analyses/review.sql': 'select 2 as id',
  'tests/no_orders.sql': "select * from {{ ref('orders') }} where id < 0",
  'seeds/cities.csv': 'id\n1\n',
  'snapshots/orders_snap.sql': "{% snapshot orders_snap %}{{ config(unique_key='id', strategy='check', check_cols='all', target_schema='main') }}select 1 as id{% endsnapshot %}",
};

test('file nodes are listed as dbt parses them: models, snapshots, analyses, singular tests, seeds', async () => {
  await withProjectFiles(PROJECT, {}, async (dir) => {
    const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const manifest = readArtifact<{ nodes: Record<string, unknown> }>(dir, 'manifest.json');
    const kinds = Object.keys(manifest.nodes).map((id) => id.split('.')[0]);
    assert.deepEqual(kinds, ['model', 'snapshot', 'analysis', 'test', 'seed']);
  });
});
