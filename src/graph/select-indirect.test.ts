import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isReelhouseError } from '../core/diagnostic.js';
import type { ResourceType } from '../project/types.js';
import type { IndirectSelection } from './selection-spec.js';
import { pick, run, shopProject } from './testing/shop-project.js';

const shop = shopProject();
const build = (select: string[], indirectSelection?: IndirectSelection, exclude?: string[]) =>
  pick(shop, { select, ...(indirectSelection ? { indirectSelection } : {}), ...(exclude ? { exclude } : {}) });

const revenueTests = ['assert_revenue_positive', 'expression_is_true_fct_revenue', 'unit:test_revenue_math'];

test('eager (the default) picks every test with any selected parent, unit tests included', () => {
  assert.deepEqual(build(['fct_revenue']), ['fct_revenue', 'relationships_fct_revenue_user_id', ...revenueTests].sort());
  assert.deepEqual(build(['dim_users']), ['dim_users', 'relationships_fct_revenue_user_id', 'unique_dim_users_id']);
});

test('cautious picks only tests whose parents are all selected', () => {
  assert.deepEqual(build(['fct_revenue'], 'cautious'), ['fct_revenue', ...revenueTests].sort());
  assert.deepEqual(build(['dim_users'], 'cautious'), ['dim_users', 'unique_dim_users_id']);
  // Parents selected by different selectors still complete the test.
  assert.deepEqual(build(['fct_revenue dim_users'], 'cautious'), ['dim_users', 'fct_revenue', 'relationships_fct_revenue_user_id', 'unique_dim_users_id', ...revenueTests].sort());
  assert.deepEqual(build(['fct_revenue', 'dim_users'], 'cautious'), build(['fct_revenue dim_users'], 'cautious'));
});

test('buildable also accepts parents that are upstream of the selection', () => {
  assert.deepEqual(build(['fct_revenue'], 'buildable'), ['fct_revenue', 'relationships_fct_revenue_user_id', ...revenueTests].sort());
  assert.deepEqual(build(['dim_users'], 'buildable'), ['dim_users', 'unique_dim_users_id']);
});

test('empty picks no attached tests at all', () => {
  assert.deepEqual(build(['fct_revenue'], 'empty'), ['fct_revenue']);
  assert.deepEqual(build(['test_type:singular'], 'empty'), ['assert_revenue_positive']);
});

test('tests are picked up after graph expansion and filtered by resource type last', () => {
  const all = build(['+fct_revenue'], 'cautious');
  for (const t of ['not_null_stg_users_id', 'accepted_values_stg_payments_status', 'source_not_null_billing_users_id', 'relationships_fct_revenue_user_id']) {
    assert.ok(all.includes(t), t);
  }
  assert.deepEqual(pick(shop, { select: ['fct_revenue'], resourceTypes: ['test', 'unit_test'] }), ['relationships_fct_revenue_user_id', ...revenueTests].sort());
});

test('exclusions remove the excluded nodes and, eagerly, their tests', () => {
  assert.deepEqual(build(['marts'], undefined, ['dim_users']), ['dim_customers.v1', 'dim_customers.v2', 'fct_revenue', ...revenueTests].sort());
  assert.deepEqual(build(['marts'], 'cautious', ['dim_users']), ['dim_customers.v1', 'dim_customers.v2', 'fct_revenue', ...revenueTests].sort());
  assert.deepEqual(build(['fct_revenue'], undefined, ['test_type:unit']), ['fct_revenue', 'relationships_fct_revenue_user_id', 'assert_revenue_positive', 'expression_is_true_fct_revenue'].sort());
});

test('with nothing selected every enabled node of the requested types is selected', () => {
  assert.equal(pick(shop, { resourceTypes: ['model'] }).length, 9);
  assert.equal(pick(shop, { resourceTypes: ['test', 'unit_test'] }).length, 8);
  assert.equal(pick(shop, {}).length, 9 + 8 + 1 + 3 + 1);
  assert.deepEqual(pick(shop, { exclude: ['package:audit tag:staging'], resourceTypes: ['model'] }), [
    'dim_customers.v1',
    'dim_customers.v2',
    'dim_users',
    'fct_revenue',
    'int_user_payments',
  ]);
});

