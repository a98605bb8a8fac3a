// A warehouse query that fails while the catalog is read becomes the catalog's `errors`, as dbt
// collects them, instead of ending docs generate without a catalog.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Adapter } from '../../adapters/adapter.js';
import { realisticManifest } from '../../run/artifacts/manifest-fixture.js';
import { loadSchemaValidator } from '../../run/artifacts/schema-validator.js';
import { generateCatalog } from './catalog.js';

test('a failed catalog query is written as the catalog error, with no entries', async () => {
  const failing = {
    type: 'duckdb',
    execute: async () => {
      throw new Error('IO Error: Could not read from the attached file');
    },
  } as unknown as Adapter;
  const catalog = await generateCatalog(failing, realisticManifest(), { invocationId: 'errors-test' });
  assert.deepEqual([catalog['nodes'], catalog['sources'], catalog['errors']], [{}, {}, ['IO Error: Could not read from the attached file']]);
  const r = loadSchemaValidator('catalog/v1.json')(catalog);
  assert.ok(r.valid, r.errors);
});
