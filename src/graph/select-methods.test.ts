import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pick, run, shopProject } from './testing/shop-project.js';

const shop = shopProject();
const models = { resourceTypes: ['model' as const] };
// `null` means every resource type (what `build` and `list` act on).
const sel = (select: string, types: Parameters<typeof pick>[1]['resourceTypes'] | null = ['model']) =>
  pick(shop, { select: [select], ...(types ? { resourceTypes: types } : {}) });

test('a bare model name selects the model; with every resource type its tests come along', () => {
  assert.deepEqual(sel('stg_users'), ['stg_users']);
  assert.deepEqual(sel('stg_users', null), ['not_null_stg_users_id', 'stg_users']);
});

test('graph operators: +x, x+, N+x, x+N, +x+, @x', () => {
  assert.deepEqual(sel('stg_users+'), ['dim_customers.v1', 'dim_customers.v2', 'dim_users', 'fct_revenue', 'int_user_payments', 'stg_users']);
  assert.deepEqual(sel('+fct_revenue'), ['dim_users', 'fct_revenue', 'int_user_payments', 'stg_payments', 'stg_users']);
  assert.deepEqual(sel('+fct_revenue', ['model', 'seed']), ['dim_users', 'fct_revenue', 'int_user_payments', 'plans', 'stg_payments', 'stg_users']);
  assert.deepEqual(sel('1+fct_revenue'), ['dim_users', 'fct_revenue', 'int_user_payments']);
  assert.deepEqual(sel('2+fct_revenue'), ['dim_users', 'fct_revenue', 'int_user_payments', 'stg_payments', 'stg_users']);
  assert.deepEqual(sel('stg_users+1'), ['dim_customers.v1', 'dim_customers.v2', 'dim_users', 'int_user_payments', 'stg_users']);
  assert.deepEqual(sel('+dim_users+'), ['dim_users', 'fct_revenue', 'stg_users']);
  assert.deepEqual(sel('@stg_payments'), ['dim_users', 'fct_revenue', 'int_user_payments', 'stg_payments', 'stg_users']);
});

test('the selection comes back in topological order', () => {
  assert.deepEqual(
    run(shop, { select: ['+fct_revenue'], ...models }).selected,
    ['model.shop.stg_payments', 'model.shop.stg_users', 'model.shop.dim_users', 'model.shop.int_user_payments', 'model.shop.fct_revenue'],
  );
});

test('commas intersect, spaces and repeated values unite', () => {
  assert.deepEqual(sel('tag:nightly,tag:marts'), ['dim_users']);
  assert.deepEqual(sel('tag:staging tag:reference', ['model', 'seed']), ['plans', 'stg_payments', 'stg_titles', 'stg_users']);
  assert.deepEqual(pick(shop, { select: ['tag:reference', 'stg_titles'], resourceTypes: ['model', 'seed'] }), ['plans', 'stg_titles']);
  assert.deepEqual(sel('stg_users+,tag:marts'), ['dim_users', 'fct_revenue']);
});

test('fqn: folders, dotted paths, the package prefix and wildcards', () => {
  assert.deepEqual(sel('staging'), ['stg_payments', 'stg_titles', 'stg_users']);
  assert.deepEqual(sel('staging.billing'), ['stg_payments', 'stg_users']);
  assert.deepEqual(sel('marts.core.*'), ['dim_customers.v1', 'dim_customers.v2', 'dim_users']);
  assert.deepEqual(sel('shop.intermediate'), ['int_user_payments']);
  assert.deepEqual(sel('fqn:*.finance.*'), ['fct_revenue']);
  // A wildcard in a part matches the rest of the fqn from that part on, as in dbt.
  assert.deepEqual(sel('*.stg_*'), ['stg_payments', 'stg_titles', 'stg_users']);
  assert.deepEqual(sel('stg_*'), []);
  assert.deepEqual(sel('audit'), ['model.audit.audit_runs']);
});

test('`*` alone selects every node but sources, exposures included as dbt lists them', () => {
  assert.equal(sel('*').length, 9);
  const all = sel('*', null);
  assert.ok(all.includes('assert_revenue_positive') && all.includes('unit:test_revenue_math'));
  assert.ok(all.includes('exposure:revenue_dashboard'));
  assert.ok(!all.some((id) => id.startsWith('source:')));
});

test('an exposure is matched by its name and fqn like any other node', () => {
  assert.deepEqual(sel('revenue_dashboard', null), ['exposure:revenue_dashboard']);
  assert.deepEqual(sel('shop.revenue_dashboard', null), ['exposure:revenue_dashboard']);
  // A resource-type filter without exposures still drops it.
  assert.deepEqual(sel('revenue_dashboard'), []);
});

test('path: folders, files and globs; unqualified values with a slash are paths', () => {
  assert.deepEqual(sel('models/staging'), ['stg_payments', 'stg_titles', 'stg_users']);
  assert.deepEqual(sel('path:models/staging/catalog', null), ['source:catalog.titles', 'stg_titles']);
  assert.deepEqual(sel('models/staging/billing/stg_users.sql'), ['stg_users']);
  assert.deepEqual(sel('path:models/marts/**/dim_*.sql'), ['dim_customers.v1', 'dim_customers.v2', 'dim_users']);
  assert.deepEqual(sel('models/marts/*'), ['dim_customers.v1', 'dim_customers.v2', 'dim_users', 'fct_revenue']);
  assert.deepEqual(sel('path:./models/intermediate/'), ['int_user_payments']);
  assert.deepEqual(sel('path:models/stag'), []);
});

