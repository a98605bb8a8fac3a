// End to end: a source's unrendered_config in manifest.json as dbt 1.10 writes it. Beside the
// configs written for it, dbt records the source's loaded_at_field, loaded_at_query, meta and
// tags, as null, null, {} and [] when nothing sets them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from '../../cli/test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('granary');
  writeProjectFile(dir, 'models/sources.yml', [
    'version: 2',
    'sources:',
    '  - name: silo',
    '    tables:',
    '      - name: sacks',
    '      - name: weighings',
    '        loaded_at_field: weighed_at',
    '        tags: [scales]',
    '',
  ].join('\n'));
});
after(() => rm(dir, { recursive: true, force: true }));

test("a source's unrendered_config holds loaded_at_field, loaded_at_query, meta and tags, set or not", async () => {
  const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.out + run.err);
  const sources = readArtifact<{ sources: Record<string, { unrendered_config: unknown }> }>(dir, 'manifest.json').sources;
  assert.deepEqual(sources['source.granary.silo.sacks']!.unrendered_config, { loaded_at_field: null, loaded_at_query: null, meta: {}, tags: [] });
  assert.deepEqual(sources['source.granary.silo.weighings']!.unrendered_config, { loaded_at_field: 'weighed_at', loaded_at_query: null, meta: {}, tags: ['scales'] });
});
