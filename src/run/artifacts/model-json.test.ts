import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadProject } from '../../project/load/index.js';
import { CLEAN_ENV, writeProject } from '../../project/load/test-project.js';
import { toManifestJson } from './manifest-json.js';
import { deprecationDateJson } from './model-json.js';
import { loadSchemaValidator } from './schema-validator.js';

const validate = loadSchemaValidator('manifest/v12.json');
type Json = Record<string, any>;

test("a model's YAML constraints and deprecation date are written in dbt's shapes", async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: shop\nprofile: shop\n',
    'models/orders.sql': 'select 1 as id, 2 as customer_id',
    'models/customers_v1.sql': 'select 1 as id',
    'models/customers_v2.sql': 'select 1 as id',
    'models/props.yml': `version: 2
models:
  - name: orders
    config: {contract: {enforced: true}}
    deprecation_date: 2031-06-30
    constraints:
      - {type: primary_key, columns: [id]}
      - {type: foreign_key, columns: [customer_id], to: "ref('customers')", to_columns: [id], warn_unenforced: false}
      - {type: not_a_constraint}
    columns:
      - {name: id, data_type: integer}
      - {name: customer_id, data_type: integer}
  - name: customers
    latest_version: 2
    versions:
      - {v: 1, deprecation_date: 2030-01-01}
      - {v: 2}
`,
  });
  try {
    const json = toManifestJson((await loadProject({ projectDir: p.dir, env: CLEAN_ENV })).manifest) as Json;
    const result = validate(json);
    assert.ok(result.valid, result.errors);
    const orders = json['nodes']['model.shop.orders'];
    assert.deepEqual(orders.constraints, [
      { type: 'primary_key', name: null, expression: null, warn_unenforced: true, warn_unsupported: true, to: null, to_columns: [], columns: ['id'] },
      { type: 'foreign_key', name: null, expression: null, warn_unenforced: false, warn_unsupported: true, to: "ref('customers')", to_columns: ['id'], columns: ['customer_id'] },
    ]);
    assert.equal(orders.deprecation_date, '2031-06-30T00:00:00+00:00');
    assert.equal(json['nodes']['model.shop.customers.v1'].deprecation_date, '2030-01-01T00:00:00+00:00');
    assert.equal(json['nodes']['model.shop.customers.v2'].deprecation_date, null);
    assert.deepEqual(json['nodes']['model.shop.customers.v2'].constraints, []);
  } finally {
    await p.cleanup();
  }
});

test('deprecation dates: a date is midnight UTC, a Date object its instant, nothing is null', () => {
  assert.equal(deprecationDateJson('2030-01-01'), '2030-01-01T00:00:00+00:00');
  assert.equal(deprecationDateJson(new Date(Date.UTC(2030, 0, 2, 3, 4, 5))), '2030-01-02T03:04:05+00:00');
  assert.equal(deprecationDateJson('2030-01-01T08:00:00-05:00'), '2030-01-01T08:00:00-05:00');
  assert.equal(deprecationDateJson(undefined), null);
});

test("an enforced contract is written with a checksum of what it promises; an unenforced one with none", async () => {
  const checksumOf = async (amountType: string, enforced: boolean): Promise<unknown> => {
    const p = await writeProject({
      'dbt_project.yml': 'name: depot\nprofile: depot\n',
      'models/parcels.sql': 'select 1 as parcel_id, 2.5 as weight',
      'models/props.yml': `models:\n  - name: parcels\n    config: {contract: {enforced: ${enforced}}, materialized: table}\n    columns:\n      - {name: parcel_id, data_type: integer, constraints: [{type: not_null}]}\n      - {name: weight, data_type: ${amountType}}\n`,
    });
    try {
      const json = toManifestJson((await loadProject({ projectDir: p.dir, env: CLEAN_ENV })).manifest) as Json;
      return json['nodes']['model.depot.parcels'].contract.checksum;
    } finally {
      await p.cleanup();
    }
  };
  const first = await checksumOf('double', true);
  assert.match(String(first), /^[0-9a-f]{64}$/);
  assert.equal(await checksumOf('double', true), first);
  assert.notEqual(await checksumOf('decimal(6, 2)', true), first);
  assert.equal(await checksumOf('double', false), null);
});
