// dbt checks the constraints of every column it reads from YAML, contract or not: a source
// table's columns as much as a model's. Each constraint needs a type dbt knows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadError, type LoadError } from './test-project.js';

async function depotError(files: Record<string, string>): Promise<{ error?: LoadError; dir: string }> {
  return loadError({ 'dbt_project.yml': 'name: depot\nprofile: depot\n', ...files });
}

test('a source column with an unknown constraint type fails to parse at the constraint', async () => {
  const { error, dir } = await depotError({
    'models/sources.yml': 'sources:\n  - name: raw\n    tables:\n      - name: parcels\n        columns:\n          - name: parcel_id\n            constraints:\n              - type: not_null\n              - type: nonnegative\n',
  });
  assert.equal(error?.diagnostic?.code, 'constraint-invalid');
  assert.equal(error.message, 'Invalid constraint type on column parcel_id');
  assert.deepEqual(error.diagnostic?.location, { file: join(dir, 'models/sources.yml'), line: 9 });
});

test('a constraint without a type fails too, on a seed column as on a source column', async () => {
  const { error, dir } = await depotError({
    'seeds/depots.csv': 'depot_id\n1\n',
    'seeds/props.yml': 'seeds:\n  - name: depots\n    columns:\n      - name: depot_id\n        constraints: [{expression: depot_id > 0}]\n',
  });
  assert.equal(error?.message, 'Invalid constraint type on column depot_id');
  assert.equal(error.diagnostic?.location?.file, join(dir, 'seeds/props.yml'));
});

test('source columns with known constraint types load', async () => {
  const { error } = await depotError({
    'models/sources.yml': 'sources:\n  - name: raw\n    tables:\n      - name: parcels\n        columns:\n          - name: parcel_id\n            constraints: [{type: not_null}, {type: primary_key}, {type: check, expression: parcel_id > 0}]\n',
  });
  assert.equal(error, undefined);
});
