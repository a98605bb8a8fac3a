import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRenderer } from './index.js';
import { makeNode, makeProject, RENDER_OPTIONS } from './testing/make-project.js';

const KEYS = "{{ (model.keys() | sort | list) | join(',') }}";

test("model is the node's dict with its None fields left out and created_at, the config-call dicts and metrics in", () => {
  const node = makeNode({ name: 'kegs', raw_code: 'select 1 as id' });
  const project = makeProject({ nodes: [node] });
  const renderer = createRenderer(project, RENDER_OPTIONS);
  const manifest = renderer.parse(project.manifest);
  const parsed = manifest.nodes[node.unique_id]!;
  const keys = renderer.renderString(KEYS, parsed).split(',');
  for (const key of ['created_at', 'config_call_dict', 'unrendered_config_call_dict', 'metrics']) assert.ok(keys.includes(key), key);
  for (const key of ['batch', 'group', 'version', 'latest_version', 'deprecation_date', 'compiled', 'extra_ctes', 'extra_ctes_injected']) assert.ok(!keys.includes(key), key);
  assert.equal(renderer.renderString("{{ model.created_at is number }} {{ model.metrics }} {{ 'batch' in model }}", parsed), 'True [] False');
});

test('once compiled, model carries compiled, extra_ctes_injected and extra_ctes', () => {
  const node = makeNode({ name: 'casks', raw_code: 'select 1 as id' });
  const project = makeProject({ nodes: [node] });
  const renderer = createRenderer(project, RENDER_OPTIONS);
  const manifest = renderer.parse(project.manifest);
  const parsed = manifest.nodes[node.unique_id]!;
  parsed.compiled_code = renderer.compile(parsed, manifest);
  assert.equal(renderer.renderString('{{ model.compiled }} {{ model.extra_ctes_injected }} {{ model.extra_ctes }}', parsed), 'True True []');
});

test("a column's None fields (data_type, quote) are left out of model.columns", () => {
  const node = makeNode({ name: 'vats', raw_code: 'select 1 as id' });
  (node as { columns: Record<string, unknown> }).columns = { id: { name: 'id', description: '', data_type: null, quote: null, meta: {}, tags: [], constraints: [] } };
  const project = makeProject({ nodes: [node] });
  const renderer = createRenderer(project, RENDER_OPTIONS);
  const manifest = renderer.parse(project.manifest);
  assert.equal(renderer.renderString("{{ 'data_type' in model.columns.id }} {{ 'quote' in model.columns.id }} {{ model.columns.id.name }}", manifest.nodes[node.unique_id]!), 'False False id');
});

test("a model's primary_key is empty while the project parses and the renderer's inferred key once it runs", () => {
  const node = makeNode({ name: 'barrels', raw_code: "{% do log('parse ' ~ model.primary_key) if not execute %}{{ model.primary_key }}" });
  const project = makeProject({ nodes: [node] });
  const renderer = createRenderer(project, { ...RENDER_OPTIONS, primaryKey: (model) => [`${model.name}_id`] });
  const manifest = renderer.parse(project.manifest);
  assert.equal(renderer.compile(manifest.nodes[node.unique_id]!, manifest), "['barrels_id']");
  const withoutKeys = createRenderer(project, RENDER_OPTIONS);
  assert.equal(withoutKeys.compile(manifest.nodes[node.unique_id]!, manifest), '[]');
});

test("the config's own None fields are left out of model.config, a None the project set on a key of its own stays", () => {
  const node = makeNode({ name: 'hoops', raw_code: 'select 1' }, { alias: null, unique_key: null, cooper: null });
  const project = makeProject({ nodes: [node] });
  const renderer = createRenderer(project, RENDER_OPTIONS);
  const manifest = renderer.parse(project.manifest);
  const out = renderer.renderString("{{ 'alias' in model.config }} {{ 'unique_key' in model.config }} {{ 'cooper' in model.config }} {{ model.config.materialized }}", manifest.nodes[node.unique_id]!);
  assert.equal(out, 'False False True view');
});
