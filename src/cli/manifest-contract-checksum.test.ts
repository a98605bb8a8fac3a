// manifest.json's contract.checksum is the digest dbt computes for an enforced contract, so a
// manifest written here carries the same value as one dbt writes for the same model. The
// expected digests below are dbt's, worked out from its build_contract_checksum text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readArtifact, runCli, withProjectFiles } from './test-helpers.js';

const COLUMNS = [
  '    columns:',
  '      - name: order_id',
  '        data_type: integer',
  '        constraints:',
  '          - type: not_null',
  '          - type: check',
  '            name: positive_id',
  "            expression: 'order_id > 0'",
  '      - name: status',
  '        data_type: varchar',
  '        constraints:',
  '          - type: check',
  '            expression: "status in (\'open\', \'paid\')"',
];

const PROJECT = {
  'dbt_project.yml': "name: shop\nversion: '1.0.0'\nprofile: shop\n",
  'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: shop.duckdb\n',
  'models/orders.sql': "select 1 as order_id, 'open' as status",
  'models/orders_view.sql': "select 1 as order_id, 'open' as status",
  'models/orders.yml': [
    'version: 2',
    'models:',
    '  - name: orders',
    '    config:',
    '      materialized: table',
    '      contract: {enforced: true}',
    '    constraints:',
    '      - type: primary_key',
    '        columns: [order_id]',
    ...COLUMNS,
    '  - name: orders_view',
    '    config:',
    '      materialized: view',
    '      contract: {enforced: true}',
    ...COLUMNS,
    '',
  ].join('\n'),
};

test("an enforced contract's checksum is dbt's digest of its columns, constraints and, for a table, materialization", async () => {
  await withProjectFiles(PROJECT, {}, async (dir) => {
    const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const nodes = readArtifact<{ nodes: Record<string, { contract: { checksum: string | null } }> }>(dir, 'manifest.json').nodes;
    assert.equal(nodes['model.shop.orders']!.contract.checksum, '89ab388b4d2b4b6b412a03b9fd75d160473d43631f3c97d517ac7fc05695a30e');
    assert.equal(nodes['model.shop.orders_view']!.contract.checksum, 'a131f063810e1a3297411211372ff904aecbad20a3a66205ea35d26a55b6539a');
  });
});
