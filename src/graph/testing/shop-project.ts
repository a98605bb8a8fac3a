// The streaming shop project used by the selection tests, as a linked manifest and its graph.
import type { Manifest } from '../../project/types.js';
import { Graph } from '../graph.js';
import { linkManifest } from '../link-manifest.js';
import { selectNodes } from '../select.js';
import type { SelectionResult, SelectionSpec } from '../selection-spec.js';
import { ManifestBuilder } from './manifest-builder.js';

/** Builds the shop project (call `link` after adding more nodes). */
export function shopBuilder(): ManifestBuilder {
  const b = new ManifestBuilder('shop');
  b.source('billing', 'users', { dir: 'staging/billing' });
  b.source('billing', 'payments', { dir: 'staging/billing' });
  b.source('catalog', 'titles', { dir: 'staging/catalog', tags: ['catalog'] });
  b.seed('plans', { tags: ['reference'] });
  b.model('stg_users', { dir: 'staging/billing', sources: [['billing', 'users']], tags: ['staging', 'nightly'] });
  b.model('stg_payments', { dir: 'staging/billing', sources: [['billing', 'payments']], tags: ['staging'] });
  b.model('stg_titles', { dir: 'staging/catalog', sources: [['catalog', 'titles']], tags: ['staging'] });
  b.model('int_user_payments', { dir: 'intermediate', refs: ['stg_users', 'stg_payments'], config: { materialized: 'ephemeral' } });
  b.model('dim_users', {
    dir: 'marts/core',
    refs: ['stg_users', 'plans'],
    tags: ['marts', 'nightly'],
    config: { materialized: 'table', meta: { owner: 'ana', tier: { level: 'gold' } } },
    access: 'public',
    group: 'finance',
  });
  b.model('fct_revenue', {
    dir: 'marts/finance',
    refs: ['int_user_payments', 'dim_users'],
    tags: ['marts'],
    config: { materialized: 'incremental', contract: { enforced: false } },
    group: 'finance',
  });
  b.model('dim_customers', { dir: 'marts/core', version: 1, latest: 1, refs: ['stg_users'] });
  b.model('dim_customers', { dir: 'marts/core', version: 2, latest: 1, refs: ['stg_users'] });
  b.model('audit_runs', { pkg: 'audit', dir: 'audit', tags: ['audit'] });
  b.test('not_null_stg_users_id', { on: ['stg_users'], generic: 'not_null', column: 'id', dir: 'staging/billing' });
  b.test('accepted_values_stg_payments_status', {
    on: ['stg_payments'],
    generic: 'accepted_values',
    dir: 'staging/billing',
    config: { severity: 'warn' },
  });
  b.test('unique_dim_users_id', { on: ['dim_users'], generic: 'unique', column: 'id', dir: 'marts/core' });
  b.test('relationships_fct_revenue_user_id', {
    on: ['fct_revenue', 'dim_users'],
    generic: 'relationships',
    dir: 'marts/finance',
    column: 'user_id',
  });
  b.test('expression_is_true_fct_revenue', { on: ['fct_revenue'], generic: 'expression_is_true', namespace: 'dbt_utils', dir: 'marts/finance' });
  b.test('assert_revenue_positive', { on: ['fct_revenue'] });
  b.test('source_not_null_billing_users_id', { refs: [], sources: [['billing', 'users']], generic: 'not_null', dir: 'staging/billing' });
  // fct_revenue is incremental: dbt requires the unit test to say whether it runs incrementally.
  b.unitTest('test_revenue_math', 'fct_revenue', { dir: 'marts/finance' }).overrides = { macros: { is_incremental: false } };
  b.exposure('revenue_dashboard', { refs: ['fct_revenue'] });
  return b;
}

/** The linked shop manifest and its graph. */
export function shopProject(edit?: (b: ManifestBuilder) => void): { manifest: Manifest; graph: Graph } {
  const b = shopBuilder();
  edit?.(b);
  const manifest = linkManifest(b.manifest);
  return { manifest, graph: new Graph(manifest) };
}

/** Short labels: `model.shop.x` -> `x`, other packages and resource kinds keep a prefix. */
export function label(uniqueId: string): string {
  return uniqueId
    .replace(/^(model|seed|snapshot|test|analysis)\.shop\./, '')
    .replace(/^unit_test\.shop\.[^.]+\./, 'unit:')
    .replace(/^source\.shop\./, 'source:')
    .replace(/^exposure\.shop\./, 'exposure:');
}

/** Runs a selection and returns sorted labels. */
export function pick(project: { manifest: Manifest; graph: Graph }, spec: SelectionSpec): string[] {
  return selectNodes(project.manifest, project.graph, spec).selected.map(label).sort();
}

/** Runs a selection and returns the whole result. */
export function run(project: { manifest: Manifest; graph: Graph }, spec: SelectionSpec): SelectionResult {
  return selectNodes(project.manifest, project.graph, spec);
}