test('file: by file name or stem, with wildcards; unqualified values ending in .sql are files', () => {
  assert.deepEqual(sel('stg_users.sql'), ['stg_users']);
  assert.deepEqual(sel('file:stg_*'), ['stg_payments', 'stg_titles', 'stg_users']);
  assert.deepEqual(sel('file:fct_revenue'), ['fct_revenue']);
  assert.deepEqual(sel('dim_customers_v1.sql'), ['dim_customers.v1']);
});

test('tag: exact and wildcard, on models, seeds and sources', () => {
  assert.deepEqual(sel('tag:night*'), ['dim_users', 'stg_users']);
  assert.deepEqual(sel('tag:reference', ['seed']), ['plans']);
  assert.deepEqual(sel('tag:catalog', ['source']), ['source:catalog.titles']);
});

test('source: by source, by table, with package and wildcards, and downstream', () => {
  assert.deepEqual(sel('source:billing', ['source']), ['source:billing.payments', 'source:billing.users']);
  assert.deepEqual(sel('source:billing', null), ['source:billing.payments', 'source:billing.users', 'source_not_null_billing_users_id']);
  assert.deepEqual(sel('source:*.titles', ['source']), ['source:catalog.titles']);
  assert.deepEqual(sel('source:shop.catalog.*', ['source']), ['source:catalog.titles']);
  assert.deepEqual(sel('source:billing.users+'), ['dim_customers.v1', 'dim_customers.v2', 'dim_users', 'fct_revenue', 'int_user_payments', 'stg_users']);
});

test('resource_type:, test_type:, test_name:', () => {
  assert.deepEqual(sel('resource_type:seed', null), ['plans']);
  assert.deepEqual(sel('resource_type:exposure', null), ['exposure:revenue_dashboard']);
  const tests = ['test' as const, 'unit_test' as const];
  assert.deepEqual(sel('test_type:generic', tests), [
    'accepted_values_stg_payments_status',
    'expression_is_true_fct_revenue',
    'not_null_stg_users_id',
    'relationships_fct_revenue_user_id',
    'source_not_null_billing_users_id',
    'unique_dim_users_id',
  ]);
  assert.deepEqual(sel('test_type:singular', tests), ['assert_revenue_positive']);
  assert.deepEqual(sel('test_type:unit', tests), ['unit:test_revenue_math']);
  assert.equal(sel('test_type:data', tests).length, 7);
  assert.deepEqual(sel('test_name:not_null', tests), ['not_null_stg_users_id', 'source_not_null_billing_users_id']);
  // The package is not part of the name dbt matches (test_metadata.name), as in dbt.
  assert.deepEqual(sel('test_name:expression_is_true', tests), ['expression_is_true_fct_revenue']);
  assert.deepEqual(sel('test_name:dbt_utils.expression_is_true', tests), []);
  assert.deepEqual(sel('test_name:test_revenue_*', tests), ['unit:test_revenue_math']);
});

test('config.<key>: plain, list-valued, nested meta, booleans and case-insensitive severity', () => {
  assert.deepEqual(sel('config.materialized:table'), ['dim_users']);
  assert.deepEqual(sel('config.materialized:view'), ['dim_customers.v1', 'dim_customers.v2', 'model.audit.audit_runs', 'stg_payments', 'stg_titles', 'stg_users']);
  assert.deepEqual(sel('config.tags:nightly'), ['dim_users', 'stg_users']);
  assert.deepEqual(sel('config.meta.owner:ana'), ['dim_users']);
  assert.deepEqual(sel('config.meta.tier.level:gold'), ['dim_users']);
  assert.deepEqual(sel('config.contract.enforced:false'), ['fct_revenue']);
  assert.deepEqual(sel('config.severity:WARN', ['test']), ['accepted_values_stg_payments_status']);
  assert.deepEqual(sel('config.severity:error', ['test']).length, 5);
});

test('package:, including package:this for the root project', () => {
  assert.deepEqual(sel('package:audit'), ['model.audit.audit_runs']);
  assert.equal(sel('package:this').length, 8);
  assert.equal(sel('package:sh*').length, 8);
});

test('exposure:, unit_test:, group:, access:', () => {
  assert.deepEqual(sel('exposure:revenue_dashboard', null), ['exposure:revenue_dashboard']);
  assert.deepEqual(sel('+exposure:revenue_dashboard'), ['dim_users', 'fct_revenue', 'int_user_payments', 'stg_payments', 'stg_users']);
  assert.deepEqual(sel('unit_test:test_revenue_math', null), ['unit:test_revenue_math']);
  assert.deepEqual(sel('unit_test:shop.test_revenue_math', null), ['unit:test_revenue_math']);
  assert.deepEqual(sel('group:finance'), ['dim_users', 'fct_revenue']);
  assert.deepEqual(sel('access:public'), ['dim_users']);
  assert.equal(sel('access:protected').length, 8);
});

test('version: latest, prerelease, old, none; names select every version or one', () => {
  assert.deepEqual(sel('version:latest'), ['dim_customers.v1']);
  assert.deepEqual(sel('version:prerelease'), ['dim_customers.v2']);
  assert.deepEqual(sel('version:old'), []);
  assert.equal(sel('version:none').length, 7);
  assert.deepEqual(sel('dim_customers'), ['dim_customers.v1', 'dim_customers.v2']);
  assert.deepEqual(sel('dim_customers.v2'), ['dim_customers.v2']);
  assert.deepEqual(sel('dim_customers_v2'), ['dim_customers.v2']);
});

test('saved_query: and semantic_model: are accepted', () => {
  assert.deepEqual(sel('saved_query:*', null), []);
  assert.deepEqual(sel('semantic_model:revenue', null), []);
});
