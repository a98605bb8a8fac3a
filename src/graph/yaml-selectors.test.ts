import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isReelhouseError } from '../core/diagnostic.js';
import { pick, run, shopProject } from './testing/shop-project.js';

const shop = shopProject();
const selectors = {
  selectors: [
    { name: 'nightly', description: 'Nightly models and everything downstream', definition: 'tag:nightly+' },
    { name: 'marts_kv', definition: { tag: 'marts' } },
    { name: 'stg_users_children', definition: { method: 'fqn', value: 'stg_users', children: true, children_depth: 1 } },
    { name: 'revenue_parents', definition: { method: 'fqn', value: 'fct_revenue', parents: true, parents_depth: 1 } },
    { name: 'payments_at', definition: { method: 'fqn', value: 'stg_payments', childrens_parents: true } },
    { name: 'finance_but_dim', definition: { union: [{ method: 'group', value: 'finance' }, 'stg_titles', { exclude: ['dim_users'] }] } },
    { name: 'nightly_marts', definition: { intersection: [{ method: 'selector', value: 'nightly' }, 'tag:marts'] } },
    { name: 'marts_minus_dim', definition: { method: 'tag', value: 'marts', exclude: [{ method: 'fqn', value: 'dim_users' }] } },
    { name: 'cautious_revenue', definition: { method: 'fqn', value: 'fct_revenue', indirect_selection: 'cautious' } },
    { name: 'cli_sets', definition: 'tag:nightly,tag:marts stg_titles' },
    { name: 'audit_only', default: true, definition: { method: 'package', value: 'audit' } },
  ],
};
const sel = (selector: string, types: ('model' | 'test' | 'unit_test')[] | null = ['model']) =>
  pick(shop, { selector, selectors, ...(types ? { resourceTypes: types } : {}) });

test('CLI-style string definitions take graph and set operators', () => {
  assert.deepEqual(sel('nightly'), ['dim_customers.v1', 'dim_customers.v2', 'dim_users', 'fct_revenue', 'int_user_payments', 'stg_users']);
  assert.deepEqual(sel('cli_sets'), ['dim_users', 'stg_titles']);
});

test('key-value and full dictionary definitions with graph keywords', () => {
  assert.deepEqual(sel('marts_kv'), ['dim_users', 'fct_revenue']);
  assert.deepEqual(sel('stg_users_children'), ['dim_customers.v1', 'dim_customers.v2', 'dim_users', 'int_user_payments', 'stg_users']);
  assert.deepEqual(sel('revenue_parents'), ['dim_users', 'fct_revenue', 'int_user_payments']);
  assert.deepEqual(sel('payments_at'), ['dim_users', 'fct_revenue', 'int_user_payments', 'stg_payments', 'stg_users']);
});

test('union with exclude, intersection with a nested selector, exclude on a method', () => {
  assert.deepEqual(sel('finance_but_dim'), ['fct_revenue', 'stg_titles']);
  assert.deepEqual(sel('nightly_marts'), ['dim_users', 'fct_revenue']);
  assert.deepEqual(sel('marts_minus_dim'), ['fct_revenue']);
});

test('indirect_selection in a definition overrides the default', () => {
  assert.deepEqual(sel('cautious_revenue', null), ['assert_revenue_positive', 'expression_is_true_fct_revenue', 'fct_revenue', 'unit:test_revenue_math']);
});

test('the default selector applies when neither --select nor --exclude is given', () => {
  const result = run(shop, { selectors, resourceTypes: ['model'] });
  assert.deepEqual(result.selected, ['model.audit.audit_runs']);
  assert.equal(result.selectorName, 'audit_only');
  assert.deepEqual(pick(shop, { selectors, select: ['stg_users'], resourceTypes: ['model'] }), ['stg_users']);
  assert.equal(pick(shop, { selectors, exclude: ['stg_users'], resourceTypes: ['model'] }).length, 8);
});

