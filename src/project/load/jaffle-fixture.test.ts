import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadProject } from './index.js';
import { CLEAN_ENV } from './test-project.js';

const JAFFLE = fileURLToPath(new URL('../../../../test/fixtures/jaffle', import.meta.url));

test('the jaffle fixture loads with dbt-identical generic test ids', async () => {
  const p = await loadProject({ projectDir: JAFFLE, env: CLEAN_ENV });
  const ids = Object.keys(p.manifest.nodes);
  // Ids dbt-core produces for the same YAML (md5 of name + repr of the test metadata).
  for (const id of [
    'test.jaffle_shop.unique_customers_customer_id.c5af1ff4b1',
    'test.jaffle_shop.not_null_customers_customer_id.5c9bf9911d',
    'test.jaffle_shop.relationships_orders_customer_id__customer_id__ref_customers_.c6ec7f58f2',
    'test.jaffle_shop.accepted_values_orders_status__placed__shipped__completed__return_pending__returned.be6b5b5ec3',
  ]) assert.ok(ids.includes(id), `missing ${id}`);
  const accepted = p.manifest.nodes['test.jaffle_shop.accepted_values_orders_status__placed__shipped__completed__return_pending__returned.be6b5b5ec3']!;
  assert.equal(accepted.alias, 'accepted_values_orders_1ce6ab157c285f7cd2ac656013faf758');
  assert.equal(accepted.path, 'accepted_values_orders_1ce6ab157c285f7cd2ac656013faf758.sql');
  assert.deepEqual(accepted.test_metadata?.kwargs.values, ['placed', 'shipped', 'completed', 'return_pending', 'returned']);
  assert.equal(accepted.test_metadata?.kwargs.model, "{{ get_where_subquery(ref('orders')) }}");
  assert.equal(accepted.raw_code, '{{ test_accepted_values(**_dbt_generic_test_kwargs) }}{{ config(alias="accepted_values_orders_1ce6ab157c285f7cd2ac656013faf758") }}');

  const rel = p.manifest.nodes['test.jaffle_shop.relationships_orders_customer_id__customer_id__ref_customers_.c6ec7f58f2']!;
  assert.deepEqual(rel.refs.map((r) => r.name), ['customers', 'orders']);
  assert.equal(rel.attached_node, 'model.jaffle_shop.orders');
  assert.equal(rel.column_name, 'customer_id');
  assert.deepEqual(rel.fqn, ['jaffle_shop', 'marts', 'relationships_orders_customer_id__customer_id__ref_customers_']);
  assert.equal(rel.original_file_path, 'models/marts/schema.yml');
  assert.equal(rel.origin.line, 41);

  const sourceTest = Object.values(p.manifest.nodes).find((n) => n.name === 'source_not_null_ops_order_events_order_id');
  assert.ok(sourceTest);
  assert.deepEqual(sourceTest.sources, [['ops', 'order_events']]);
  assert.equal(sourceTest.test_metadata?.kwargs.model, "{{ get_where_subquery(source('ops', 'order_events')) }}");

  const warn = Object.values(p.manifest.nodes).find((n) => n.name === 'not_null_orders_amount')!;
  assert.equal(warn.config.severity, 'WARN');
  assert.equal(Object.values(p.manifest.nodes).find((n) => n.name === 'not_null_orders_order_id')!.config.severity, 'error', "dbt_project.yml's +severity keeps its case");
  const custom = Object.values(p.manifest.nodes).find((n) => n.name === 'is_positive_customers_customer_lifetime_value')!;
  assert.equal(custom.raw_code, '{{ test_is_positive(**_dbt_generic_test_kwargs) }}');
  assert.ok(p.manifest.macros['macro.jaffle_shop.test_is_positive']);
});

test('the jaffle fixture has configs, docs, sources, exposures, unit tests, selectors and a profile', async () => {
  const p = await loadProject({ projectDir: JAFFLE, env: { ...CLEAN_ENV, JAFFLE_DUCKDB_PATH: 'custom.duckdb' } });
  assert.equal(p.target.path, join(JAFFLE, 'custom.duckdb'));
  assert.equal(p.target.database, 'custom');
  assert.equal(p.target.threads, 4);
  assert.deepEqual(p.diagnostics, []);

  const orders = p.manifest.nodes['model.jaffle_shop.orders']!;
  assert.equal(orders.config.materialized, 'table');
  assert.deepEqual(orders.tags, ['jaffle', 'marts']);
  assert.match(orders.columns.status!.description, /^Orders can be one of the following statuses:/);
  assert.equal(orders.patch_path, 'jaffle_shop://models/marts/schema.yml');
  const customers = p.manifest.nodes['model.jaffle_shop.customers']!;
  assert.deepEqual(customers.config.tags, ['jaffle', 'marts', 'pii']);
  assert.equal(p.manifest.nodes['model.jaffle_shop.stg_orders']!.config.materialized, 'view');

  const seed = p.manifest.nodes['seed.jaffle_shop.raw_payments']!;
  assert.equal(seed.config.materialized, 'seed');
  assert.deepEqual(seed.config.column_types, { amount: 'integer' });
  assert.equal(seed.seed_file, join(JAFFLE, 'seeds/raw_payments.csv'));
  assert.match(seed.checksum.checksum, /^[0-9a-f]{64}$/);

  const singular = p.manifest.nodes['test.jaffle_shop.assert_total_payment_amount_is_positive']!;
  assert.equal(singular.resource_type, 'test');
  assert.match(singular.raw_code, /ref\('orders'\)/);
  assert.ok(p.manifest.nodes['analysis.jaffle_shop.orders_by_month']);

  const src = p.manifest.sources['source.jaffle_shop.ops.order_events']!;
  assert.equal(src.schema, 'ops');
  assert.equal(src.relation_name, '"custom"."ops"."order_events"');
  assert.deepEqual(src.fqn, ['jaffle_shop', 'staging', 'ops', 'order_events']);
  assert.equal(src.source_description, 'Operational tables written by the shop application.');

  const exposure = p.manifest.exposures['exposure.jaffle_shop.weekly_revenue']!;
  assert.deepEqual(exposure.refs.map((r) => r.name), ['orders', 'customers']);
  assert.equal(exposure.owner.email, 'analytics@example.com');

  const ut = p.manifest.unit_tests['unit_test.jaffle_shop.stg_payments.test_cents_become_dollars']!;
  assert.equal(ut.model, 'stg_payments');
  assert.equal(ut.given[0]!.input, "ref('raw_payments')");
  assert.equal((ut.expect.rows as unknown[]).length, 2);

  const macro = p.manifest.macros['macro.jaffle_shop.cents_to_dollars']!;
  assert.equal(macro.description, 'Converts an amount in cents to dollars.');
  assert.deepEqual(macro.arguments.map((a) => a.name), ['column_name', 'scale']);
  assert.match(macro.macro_sql, /^\{% macro cents_to_dollars\(column_name, scale=2\) -%\}[\s\S]*\{%- endmacro %\}$/);
  assert.ok(p.manifest.docs['doc.jaffle_shop.__overview__']);
  assert.ok(p.macroFiles.some((f) => f.packageName === 'dbt'), 'built-in dbt macros are listed');
  assert.deepEqual(Object.keys(p.selectors), ['marts']);
  assert.equal(p.project.onRunStart.length, 2);
  assert.equal(p.vars.get('min_order_amount', { packageName: 'jaffle_shop' }), 0);
  assert.deepEqual(p.packages.map((x) => x.name), ['jaffle_shop', 'dbt']);
});
