import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isReelhouseError, type ReelhouseError } from '../core/diagnostic.js';
import { linkManifest, linkManifestWithGraph } from './link-manifest.js';
import type { CompiledNode } from '../project/types.js';
import { ManifestBuilder } from './testing/manifest-builder.js';

function linkError(b: ManifestBuilder): ReelhouseError {
  try {
    linkManifest(b.manifest);
  } catch (error) {
    assert.ok(isReelhouseError(error), `expected a ReelhouseError, got ${String(error)}`);
    return error as ReelhouseError;
  }
  assert.fail('linkManifest did not throw');
}

test('sources then refs become depends_on.nodes (dbt links sources first), each in order of first appearance, without duplicates', () => {
  const b = new ManifestBuilder();
  b.source('billing', 'users');
  b.seed('plans');
  b.model('stg_users', { dir: 'staging', sources: [['billing', 'users']] });
  const m = b.model('dim_users', { refs: ['stg_users', 'plans', 'stg_users'], sources: [['billing', 'users']] });
  linkManifest(b.manifest);
  assert.deepEqual(m.depends_on.nodes, ['source.shop.billing.users', 'model.shop.stg_users', 'seed.shop.plans']);
});

test('parent_map and child_map cover sources, models, tests, exposures and unit tests, sorted', () => {
  const b = new ManifestBuilder();
  b.source('billing', 'users');
  b.model('stg_users', { sources: [['billing', 'users']] });
  b.model('dim_users', { refs: ['stg_users'] });
  b.test('not_null_dim_users_id', { on: ['dim_users'], generic: 'not_null', column: 'id' });
  b.exposure('kpi_dashboard', { refs: ['dim_users'] });
  b.unitTest('test_dim_users_dedups', 'dim_users');
  const m = linkManifest(b.manifest);
  assert.deepEqual(m.parent_map, {
    'source.shop.billing.users': [],
    'model.shop.stg_users': ['source.shop.billing.users'],
    'model.shop.dim_users': ['model.shop.stg_users'],
    'test.shop.not_null_dim_users_id': ['model.shop.dim_users'],
    'exposure.shop.kpi_dashboard': ['model.shop.dim_users'],
    'unit_test.shop.dim_users.test_dim_users_dedups': ['model.shop.dim_users'],
  });
  assert.deepEqual(m.child_map['model.shop.dim_users'], [
    'exposure.shop.kpi_dashboard',
    'test.shop.not_null_dim_users_id',
    'unit_test.shop.dim_users.test_dim_users_dedups',
  ]);
  assert.deepEqual(m.child_map['source.shop.billing.users'], ['model.shop.stg_users']);
  assert.deepEqual(m.child_map['exposure.shop.kpi_dashboard'], []);
  assert.deepEqual(m.unit_tests['unit_test.shop.dim_users.test_dim_users_dedups']?.depends_on.nodes, ['model.shop.dim_users']);
});

test('parent_map and child_map are keyed in manifest order, sources after nodes', () => {
  const b = new ManifestBuilder();
  b.model('zeta');
  b.source('billing', 'users');
  b.model('alpha', { refs: ['zeta'], sources: [['billing', 'users']] });
  const m = linkManifest(b.manifest);
  assert.deepEqual(Object.keys(m.parent_map), ['model.shop.zeta', 'model.shop.alpha', 'source.shop.billing.users']);
  assert.deepEqual(Object.keys(m.child_map), ['model.shop.zeta', 'model.shop.alpha', 'source.shop.billing.users']);
  assert.deepEqual(m.parent_map['model.shop.alpha'], ['model.shop.zeta', 'source.shop.billing.users']);
});

test('parent_map keeps a recorded parent that is no graph member; child_map has no entry for it', () => {
  const b = new ManifestBuilder();
  b.model('stg_users');
  const dash = b.exposure('kpi_dashboard', { refs: ['stg_users'] });
  // Recorded before linking (a metric this manifest does not hold): linking keeps it.
  dash.depends_on.nodes = ['metric.shop.revenue'];
  const m = linkManifest(b.manifest);
  assert.deepEqual(m.parent_map['exposure.shop.kpi_dashboard'], ['metric.shop.revenue', 'model.shop.stg_users']);
  assert.deepEqual(m.child_map['model.shop.stg_users'], ['exposure.shop.kpi_dashboard']);
  assert.equal(m.child_map['metric.shop.revenue'], undefined);
  assert.deepEqual(Object.keys(m.parent_map), ['model.shop.stg_users', 'exposure.shop.kpi_dashboard']);
  assert.deepEqual(Object.keys(m.child_map), ['model.shop.stg_users', 'exposure.shop.kpi_dashboard']);
});

