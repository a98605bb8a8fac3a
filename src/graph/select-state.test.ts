import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isReelhouseError } from '../core/diagnostic.js';
import type { ManifestBuilder } from './testing/manifest-builder.js';
import { pick, shopProject } from './testing/shop-project.js';

function withMacros(b: ManifestBuilder, centsSql: string): void {
  const cents = b.macro('cents_to_dollars', centsSql);
  const helper = b.macro('money_helper', '{% macro money_helper(x) %}{{ cents_to_dollars(x) }}{% endmacro %}', [cents]);
  const revenue = b.manifest.nodes['model.shop.fct_revenue'];
  const payments = b.manifest.nodes['model.shop.int_user_payments'];
  if (revenue) revenue.depends_on.macros = [cents];
  if (payments) payments.depends_on.macros = [helper];
  const titles = b.manifest.nodes['model.shop.stg_titles'];
  if (titles) titles.config.persist_docs = { relation: true };
}

const previous = shopProject((b) => {
  withMacros(b, '{% macro cents_to_dollars(x) %}{{ x }} / 100{% endmacro %}');
  const titles = b.manifest.nodes['model.shop.stg_titles'];
  if (titles) titles.description = 'Catalog titles';
});

const current = shopProject((b) => {
  withMacros(b, '{% macro cents_to_dollars(x) %}round({{ x }} / 100, 2){% endmacro %}');
  const nodes = b.manifest.nodes;
  const users = nodes['model.shop.stg_users'];
  const dim = nodes['model.shop.dim_users'];
  const payments = nodes['model.shop.stg_payments'];
  const titles = nodes['model.shop.stg_titles'];
  if (users) users.checksum = { name: 'sha256', checksum: 'changed-body' };
  if (dim) {
    dim.config.materialized = 'view';
    dim.unrendered_config = { materialized: 'view' };
  }
  // A config that renders differently (an env_var() in it, say) but is written the same is no change, as in dbt.
  const v1 = nodes['model.shop.dim_customers.v1'];
  if (v1) v1.config.materialized = 'incremental';
  if (payments) payments.unrendered_config = { schema: 'billing' };
  if (titles) titles.description = 'Titles of the catalog, one row per title';
  b.model('new_model', { refs: ['stg_titles'] });
});

const state = (select: string) => pick(current, { select: [select], state: previous.manifest, resourceTypes: ['model'] });

test('state:modified sub-selectors each see their own kind of change', () => {
  assert.deepEqual(state('state:modified.body'), ['new_model', 'stg_users']);
  // dbt compares the configs as written (unrendered_config), leaving out schema, alias and
  // database (modified.relation's business), tags and group.
  assert.deepEqual(state('state:modified.configs'), ['dim_users', 'new_model']);
  assert.deepEqual(state('state:modified.relation'), ['new_model', 'stg_payments']);
  assert.deepEqual(state('state:modified.persisted_descriptions'), ['new_model', 'stg_titles']);
  assert.deepEqual(state('state:modified.macros'), ['fct_revenue', 'int_user_payments']);
  assert.deepEqual(state('state:modified.contract'), ['new_model']);
});

test('state:modified.configs ignores a renamed group and changed tags, and a test config outside its verdict keys', () => {
  const regroup = (group: string, tags: string[], severity: string, testTags: string[]) =>
    shopProject((b) => {
      const revenue = b.manifest.nodes['model.shop.fct_revenue']!;
      revenue.unrendered_config = { materialized: 'incremental', group, tags };
      const check = b.manifest.nodes['test.shop.assert_revenue_positive']!;
      check.unrendered_config = { severity, tags: testTags };
    });
  const before = regroup('finance', ['daily'], 'error', []);
  const sel = (after: ReturnType<typeof regroup>) => pick(after, { select: ['state:modified.configs'], state: before.manifest, resourceTypes: ['model', 'test'] });
  assert.deepEqual(sel(regroup('accounting', ['hourly'], 'error', ['slow'])), []);
  assert.deepEqual(sel(regroup('finance', ['daily'], 'warn', [])), ['assert_revenue_positive']);
});

test('state:modified.configs sees a data test\'s store_failures_as, one of the keys of its verdict', () => {
  const storing = (as: string) =>
    shopProject((b) => {
      b.manifest.nodes['test.shop.assert_revenue_positive']!.unrendered_config = { store_failures: true, store_failures_as: as };
    });
  const before = storing('table');
  const sel = (after: ReturnType<typeof storing>) => pick(after, { select: ['state:modified.configs'], state: before.manifest, resourceTypes: ['test'] });
  assert.deepEqual(sel(storing('table')), []);
  assert.deepEqual(sel(storing('view')), ['assert_revenue_positive']);
});

