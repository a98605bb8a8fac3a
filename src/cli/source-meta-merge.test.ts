// End to end: a source table's meta in manifest.json is its source's meta with the table's own
// laid over it, as dbt merges them, while source_meta keeps the source's alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readArtifact, runCli, withProjectFiles } from './test-helpers.js';

const PROJECT = {
  'dbt_project.yml': "name: orchard\nversion: '1.0.0'\nprofile: orchard\n",
  'profiles.yml': 'orchard:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: orchard.duckdb\n',
  'models/sources.yml': [
    'sources:',
    '  - name: crates',
    '    meta: {owner: picking, region: north}',
    '    tables:',
    '      - name: apples',
    '      - name: pears',
    '        meta: {region: south, ripe: true}',
    '',
  ].join('\n'),
};

test("a source table's meta is its source's meta with the table's own over it", async () => {
  await withProjectFiles(PROJECT, {}, async (dir) => {
    const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir, '-q']);
    assert.equal(run.code, 0, run.out + run.err);
    const sources = readArtifact<{ sources: Record<string, { meta: unknown; source_meta: unknown }> }>(dir, 'manifest.json').sources;
    assert.deepEqual(sources['source.orchard.crates.apples']!.meta, { owner: 'picking', region: 'north' });
    assert.deepEqual(sources['source.orchard.crates.pears']!.meta, { owner: 'picking', region: 'south', ripe: true });
    assert.deepEqual(sources['source.orchard.crates.pears']!.source_meta, { owner: 'picking', region: 'north' });
  });
});
