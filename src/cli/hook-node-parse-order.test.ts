// End to end: manifest.json lists a project hook's operation node where dbt's parser makes it,
// after the nodes of the project's files and before the generic tests its property files add;
// parent_map, child_map and graph_summary.json's numbering follow the same order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readArtifact, runCli, withProjectFiles } from './test-helpers.js';

const PROJECT = {
  'dbt_project.yml': "name: shop\nversion: '1.0.0'\nprofile: shop\non-run-start: ['select 1']\n",
  'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: shop.duckdb\n',
  'models/orders.sql': 'select 1 as id',
  'seeds/cities.csv': 'id\n1\n',
  'models/schema.yml': 'models:\n  - name: orders\n    columns:\n      - name: id\n        data_tests: [not_null]\n',
};

const HOOK = 'operation.shop.shop-on-run-start-0';
const TEST = 'test.shop.not_null_orders_id.';

test("a hook's operation node comes after the file nodes and before the generic tests, in nodes, parent_map, child_map and graph_summary", async () => {
  await withProjectFiles(PROJECT, {}, async (dir) => {
    const run = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const manifest = readArtifact<Record<string, Record<string, unknown>>>(dir, 'manifest.json');
    for (const key of ['nodes', 'parent_map', 'child_map']) {
      const ids = Object.keys(manifest[key]!).filter((id) => !id.startsWith('source.'));
      assert.deepEqual(ids.map((id) => (id.startsWith(TEST) ? TEST : id)), ['model.shop.orders', 'seed.shop.cities', HOOK, TEST], key);
    }
    const summary = readArtifact<{ linked: Record<string, { name: string }> }>(dir, 'graph_summary.json');
    const names = Object.values(summary.linked).map((n) => (n.name.startsWith(TEST) ? TEST : n.name));
    assert.deepEqual(names, ['model.shop.orders', 'seed.shop.cities', HOOK, TEST]);
  });
});