test('state:modified.contract selects every new node that builds, as dbt, not only new models', () => {
  const grown = shopProject((b) => {
    b.seed('new_seed');
    b.snapshot('new_snapshot');
  });
  const base = shopProject(() => undefined);
  assert.deepEqual(pick(grown, { select: ['state:modified.contract'], state: base.manifest }), ['new_seed', 'new_snapshot']);
});

test('state:modified is any change, including new nodes and changed upstream macros', () => {
  assert.deepEqual(state('state:modified'), ['dim_users', 'fct_revenue', 'int_user_payments', 'new_model', 'stg_payments', 'stg_titles', 'stg_users']);
  assert.deepEqual(state('state:modified+'), [
    'dim_customers.v1', 'dim_customers.v2', 'dim_users', 'fct_revenue', 'int_user_payments', 'new_model', 'stg_payments', 'stg_titles', 'stg_users',
  ]);
});

test('state:new, state:old and state:unmodified', () => {
  assert.deepEqual(state('state:new'), ['new_model']);
  assert.equal(state('state:old').length, 9);
  assert.deepEqual(state('state:unmodified'), ['dim_customers.v1', 'dim_customers.v2', 'model.audit.audit_runs']);
  assert.deepEqual(pick(previous, { select: ['state:modified'], state: previous.manifest }), []);
});

test('state methods without a comparison manifest, and unknown state values, are errors', () => {
  assert.throws(() => pick(current, { select: ['state:modified'] }), (e: unknown) => isReelhouseError(e) && e.diagnostic.code === 'state-missing');
  assert.throws(
    () => pick(current, { select: ['state:changed'], state: previous.manifest }),
    (e: unknown) => isReelhouseError(e) && e.diagnostic.code === 'selector-invalid' && /modified\.body/.test(e.diagnostic.hint ?? ''),
  );
});

test('result:<status> selects from the previous run results, with graph operators', () => {
  const previousResults = {
    results: [
      { unique_id: 'model.shop.stg_users', status: 'error' },
      { unique_id: 'model.shop.dim_users', status: 'success' },
      { unique_id: 'test.shop.unique_dim_users_id', status: 'fail' },
      { unique_id: 'model.shop.gone', status: 'error' },
    ],
  };
  const shop = shopProject();
  assert.deepEqual(pick(shop, { select: ['result:error'], previousResults, resourceTypes: ['model'] }), ['stg_users']);
  assert.deepEqual(pick(shop, { select: ['result:error+'], previousResults, resourceTypes: ['model'] }), [
    'dim_customers.v1', 'dim_customers.v2', 'dim_users', 'fct_revenue', 'int_user_payments', 'stg_users',
  ]);
  assert.deepEqual(pick(shop, { select: ['result:fail'], previousResults }), ['unique_dim_users_id']);
  assert.deepEqual(pick(shop, { select: ['result:fail+'], previousResults, resourceTypes: ['test'] }), ['unique_dim_users_id']);
  assert.throws(() => pick(shop, { select: ['result:error'] }), (e: unknown) => isReelhouseError(e) && e.diagnostic.code === 'state-missing');
});

test('source_status:fresher compares freshness results from before and now', () => {
  const shop = shopProject();
  const previousSources = {
    results: [
      { unique_id: 'source.shop.billing.users', max_loaded_at: '2024-01-01T00:00:00Z', status: 'pass' },
      { unique_id: 'source.shop.billing.payments', max_loaded_at: '2024-01-02T00:00:00Z', status: 'pass' },
    ],
  };
  const currentSources = {
    results: [
      { unique_id: 'source.shop.billing.users', max_loaded_at: '2024-01-05T00:00:00Z', status: 'pass' },
      { unique_id: 'source.shop.billing.payments', max_loaded_at: '2024-01-02T00:00:00Z', status: 'pass' },
      { unique_id: 'source.shop.catalog.titles', max_loaded_at: '2024-01-01T00:00:00Z', status: 'warn' },
    ],
  };
  assert.deepEqual(pick(shop, { select: ['source_status:fresher'], previousSources, currentSources, resourceTypes: ['source'] }), [
    'source:billing.users',
    'source:catalog.titles',
  ]);
  // A source whose check errored before and reads now is fresher, as in dbt (only an error now leaves it out).
  const erroredBefore = { results: [...previousSources.results, { unique_id: 'source.shop.catalog.titles', status: 'runtime error' }] };
  assert.deepEqual(pick(shop, { select: ['source_status:fresher'], previousSources: erroredBefore, currentSources, resourceTypes: ['source'] }), [
    'source:billing.users',
    'source:catalog.titles',
  ]);
  assert.deepEqual(pick(shop, { select: ['source_status:fresher+'], previousSources, currentSources, resourceTypes: ['model'] }), [
    'dim_customers.v1', 'dim_customers.v2', 'dim_users', 'fct_revenue', 'int_user_payments', 'stg_titles', 'stg_users',
  ]);
});