test('a two-argument ref picks the named package', () => {
  const b = new ManifestBuilder();
  b.model('dim_date');
  b.model('dim_date', { pkg: 'calendar' });
  const m = b.model('fct_watch', { refs: [{ package: 'calendar', name: 'dim_date' }] });
  linkManifest(b.manifest);
  assert.deepEqual(m.depends_on.nodes, ['model.calendar.dim_date']);
});

test('a one-argument ref looks in the root project, then the calling package, then any package', () => {
  const b = new ManifestBuilder();
  b.model('dim_date'); // root project shadows the package's model, as in dbt
  b.model('dim_date', { pkg: 'calendar' });
  b.model('calendar_spine', { pkg: 'calendar' });
  b.model('calendar_spine', { pkg: 'other' });
  b.model('util_numbers', { pkg: 'utils' });
  const inPackage = b.model('calendar_report', { pkg: 'calendar', refs: ['dim_date', 'calendar_spine', 'util_numbers'] });
  const inRoot = b.model('fct_watch', { refs: ['util_numbers'] });
  linkManifest(b.manifest);
  assert.deepEqual(inPackage.depends_on.nodes, ['model.shop.dim_date', 'model.calendar.calendar_spine', 'model.utils.util_numbers']);
  assert.deepEqual(inRoot.depends_on.nodes, ['model.utils.util_numbers']);
});

test('a one-argument ref found in several other packages is ambiguous', () => {
  const b = new ManifestBuilder();
  b.model('spine', { pkg: 'calendar' });
  b.model('spine', { pkg: 'utils' });
  b.model('fct_watch', { refs: ['spine'] });
  const error = linkError(b);
  assert.equal(error.diagnostic.code, 'ref-ambiguous');
  assert.match(error.message, /'model\.calendar\.spine', 'model\.utils\.spine'/);
  assert.match(error.diagnostic.hint ?? '', /two-argument ref/);
});

test('model versions: pinned refs pick the version, unpinned refs the latest_version, else the greatest', () => {
  const b = new ManifestBuilder();
  b.model('dim_customers', { version: 1, latest: 1 });
  b.model('dim_customers', { version: 2, latest: 1 });
  b.model('dim_plans', { version: 1 });
  b.model('dim_plans', { version: 3 });
  b.model('dim_plans', { version: 2 });
  const pinned = b.model('fct_a', { refs: [{ name: 'dim_customers', version: 2 }] });
  const unpinned = b.model('fct_b', { refs: ['dim_customers', 'dim_plans'] });
  const pinnedString = b.model('fct_c', { refs: [{ name: 'dim_plans', version: '1' }] });
  linkManifest(b.manifest);
  assert.deepEqual(pinned.depends_on.nodes, ['model.shop.dim_customers.v2']);
  assert.deepEqual(unpinned.depends_on.nodes, ['model.shop.dim_customers.v1', 'model.shop.dim_plans.v3']);
  assert.deepEqual(pinnedString.depends_on.nodes, ['model.shop.dim_plans.v1']);
});

test('a ref to a version that does not exist names the version', () => {
  const b = new ManifestBuilder();
  b.model('dim_customers', { version: 1 });
  b.model('fct_a', { refs: [{ name: 'dim_customers', version: 7 }] });
  const error = linkError(b);
  assert.equal(error.diagnostic.code, 'ref-not-found');
  assert.equal(
    error.message,
    "Model 'model.shop.fct_a' (models/fct_a.sql) depends on a node named 'dim_customers' with version '7' which was not found",
  );
});

test('seeds and snapshots can be ref()d; analyses cannot', () => {
  const b = new ManifestBuilder();
  b.seed('plans');
  b.snapshot('users_snapshot');
  b.analysis('adhoc');
  const ok = b.model('fct_a', { refs: ['plans', 'users_snapshot'] });
  linkManifest(b.manifest);
  assert.deepEqual(ok.depends_on.nodes, ['seed.shop.plans', 'snapshot.shop.users_snapshot']);

  const c = new ManifestBuilder();
  c.analysis('adhoc');
  c.model('fct_a', { refs: ['adhoc'] });
  assert.match(linkError(c).message, /depends on a node named 'adhoc' which was not found/);
});

