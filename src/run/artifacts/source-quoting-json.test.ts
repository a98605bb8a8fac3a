import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from '../../project/load/index.js';
import { CLEAN_ENV, writeProject } from '../../project/load/test-project.js';
import { toManifestJson } from './manifest-json.js';
import { loadSchemaValidator } from './schema-validator.js';

const validate = loadSchemaValidator('manifest/v12.json');

const SOURCES = `version: 2
sources:
  - name: vod
    schema: raw_vod
    quoting:
      schema: false
    tables:
      - name: titles
        quoting:
          identifier: true
          schema: true
      - name: episodes
`;

test('a source records the quoting its YAML set, the table overriding the source, as dbt writes it', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: catalogue\nprofile: catalogue\nconfig-version: 2\nquoting:\n  identifier: false\n',
    'models/sources.yml': SOURCES,
  });
  try {
    const { manifest } = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    const json = toManifestJson(manifest) as { sources: Record<string, { quoting: unknown; relation_name: string }> };
    assert.ok(validate(json).valid);
    const titles = json.sources['source.catalogue.vod.titles']!;
    assert.deepEqual(titles.quoting, { database: null, schema: true, identifier: true, column: null });
    assert.match(titles.relation_name, /\."raw_vod"\."titles"$/);
    const episodes = json.sources['source.catalogue.vod.episodes']!;
    assert.deepEqual(episodes.quoting, { database: null, schema: false, identifier: null, column: null });
    // The project's quoting applies to sources too, under what the source's own YAML says.
    assert.match(episodes.relation_name, /\.raw_vod\.episodes$/);
  } finally {
    await p.cleanup();
  }
});
