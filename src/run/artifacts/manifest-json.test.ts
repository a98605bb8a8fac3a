import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { realisticManifest } from './manifest-fixture.js';
import { MANIFEST_SCHEMA_VERSION, manifestJsonParts, toManifestJson } from './manifest-json.js';
import { loadSchemaValidator } from './schema-validator.js';
import { writeManifest } from './write-manifest.js';

const validate = loadSchemaValidator('manifest/v12.json');
type Json = Record<string, any>;

describe('manifest.json', () => {
  it('validates against the v12 schema for every kind of node', () => {
    const json = toManifestJson(realisticManifest());
    const result = validate(json);
    assert.ok(result.valid, result.errors);
    const kinds = new Set(Object.values(json['nodes'] as Json).map((n: Json) => n['resource_type']));
    assert.deepEqual([...kinds].sort(), ['analysis', 'model', 'operation', 'seed', 'snapshot', 'test']);
  });

  it('the schema rejects internal fields, so they must be dropped', () => {
    const json = toManifestJson(realisticManifest()) as Json;
    const model = json['nodes']['model.streaming.fct_watch'];
    assert.equal(model.origin, undefined);
    assert.equal(json['nodes']['seed.streaming.plans'].seed_file, undefined);
    model.origin = { file: 'x', root: '/' };
    assert.equal(validate(json).valid, false);
  });

  it('writes the fields dbt always writes, with its defaults', () => {
    const json = toManifestJson(realisticManifest(), 1714557600) as Json;
    assert.equal(json['metadata'].dbt_schema_version, MANIFEST_SCHEMA_VERSION);
    assert.equal(json['metadata'].adapter_type, 'duckdb');
    const model = json['nodes']['model.streaming.fct_watch'];
    assert.equal(model.build_path, null);
    assert.equal(model.created_at, 1714557600);
    // dbt's classes drop these when serialized as an artifact.
    assert.equal('config_call_dict' in model, false);
    assert.equal('defer_relation' in model, false);
    assert.equal(model.compiled, true);
    assert.deepEqual(model.refs[1], { name: 'dim_titles', package: 'streaming', version: 2 });
    assert.deepEqual(model.config['pre-hook'], [{ sql: 'select 1', transaction: false, index: null }]);
    assert.equal(model.access, 'public');
    const generic = json['nodes']['test.streaming.not_null_fct_watch_user_id.5a1b2c'];
    assert.equal(generic.file_key_name, 'models.fct_watch');
    assert.equal(generic.test_metadata.name, 'not_null');
    const singular = json['nodes']['test.streaming.assert_positive_revenue'];
    assert.equal(singular.config.severity, 'warn');
    assert.equal(singular.config.limit, 5);
    assert.equal(singular.test_metadata, undefined);
    const seed = json['nodes']['seed.streaming.plans'];
    assert.equal(seed.language, undefined);
    assert.deepEqual(seed.depends_on, { macros: [] });
    assert.equal(json['sources']['source.streaming.billing.payments'].freshness.warn_after.count, 12);
    assert.equal(json['unit_tests']['unit_test.streaming.fct_watch.test_minutes'].given[1].rows, 'payment_id\n1\n');
  });

  it('streams exactly the text of the whole manifest object, disabled nodes and maps included', () => {
    const manifest = realisticManifest();
    const model = manifest.nodes['model.streaming.fct_watch']!;
    manifest.disabled['model.streaming.old'] = [{ ...model, unique_id: 'model.streaming.old', name: 'old', config: { ...model.config, enabled: false } }];
    manifest.parent_map = { 'model.streaming.fct_watch': ['seed.streaming.plans'] };
    manifest.child_map = { 'seed.streaming.plans': ['model.streaming.fct_watch'], '7': [] };
    manifest.nodes['model.streaming.fct_watch']!.config = { ...model.config, unset: undefined, tags: undefined } as never;
    const streamed = [...manifestJsonParts(manifest, 1714557600)].join('');
    assert.equal(streamed, JSON.stringify(toManifestJson(manifest, 1714557600)));
    const empty = realisticManifest();
    empty.nodes = {};
    empty.unit_tests = {};
    assert.equal([...manifestJsonParts(empty, 1)].join(''), JSON.stringify(toManifestJson(empty, 1)));
  });

  it("gives a project hook's operation the parents its depends_on names, in both maps and in streamed text", () => {
    const manifest = realisticManifest();
    const hook = { ...manifest.nodes['operation.streaming.streaming-on-run-end-0']!, unique_id: 'operation.streaming.streaming-on-run-start-0' };
    hook.depends_on = { nodes: ['model.streaming.fct_watch'], macros: [] };
    manifest.operations = { [hook.unique_id]: hook };
    manifest.parent_map = { 'model.streaming.fct_watch': [] };
    manifest.child_map = { 'model.streaming.fct_watch': ['test.streaming.z_last'] };
    const json = toManifestJson(manifest, 1714557600) as Json;
    assert.deepEqual(json['parent_map'][hook.unique_id], ['model.streaming.fct_watch']);
    assert.deepEqual(json['child_map'][hook.unique_id], []);
    assert.deepEqual(json['child_map']['model.streaming.fct_watch'], [hook.unique_id, 'test.streaming.z_last']);
    assert.deepEqual(manifest.child_map['model.streaming.fct_watch'], ['test.streaming.z_last']);
    assert.equal([...manifestJsonParts(manifest, 1714557600)].join(''), JSON.stringify(json));
  });

  it('streams the same text when its collections span many pieces', () => {
    const manifest = realisticManifest();
    const model = manifest.nodes['model.streaming.fct_watch']!;
    const parentMap: Record<string, string[]> = {};
    for (let i = 0; i < 150; i++) {
      const id = `model.streaming.m_${i}`;
      manifest.nodes[id] = { ...model, unique_id: id, name: `m_${i}` };
      parentMap[id] = i % 3 === 0 ? [] : [`model.streaming.m_${i - 1}`];
    }
    // Keys that are array indexes sort first in both the collection and its pieces.
    parentMap['42'] = [];
    parentMap['7'] = ['x'];
    manifest.parent_map = parentMap;
    const streamed = [...manifestJsonParts(manifest, 1714557600)].join('');
    assert.equal(streamed, JSON.stringify(toManifestJson(manifest, 1714557600)));
    assert.deepEqual(Object.keys(JSON.parse(streamed).parent_map).slice(0, 3), ['7', '42', 'model.streaming.m_0']);
  });

  it('writes a config holding a date as ISO text and leaves undefined members out', () => {
    const manifest = realisticManifest();
    const model = manifest.nodes['model.streaming.fct_watch']!;
    const begin = { isoformat: () => '2024-01-01T00:00:00' };
    model.config = { ...model.config, begin, unset: undefined } as never;
    const config = (toManifestJson(manifest, 1) as Json)['nodes']['model.streaming.fct_watch'].config;
    assert.equal(config.begin, '2024-01-01T00:00:00');
    assert.equal('unset' in config, false);
    assert.deepEqual(Object.keys(config).slice(0, 2), Object.keys(model.config).slice(0, 2));
  });

  it('names the file key of a generic test after its attached node', () => {
    const manifest = realisticManifest();
    const generic = manifest.nodes['test.streaming.not_null_fct_watch_user_id.5a1b2c']!;
    const keyOf = (attached: string) => {
      generic.attached_node = attached;
      return (toManifestJson(manifest, 1) as Json)['nodes'][generic.unique_id].file_key_name;
    };
    assert.equal(keyOf('model.streaming.fct_watch'), 'models.fct_watch');
    assert.equal(keyOf('model.streaming.fct_watch.v2'), 'models.fct_watch');
    assert.equal(keyOf('source.streaming.billing.payments'), 'sources.billing');
    assert.equal(keyOf('seed.streaming'), 'seeds.');
    assert.equal(keyOf('snapshot'), 'snapshots.');
  });

  it('writes target/manifest.json', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rh-manifest-'));
    try {
      await writeManifest(realisticManifest(), join(dir, 'target'));
      const written = JSON.parse(await readFile(join(dir, 'target', 'manifest.json'), 'utf8'));
      assert.ok(validate(written).valid);
      assert.ok(written.nodes['model.streaming.fct_watch']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