test('an unknown ref fails with the node, its file and line, and a did-you-mean hint', () => {
  const b = new ManifestBuilder();
  b.model('stg_users', { dir: 'staging' });
  b.model('dim_users', { dir: 'marts', refs: ['stg_userz'], line: 4 });
  const error = linkError(b);
  assert.equal(error.diagnostic.code, 'ref-not-found');
  assert.equal(
    error.message,
    "Model 'model.shop.dim_users' (models/marts/dim_users.sql) depends on a node named 'stg_userz' which was not found",
  );
  assert.equal(error.diagnostic.hint, "Did you mean 'stg_users'?");
  assert.deepEqual(error.diagnostic.location, { file: '/home/analyst/shop/models/marts/dim_users.sql', line: 4 });
});

test('a two-argument ref to a missing package says which package', () => {
  const b = new ManifestBuilder();
  b.model('dim_date');
  b.model('fct_a', { refs: [{ package: 'calendar', name: 'dim_date' }] });
  assert.equal(
    linkError(b).message,
    "Model 'model.shop.fct_a' (models/fct_a.sql) depends on a node named 'dim_date' in package or project 'calendar' which was not found",
  );
});

test('several unresolved references are reported together', () => {
  const b = new ManifestBuilder();
  b.source('billing', 'payments');
  b.model('stg_users');
  b.model('a', { refs: ['stg_userz'] });
  b.model('b', { refs: ['nothing_like_it'] });
  b.model('c', { sources: [['billing', 'paymnts']] });
  const error = linkError(b);
  assert.equal(error.diagnostic.code, 'ref-not-found');
  const lines = error.message.split('\n');
  assert.equal(lines[0], '3 references could not be resolved:');
  assert.equal(lines.length, 4);
  assert.match(lines[1] ?? '', /'model\.shop\.a'.*'stg_userz' which was not found \(did you mean 'stg_users'\?\)/);
  assert.match(lines[2] ?? '', /'model\.shop\.b'.*'nothing_like_it' which was not found$/);
  assert.match(lines[3] ?? '', /'model\.shop\.c'.*source named 'billing\.paymnts' which was not found \(did you mean 'billing\.payments'\?\)/);
});

test('an unknown source fails with source-not-found and a suggestion', () => {
  const b = new ManifestBuilder();
  b.source('billing', 'subscriptions');
  b.model('stg_subs', { sources: [['billing', 'subscription']] });
  const error = linkError(b);
  assert.equal(error.diagnostic.code, 'source-not-found');
  assert.equal(
    error.message,
    "Model 'model.shop.stg_subs' (models/stg_subs.sql) depends on a source named 'billing.subscription' which was not found",
  );
  assert.equal(error.diagnostic.hint, "Did you mean 'billing.subscriptions'?");
});

test('a ref to a disabled model is an error saying it is disabled', () => {
  const b = new ManifestBuilder();
  b.disabledModel('legacy_users');
  b.model('dim_users', { refs: ['legacy_users'] });
  const error = linkError(b);
  assert.equal(error.diagnostic.code, 'ref-not-found');
  assert.equal(error.message, "Model 'model.shop.dim_users' (models/dim_users.sql) depends on a node named 'legacy_users' which is disabled");
});

test('a model disabled through config counts as disabled too', () => {
  const b = new ManifestBuilder();
  b.model('legacy_users', { enabled: false });
  b.model('dim_users', { refs: ['legacy_users'] });
  assert.match(linkError(b).message, /which is disabled$/);
});

test('a model disabled through config() in its file moves to disabled, as dbt lists it', () => {
  const b = new ManifestBuilder();
  b.model('legacy_users', { enabled: false });
  b.model('dim_users');
  const m = linkManifest(b.manifest);
  assert.equal(m.nodes['model.shop.legacy_users'], undefined);
  assert.equal((m.disabled['model.shop.legacy_users'] as { name: string }[] | undefined)?.[0]?.name, 'legacy_users');
  assert.deepEqual(Object.keys(m.nodes), ['model.shop.dim_users']);
  assert.equal(m.child_map['model.shop.legacy_users'], undefined);
});

