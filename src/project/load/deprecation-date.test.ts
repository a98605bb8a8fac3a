import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoDeprecationDate } from './deprecation-date.js';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

test('deprecation dates become the timezone-aware datetimes dbt makes of YAML dates and timestamps', () => {
  assert.equal(isoDeprecationDate('2029-12-31'), '2029-12-31T00:00:00+00:00');
  assert.equal(isoDeprecationDate('1999-01-01 00:00:00.00+00:00'), '1999-01-01T00:00:00+00:00');
  assert.equal(isoDeprecationDate('2999-01-01 10:30:00'), '2999-01-01T10:30:00+00:00');
  assert.equal(isoDeprecationDate('2030-05-06T07:08:09.5Z'), '2030-05-06T07:08:09.500000+00:00');
  assert.equal(isoDeprecationDate('2030-05-06 07:08:09 -5'), '2030-05-06T07:08:09-05:00');
  assert.equal(isoDeprecationDate('2030-01-01T08:00:00-05:00'), '2030-01-01T08:00:00-05:00');
  assert.equal(isoDeprecationDate(undefined), null);
});

test("a model's deprecation_date is held in that form from loading on (manifest, ls and warnings alike)", async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: ledger\nprofile: ledger\n',
    'models/fares.sql': 'select 1 as band',
    'models/fares.yml': 'models:\n  - name: fares\n    deprecation_date: 2999-01-01 10:30:00\n',
  });
  try {
    const { manifest } = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    assert.equal(manifest.nodes['model.ledger.fares']!.deprecation_date, '2999-01-01T10:30:00+00:00');
    // A property of the node, not one of its configs.
    assert.equal('deprecation_date' in manifest.nodes['model.ledger.fares']!.config, false);
  } finally {
    await p.cleanup();
  }
});
