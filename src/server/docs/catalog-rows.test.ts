// catalog.json from the rows of a get_catalog macro: entries follow the rows' order, as dbt's
// make_unique_id_map walks its catalog, and only relations of the project are listed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { realisticManifest } from '../../run/artifacts/manifest-fixture.js';
import { catalogFromRows, type CatalogRow } from './catalog-rows.js';

const row = (schema: string, name: string, column: string): CatalogRow => ({
  table_database: 'warehouse',
  table_schema: schema,
  table_name: name,
  table_type: 'BASE TABLE',
  table_comment: null,
  column_name: column,
  column_index: 1,
  column_type: 'INTEGER',
  column_comment: null,
  table_owner: null,
});

test('entries come in the order of the rows, the ephemeral model and unknown tables left out', () => {
  const rows = [
    row('main', 'subscriptions_snapshot', 'plan_id'),
    row('raw', 'payments', 'amount'),
    row('main', 'plans', 'plan_id'),
    row('main', 'int_sessions', 'session_id'),
    row('main', 'fct_watch', 'user_id'),
    row('main', 'stray', 'x'),
  ];
  const catalog = catalogFromRows(realisticManifest(), rows, { invocationId: 'rows-test' }) as { nodes: object; sources: object };
  assert.deepEqual(Object.keys(catalog.nodes), ['snapshot.streaming.subscriptions_snapshot', 'seed.streaming.plans', 'model.streaming.fct_watch']);
  assert.deepEqual(Object.keys(catalog.sources), ['source.streaming.billing.payments']);
});