test('a test on a disabled model is disabled with it instead of failing', () => {
  const b = new ManifestBuilder();
  b.disabledModel('legacy_users');
  b.test('not_null_legacy_users_id', { on: ['legacy_users'], generic: 'not_null' });
  const m = linkManifest(b.manifest);
  assert.equal(m.nodes['test.shop.not_null_legacy_users_id'], undefined);
  assert.ok(m.disabled['test.shop.not_null_legacy_users_id']);
  assert.equal(m.parent_map['test.shop.not_null_legacy_users_id'], undefined);
});

test('a test on a disabled source is disabled with a warning in dbt\'s words; one on a disabled model is disabled quietly', () => {
  const b = new ManifestBuilder();
  b.source('ledger', 'entries', { enabled: false });
  b.disabledModel('legacy_users');
  b.test('entries_balance', { sources: [['ledger', 'entries']] });
  b.test('not_null_legacy_users_id', { on: ['legacy_users'], generic: 'not_null' });
  const { manifest, warnings } = linkManifestWithGraph(b.manifest);
  assert.ok(manifest.disabled['test.shop.entries_balance']);
  assert.deepEqual(
    warnings.filter((w) => w.code === 'test-target-disabled').map((w) => [w.severity, w.message]),
    [['warning', "Test 'test.shop.entries_balance' (tests/entries_balance.sql) depends on a source named 'ledger.entries' which is disabled"]],
  );
});

test('a data test naming a missing model or source is disabled with a warning; a model naming one still fails', () => {
  const b = new ManifestBuilder();
  b.model('crates');
  b.source('harbour', 'berths');
  b.test('relationships_crates_dock_id', { on: ['crates', 'docks'], generic: 'relationships' });
  b.test('berths_match_quays', { sources: [['harbour', 'berths'], ['harbour', 'quays']] });
  b.test('not_null_crates_id', { on: ['crates'], generic: 'not_null' });
  const { manifest, warnings } = linkManifestWithGraph(b.manifest);
  assert.ok(manifest.disabled['test.shop.relationships_crates_dock_id']);
  assert.ok(manifest.disabled['test.shop.berths_match_quays']);
  assert.equal(manifest.nodes['test.shop.relationships_crates_dock_id'], undefined);
  assert.deepEqual(manifest.nodes['test.shop.not_null_crates_id']?.depends_on.nodes, ['model.shop.crates']);
  assert.deepEqual(
    warnings.filter((w) => w.code === 'ref-not-found' || w.code === 'source-not-found').map((w) => [w.severity, w.message]),
    [
      // Sources first: dbt resolves every node's sources before any node's refs.
      ['warning', "Test 'test.shop.berths_match_quays' (tests/berths_match_quays.sql) depends on a source named 'harbour.quays' in package '' which was not found"],
      ['warning', "Test 'test.shop.relationships_crates_dock_id' (models/schema.yml) depends on a node named 'docks' in package '' which was not found"],
    ],
  );

  const m = new ManifestBuilder();
  m.model('crate_report', { refs: ['docks'] });
  assert.equal(linkError(m).diagnostic.code, 'ref-not-found');
});

test('a data test disabled by a missing ref keeps the ids it did find in depends_on, sources first, and nothing for the missing one', () => {
  const b = new ManifestBuilder();
  b.model('crates');
  b.source('harbour', 'berths');
  b.test('crates_fit_berths', { on: ['docks', 'crates'], sources: [['harbour', 'berths']] });
  const { manifest } = linkManifestWithGraph(b.manifest);
  const disabled = manifest.disabled['test.shop.crates_fit_berths']?.[0] as CompiledNode | undefined;
  const nodes = disabled?.depends_on.nodes ?? [];
  assert.deepEqual(nodes, ['source.shop.harbour.berths', 'model.shop.crates']);
  // Every slot holds an id: no room was left where the missing ref would have gone.
  assert.deepEqual(Object.keys(nodes), ['0', '1']);
});