test('a model whose file holds only whitespace is left out unless empty nodes are asked for', () => {
  const project = shopProject((b) => {
    b.model('blank_model', { raw: ' \n\t\u00a0\n' });
    b.model('comment_only', { raw: '\n-- nothing yet\n' });
  });
  const models = pick(project, { resourceTypes: ['model'] });
  assert.ok(!models.includes('blank_model'));
  assert.ok(models.includes('comment_only'));
  assert.ok(pick(project, { resourceTypes: ['model'], includeEmptyNodes: true }).includes('blank_model'));
  assert.ok(pick(project, { select: ['blank_model'], resourceTypes: ['model'], includeEmptyNodes: true }).includes('blank_model'));
});

test('a union of cautious selections with nothing held back, and the same selection twice, select as one', () => {
  const once = build(['+fct_revenue'], 'cautious');
  assert.deepEqual(build(['+fct_revenue', '+fct_revenue'], 'cautious'), once);
  assert.deepEqual(build(['+fct_revenue', 'fct_revenue'], 'cautious'), once);
  assert.deepEqual(build(['+fct_revenue'], 'eager', ['tag:nothing_has_this']), build(['+fct_revenue'], 'eager'));
});

test('disabled nodes are never selected', () => {
  const project = shopProject((b) => b.model('old_model', { enabled: false, tags: ['marts'] }));
  assert.deepEqual(pick(project, { select: ['tag:marts'], resourceTypes: ['model'] }), ['dim_users', 'fct_revenue']);
  assert.deepEqual(pick(project, { select: ['old_model'] }), []);
});

test('a selector that matches nothing gives dbt\'s warning, once per space-separated selector', () => {
  const result = run(shop, { select: ['nope tag:marts', 'nope2,tag:marts'], exclude: ['ghost'] });
  assert.deepEqual(
    result.warnings.map((w) => [w.code, w.severity, w.message]),
    [
      ['selection-empty', 'warning', "The selection criterion 'nope' does not match any enabled nodes"],
      ['selection-empty', 'warning', "The selection criterion 'nope2,tag:marts' does not match any enabled nodes"],
      ['selection-empty', 'warning', "The selection criterion 'ghost' does not match any enabled nodes"],
    ],
  );
  assert.ok(result.selected.includes('model.shop.dim_users'));
  assert.deepEqual(run(shop, { select: ['stg_users'] }).warnings, []);
});

test('an unknown method is a selector-invalid error listing the valid methods', () => {
  assert.throws(
    () => run(shop, { select: ['colour:red'] }),
    (e: unknown) =>
      isReelhouseError(e) &&
      e.diagnostic.code === 'selector-invalid' &&
      e.message.includes("'colour' is not a valid method name") &&
      /tag, test_name, test_type/.test(e.diagnostic.hint ?? ''),
  );
});

test('invalid values of known methods are selector-invalid errors', () => {
  for (const select of ['test_type:foo', 'resource_type:widget', 'version:newest', 'source:a.b.c.d', '@stg_users+', 'config:x']) {
    assert.throws(
      () => run(shop, { select: [select] }),
      (e: unknown) => isReelhouseError(e) && e.diagnostic.code === 'selector-invalid',
      select,
    );
  }
});

test('`test+` selects no models: graph operators follow refs, not the edges build adds below tests', () => {
  const models: ResourceType[] = ['model'];
  // not_null_stg_users_id checks stg_users, yet nothing below stg_users is a child of the test.
  assert.deepEqual(pick(shop, { select: ['not_null_stg_users_id+'], resourceTypes: models, indirectSelection: 'empty' }), []);
  assert.deepEqual(pick(shop, { select: ['stg_users', 'not_null_stg_users_id+'], resourceTypes: ['model', 'test'] }), ['not_null_stg_users_id', 'stg_users']);
  assert.deepEqual(pick(shop, { select: ['+not_null_stg_users_id'], resourceTypes: models }), ['stg_users']);
});
