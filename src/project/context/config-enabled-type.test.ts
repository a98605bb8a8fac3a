// `enabled` must be a boolean wherever it is set: config(enabled='false') in a model, or a quoted
// string in a properties file, is an error naming the node, not a node left silently enabled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRenderer } from './index.js';
import { makeNode, makeProject, RENDER_OPTIONS } from './testing/make-project.js';
import { loadProject } from '../load/index.js';
import { CLEAN_ENV, writeProject } from '../load/test-project.js';

test("config(enabled='false') with the value quoted is rejected; a boolean or a var's boolean is kept", () => {
  const quoted = makeNode({ name: 'kiln_temps', raw_code: "{{ config(enabled = 'false') }}\nselect 1 as degrees" });
  const project = makeProject({ nodes: [quoted] });
  assert.throws(
    () => createRenderer(project, RENDER_OPTIONS).parse(project.manifest),
    /Invalid config for model 'kiln_temps': enabled: 'false' is not of type 'boolean'/,
  );

  const plain = makeNode({ name: 'kiln_loads', raw_code: "{{ config(enabled = false) }}\nselect 1 as pots" });
  const viaVar = makeNode({ name: 'kiln_fires', raw_code: "{{ config(enabled = var('fires_on', true)) }}\nselect 1 as n" });
  const ok = makeProject({ nodes: [plain, viaVar] });
  const manifest = createRenderer(ok, RENDER_OPTIONS).parse(ok.manifest);
  assert.equal(manifest.nodes['model.shop.kiln_loads']?.config.enabled, false);
  assert.equal(manifest.nodes['model.shop.kiln_fires']?.config.enabled, true);
});

test('a properties file enabled: given as quoted text is rejected at load', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: pottery\n',
    'models/glazes.sql': 'select 1 as id',
    'models/props.yml': "models:\n  - name: glazes\n    config:\n      enabled: 'no'\n",
  });
  try {
    await assert.rejects(loadProject({ projectDir: p.dir, env: CLEAN_ENV }), /Invalid config for model 'glazes': enabled: 'no' is not of type 'boolean'/);
  } finally {
    await p.cleanup();
  }
});
