// A project's own macros replace dbt's adapter macros behind adapter methods; config.get/require
// read custom keys from meta; seeds, snapshots and tests keep their own materialization; and
// config(enabled=true) has the last word over a node disabled in YAML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isReelhouseError } from '../../core/diagnostic.js';
import { loadProject } from '../load/index.js';
import { CLEAN_ENV, writeProject } from '../load/test-project.js';
import { createRenderer } from './index.js';
import { makeNode, makeProject, RENDER_OPTIONS } from './testing/make-project.js';

function compileLantern(code: string, extra: Parameters<typeof makeProject>[0] = {}, config: Record<string, unknown> = {}): string {
  const node = makeNode({ name: 'lantern', raw_code: code }, config);
  const project = makeProject({ ...extra, nodes: [node] });
  const renderer = createRenderer(project, RENDER_OPTIONS);
  const manifest = renderer.parse(project.manifest);
  return renderer.compile(manifest.nodes[node.unique_id]!, manifest);
}

const columnsCall = '{{ adapter.get_columns_in_relation(this) }}';

test('adapter.get_columns_in_relation runs the project macro of that name, which may call the built-in', () => {
  const macros = { 'cols.sql': "{% macro get_columns_in_relation(relation) %}{{ return(['wick'] + adapter.get_columns_in_relation(relation)) }}{% endmacro %}" };
  assert.equal(compileLantern(columnsCall, { macros }), "['wick']");
});

test("adapter.get_columns_in_relation runs a project's <adapter>__ macro, unless dispatch searches dbt alone", () => {
  const macros = { 'cols.sql': "{% macro duckdb__get_columns_in_relation(relation) %}{{ return('oil') }}{% endmacro %}" };
  assert.equal(compileLantern(columnsCall, { macros }), 'oil');
  assert.equal(compileLantern(columnsCall, { macros, dispatch: [{ macro_namespace: 'dbt', search_order: ['dbt'] }] }), '[]');
  const packageMacros = { glow_pkg: { 'cols.sql': "{% macro default__get_columns_in_relation(relation) %}{{ return('glow') }}{% endmacro %}" } };
  assert.equal(compileLantern(columnsCall, { packageMacros, dispatch: [{ macro_namespace: 'dbt', search_order: ['shop', 'glow_pkg', 'dbt'] }] }), 'glow');
});

test('adapter_macro() is a compilation error naming adapter.dispatch', () => {
  assert.throws(() => compileLantern("{{ adapter_macro('shine', 1) }}"), (e: unknown) => isReelhouseError(e) && /"adapter_macro" macro has been deprecated.*adapter\.dispatch.*shine/s.test(e.diagnostic.message));
});

test('config.get and config.require find a custom key in meta', () => {
  const config = { meta: { flame: 'blue' } };
  assert.equal(compileLantern("{{ config.get('flame', 'red') }}|{{ config.require('flame') }}|{{ config.get('smoke', 'none_here') }}", {}, config), 'blue|blue|none_here');
});

test('a seed configured as a table is rejected; config(enabled=true) overrides enabled: false from YAML', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: harbor_lights\nseeds:\n  +materialized: table\n',
    'seeds/buoys.csv': 'id\n1\n',
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    assert.throws(() => createRenderer(loaded, RENDER_OPTIONS).parse(loaded.manifest), /A seed must have a materialized value of 'seed', got 'table'/);
  } finally {
    await p.cleanup();
  }
  const q = await writeProject({
    'dbt_project.yml': 'name: harbor_lights\nmodels:\n  harbor_lights:\n    beacon:\n      +enabled: false\n',
    'models/beacon.sql': '{{ config(enabled=true) }}\nselect 1 as lamp',
    'models/props.yml': 'models:\n  - name: dimmer\n    config:\n      enabled: false\n',
    'models/dimmer.sql': 'select 2 as lamp',
  });
  try {
    const loaded = await loadProject({ projectDir: q.dir, env: CLEAN_ENV });
    assert.ok(loaded.manifest.disabled['model.harbor_lights.beacon'], 'disabled while loading');
    const manifest = createRenderer(loaded, RENDER_OPTIONS).parse(loaded.manifest);
    assert.ok(manifest.nodes['model.harbor_lights.beacon'], 'config() enables it again');
    assert.equal(manifest.disabled['model.harbor_lights.beacon'], undefined);
    assert.ok(manifest.disabled['model.harbor_lights.dimmer'] && !manifest.nodes['model.harbor_lights.dimmer']);
  } finally {
    await q.cleanup();
  }
});

test("a node's docs mirror its docs config from dbt_project.yml folders and from config()", async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: garden\nmodels:\n  garden:\n    +docs: {node_color: "#0a0a0a", show: false}\n    beds:\n      +docs: {node_color: olive, show: true}\n',
    'models/beds/tulips.sql': 'select 1 as stem',
    'models/roses.sql': "{{ config(docs={'node_color': 'crimson'}) }}\nselect 2 as stem",
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    const manifest = createRenderer(loaded, RENDER_OPTIONS).parse(loaded.manifest);
    assert.deepEqual(manifest.nodes['model.garden.tulips']!.docs, { show: true, node_color: 'olive' });
    assert.deepEqual(manifest.nodes['model.garden.roses']!.docs, { show: false, node_color: 'crimson' });
  } finally {
    await p.cleanup();
  }
});