test('--selector wins over --select, with a warning that --select and --exclude were ignored', () => {
  assert.deepEqual(pick(shop, { selectors, selector: 'marts_kv', select: ['stg_users'], resourceTypes: ['model'] }), ['dim_users', 'fct_revenue']);
  const codes = (spec: { select?: string[]; exclude?: string[] }) =>
    run(shop, { selectors, selector: 'marts_kv', resourceTypes: ['model'], ...spec }).warnings.map((w) => w.code);
  assert.deepEqual(codes({ select: ['stg_users'] }), ['selector-ignores-select']);
  assert.deepEqual(codes({ exclude: ['dim_users'] }), ['selector-ignores-select']);
  assert.deepEqual(codes({}), []);
});

test('the selector: method takes wildcards over selector names, also inside a definition', () => {
  const wild = { selectors: [...selectors.selectors, { name: 'wild_union', definition: { union: ['stg_titles', 'selector:marts_[kx]v'] } }] };
  assert.deepEqual(pick(shop, { selectors: wild, select: ['selector:marts_*'], resourceTypes: ['model'] }), ['dim_users', 'fct_revenue']);
  assert.deepEqual(pick(shop, { selectors: wild, select: ['selector:?ightly'], resourceTypes: ['model'] }), sel('nightly'));
  assert.deepEqual(pick(shop, { selectors: wild, selector: 'wild_union', resourceTypes: ['model'] }), ['dim_users', 'fct_revenue', 'stg_titles']);
  assert.throws(() => run(shop, { selectors: wild, select: ['selector:zz_*'] }), (e: unknown) => isReelhouseError(e) && /zz_\*/.test(e.message));
});

test('the selector: method refers to a named selector from the command line', () => {
  assert.deepEqual(pick(shop, { selectors, select: ['selector:marts_kv'], resourceTypes: ['model'] }), ['dim_users', 'fct_revenue']);
  assert.deepEqual(pick(shop, { selectors, select: ['selector:marts_kv,tag:nightly'], resourceTypes: ['model'] }), ['dim_users']);
});

test('a named selector that matches nothing is a warning', () => {
  const result = run(shop, { selectors: { selectors: [{ name: 'none', definition: 'tag:nothing' }] }, selector: 'none' });
  assert.deepEqual(result.selected, []);
  assert.deepEqual(result.warnings.map((w) => w.message), ["The selector 'none' does not match any enabled nodes"]);
});

test('selectors may come as a name-keyed record, as in the manifest', () => {
  const record = { marts: { name: 'marts', definition: { tag: 'marts' } } };
  assert.deepEqual(pick(shop, { selectors: record, selector: 'marts', resourceTypes: ['model'] }), ['dim_users', 'fct_revenue']);
});

test('mistakes in selectors.yml are reported', () => {
  const cases: [unknown, string, string][] = [
    [selectors, 'missing', 'selector-not-found'],
    [{ selectors: [{ name: 'a', definition: { method: 'selector', value: 'a' } }] }, 'a', 'selector-invalid'],
    [{ selectors: [{ name: 'a', default: true, definition: 'x' }, { name: 'b', default: true, definition: 'y' }] }, 'a', 'selector-invalid'],
    [{ selectors: [{ name: 'a', definition: { union: ['x'], intersection: ['y'] } }] }, 'a', 'selector-invalid'],
    [{ selectors: [{ name: 'a', definition: { method: 'colour', value: 'red' } }] }, 'a', 'selector-invalid'],
    [{ selectors: [{ name: 'a', definition: { union: [{ exclude: ['x'] }, { exclude: ['y'] }] } }] }, 'a', 'selector-invalid'],
    [{ selectors: [{ name: 'a', definition: { method: 'fqn', value: 'x', indirect_selection: 'sometimes' } }] }, 'a', 'selector-invalid'],
  ];
  for (const [data, name, code] of cases) {
    assert.throws(
      () => run(shop, { selectors: data, selector: name }),
      (e: unknown) => isReelhouseError(e) && e.diagnostic.code === code,
      JSON.stringify(data),
    );
  }
});