test('an enabled node whose refs and sources all resolve lists exactly those ids', () => {
  const b = new ManifestBuilder();
  b.model('crates');
  b.model('docks');
  b.source('harbour', 'berths');
  const m = b.model('crate_report', { refs: ['crates', 'docks'], sources: [['harbour', 'berths']] });
  const t = b.test('not_null_crates_id', { on: ['crates'], generic: 'not_null', column: 'id' });
  linkManifest(b.manifest);
  assert.deepEqual(m.depends_on.nodes, ['source.shop.harbour.berths', 'model.shop.crates', 'model.shop.docks']);
  assert.deepEqual(Object.keys(m.depends_on.nodes), ['0', '1', '2']);
  assert.deepEqual(t.depends_on.nodes, ['model.shop.crates']);
});

test('a model and a seed with one name in one package are duplicates, naming both files', () => {
  const b = new ManifestBuilder();
  b.model('plans', { dir: 'staging' });
  b.seed('plans');
  const error = linkError(b);
  assert.equal(error.diagnostic.code, 'duplicate-node');
  assert.match(error.message, /^Found two resources with the name "plans"\./);
  assert.match(error.message, /- model\.shop\.plans \(models\/staging\/plans\.sql\)/);
  assert.match(error.message, /- seed\.shop\.plans \(seeds\/plans\.csv\)/);
});

test('the same name in two packages is not a duplicate; versioned and unversioned models with one name are', () => {
  const b = new ManifestBuilder();
  b.model('plans');
  b.model('plans', { pkg: 'billing' });
  linkManifest(b.manifest);

  const c = new ManifestBuilder();
  c.model('dim_customers', { version: 1 });
  c.model('dim_customers');
  const error = linkError(c);
  assert.equal(error.diagnostic.code, 'duplicate-node');
  assert.match(error.message, /versioned model 'model\.shop\.dim_customers\.v1'.*unversioned model 'model\.shop\.dim_customers'/);
});

test('a cycle fails with the cycle path', () => {
  const b = new ManifestBuilder();
  b.model('stg', {});
  b.model('a', { refs: ['stg', 'c'] });
  b.model('b', { refs: ['a'] });
  b.model('c', { refs: ['b'] });
  b.model('d', { refs: ['c'] });
  const error = linkError(b);
  assert.equal(error.diagnostic.code, 'cycle');
  assert.equal(error.message, 'Found a cycle: model.shop.a --> model.shop.b --> model.shop.c');
  assert.equal(error.diagnostic.location?.file, '/home/analyst/shop/models/a.sql');
});

test('a model that refs itself is a cycle of one', () => {
  const b = new ManifestBuilder();
  b.model('a', { refs: ['a'] });
  assert.equal(linkError(b).message, 'Found a cycle: model.shop.a');
});

test('linking twice gives the same result', () => {
  const b = new ManifestBuilder();
  b.model('stg');
  const m = b.model('a', { refs: ['stg'] });
  linkManifest(b.manifest);
  linkManifest(b.manifest);
  assert.deepEqual(m.depends_on.nodes, ['model.shop.stg']);
});

test('a missing ref or source points at the line and column of the call in the model file', () => {
  const b = new ManifestBuilder();
  b.model('stg_users');
  const m = b.model('dim_users', { refs: ['stg_userz'] });
  m.raw_code = "select *\nfrom {{ ref('stg_userz') }} as u\n";
  const error = linkError(b);
  assert.equal(error.diagnostic.location?.line, 2);
  assert.equal(error.diagnostic.location?.column, 9);
  assert.equal(error.diagnostic.excerpt, "from {{ ref('stg_userz') }} as u");

  const s = new ManifestBuilder();
  s.source('billing', 'users');
  const n = s.model('stg_pay', { sources: [['billing', 'payments']] });
  n.raw_code = "-- payments\n\nselect * from {{ source( 'billing' , \"payments\" ) }}\n";
  const sourceError = linkError(s);
  assert.equal(sourceError.diagnostic.code, 'source-not-found');
  assert.equal(sourceError.diagnostic.location?.line, 3);
});

test('a target a node refs twice is one unresolved reference, named once', () => {
  const b = new ManifestBuilder();
  b.model('dim_date');
  b.model('fct_a', { refs: ['dim_dates', 'dim_dates'] });
  const error = linkError(b);
  assert.equal(error.message, "Model 'model.shop.fct_a' (models/fct_a.sql) depends on a node named 'dim_dates' which was not found");
});
