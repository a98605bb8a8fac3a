import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deprecationWarnings } from './deprecations.js';
import { linkManifest } from './link-manifest.js';
import { ManifestBuilder } from './testing/manifest-builder.js';

const NOW = new Date('2030-06-01T00:00:00Z');

function fleet(deprecation: string, versioned = false) {
  const b = new ManifestBuilder('fleet');
  if (versioned) {
    b.model('trucks', { version: 1, latest: 2 }).deprecation_date = deprecation;
    b.model('trucks', { version: 2, latest: 2 });
    b.model('routes', { refs: [{ name: 'trucks', version: 1 }] });
  } else {
    b.model('trucks').deprecation_date = deprecation;
    b.model('routes', { refs: ['trucks'] });
  }
  return deprecationWarnings(linkManifest(b.manifest), NOW);
}

test('a model past its deprecation date warns, and so does each node that refs it', () => {
  const warnings = fleet('2029-12-31T00:00:00+00:00');
  assert.deepEqual(warnings.map((w) => w.code).sort(), ['model-deprecated', 'ref-deprecated']);
  assert.equal(warnings.find((w) => w.code === 'model-deprecated')?.message,
    'Model trucks has passed its deprecation date of 2029-12-31T00:00:00+00:00. This model should be disabled or removed.');
  assert.equal(warnings.find((w) => w.code === 'ref-deprecated')?.message,
    "While compiling 'routes': Found a reference to trucks, which was deprecated on '2029-12-31T00:00:00+00:00'.");
});

test('a ref to a model deprecated in the future warns that it is coming, and points at the latest version', () => {
  const warnings = fleet('2031-01-01T00:00:00+00:00', true);
  assert.deepEqual(warnings.map((w) => w.code), ['ref-deprecating']);
  assert.equal(warnings[0]!.message,
    "While compiling 'routes': Found a reference to trucks.v1, which is slated for deprecation on '2031-01-01T00:00:00+00:00'. " +
      "A new version of 'trucks' is available. Try it out: {{ ref('fleet', 'trucks', v='2') }}.");
});

test('models without a deprecation date give no warnings', () => {
  const b = new ManifestBuilder('fleet');
  b.model('trucks');
  b.model('routes', { refs: ['trucks'] });
  assert.deepEqual(deprecationWarnings(linkManifest(b.manifest), NOW), []);
});

test('a date alone is printed as the datetime dbt makes of it, and only models that ref a deprecated model warn', () => {
  const b = new ManifestBuilder('fleet');
  b.model('trucks', { version: 1, latest: 2 }).deprecation_date = '2029-12-31';
  b.model('trucks', { version: 2, latest: 2 });
  b.model('routes', { refs: [{ name: 'trucks', version: 1 }] });
  b.test('not_null_trucks_v1_id', { refs: [{ name: 'trucks', version: 1 }] });
  const warnings = deprecationWarnings(linkManifest(b.manifest), NOW);
  assert.deepEqual(warnings.map((w) => `${w.code} ${w.message}`), [
    'model-deprecated Model trucks.v1 has passed its deprecation date of 2029-12-31T00:00:00+00:00. This model should be disabled or removed.',
    "ref-deprecated While compiling 'routes': Found a reference to trucks.v1, which was deprecated on '2029-12-31T00:00:00+00:00'. " +
      "A new version of 'trucks' is available. Migrate now: {{ ref('fleet', 'trucks', v='2') }}.",
  ]);
});
