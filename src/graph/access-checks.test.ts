import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isReelhouseError, type ReelhouseError } from '../core/diagnostic.js';
import { linkManifest } from './link-manifest.js';
import type { AccessOptions } from './access-checks.js';
import { ManifestBuilder } from './testing/manifest-builder.js';

function linkError(b: ManifestBuilder, options: AccessOptions = {}): ReelhouseError {
  try {
    linkManifest(b.manifest, options);
  } catch (error) {
    assert.ok(isReelhouseError(error), `expected a ReelhouseError, got ${String(error)}`);
    return error as ReelhouseError;
  }
  assert.fail('linkManifest did not throw');
}

/** A private ledger model in group treasury, and a model in another group that refs it. */
function ledgerProject(refGroup: string | undefined): ManifestBuilder {
  const b = new ManifestBuilder('bank');
  b.model('ledger_entries', { access: 'private', group: 'treasury' });
  b.model('audit_trail', { group: 'compliance' });
  b.model('branch_totals', { refs: ['ledger_entries'], ...(refGroup ? { group: refGroup } : {}) });
  return b;
}

test('a private model can be ref’d from its own group only', () => {
  linkManifest(ledgerProject('treasury').manifest);

  const other = linkError(ledgerProject('compliance'));
  assert.equal(other.diagnostic.code, 'ref-access');
  assert.match(other.diagnostic.message, /Node model\.bank\.branch_totals attempted to reference node model\.bank\.ledger_entries, which is not allowed because the referenced node is private to the 'treasury' group\./);

  const none = linkError(ledgerProject(undefined));
  assert.equal(none.diagnostic.code, 'ref-access');
});

test('a generic test of a private model belongs to its group; an exposure outside the group may not ref it', () => {
  const b = ledgerProject('treasury');
  const check = b.test('not_null_ledger_entries_id', { on: ['ledger_entries'], generic: 'not_null', column: 'id' });
  check.attached_node = 'model.bank.ledger_entries';
  linkManifest(b.manifest);

  const withExposure = ledgerProject('treasury');
  withExposure.exposure('branch_dashboard', { refs: ['ledger_entries'] });
  const error = linkError(withExposure);
  assert.match(error.diagnostic.message, /Node exposure\.bank\.branch_dashboard attempted to reference node model\.bank\.ledger_entries/);
});

test('restrict-access keeps protected and private models of a package from other packages', () => {
  const build = (access: 'protected' | 'public') => {
    const b = new ManifestBuilder('bank');
    b.model('rates', { pkg: 'fx_feed', access });
    b.model('converted', { refs: [{ package: 'fx_feed', name: 'rates' }] });
    return b;
  };
  linkManifest(build('protected').manifest);
  linkManifest(build('public').manifest, { restrictedPackages: new Set(['fx_feed']) });
  const error = linkError(build('protected'), { restrictedPackages: new Set(['fx_feed']) });
  assert.equal(error.diagnostic.code, 'ref-access');
  assert.match(error.diagnostic.message, /referenced node is protected to the 'fx_feed' package\./);
});

test('unknown access values, public ephemeral models and undeclared groups are parse errors', () => {
  const odd = new ManifestBuilder('bank');
  odd.model('vault').access = 'secret' as 'public';
  const bad = linkError(odd);
  assert.equal(bad.diagnostic.code, 'access-invalid');
  assert.equal(bad.diagnostic.message, 'Node model.bank.vault has an invalid value (secret) for the access field');
  // Set only in dbt_project.yml, the value is in the config while the node keeps its default.
  const projectLevel = new ManifestBuilder('bank');
  projectLevel.model('teller', { access: 'protected', config: { access: 'Public' } });
  assert.equal(linkError(projectLevel).diagnostic.message, 'Node model.bank.teller has an invalid value (Public) for the access field');

  const eph = new ManifestBuilder('bank');
  eph.model('teller_view', { access: 'public', config: { materialized: 'ephemeral' } });
  assert.match(linkError(eph).diagnostic.message, /model\.bank\.teller_view with 'ephemeral' materialization has an invalid value \(public\)/);

  const ungrouped = new ManifestBuilder('bank');
  ungrouped.model('loans', { config: { group: 'lending' } });
  const groupError = linkError(ungrouped);
  assert.equal(groupError.diagnostic.code, 'group-invalid');
  assert.equal(groupError.diagnostic.message, "Invalid group 'lending', expected one of []");
});
