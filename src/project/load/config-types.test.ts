// Configs whose value dbt's NodeConfig schema types: persist_docs must be a mapping and
// full_refresh a boolean wherever they are set, or the node is refused at parse, naming it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRenderer } from '../context/index.js';
import { makeNode, makeProject, RENDER_OPTIONS } from '../context/testing/make-project.js';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

test("persist_docs: true in dbt_project.yml or a properties file is refused, not read as documenting nothing", async () => {
  const variants: Record<string, string>[] = [
    { 'dbt_project.yml': 'name: pottery\nmodels:\n  +persist_docs: true\n' },
    { 'dbt_project.yml': 'name: pottery\n', 'models/props.yml': 'models:\n  - name: glazes\n    config:\n      persist_docs: true\n' },
  ];
  for (const files of variants) {
    const p = await writeProject({ ...files, 'models/glazes.sql': 'select 1 as id' });
    try {
      await assert.rejects(loadProject({ projectDir: p.dir, env: CLEAN_ENV }), /Invalid config for model 'glazes': persist_docs: true is not of type 'object'/);
    } finally {
      await p.cleanup();
    }
  }
});

test("config(full_refresh='false') with the value quoted is refused; a boolean is kept", () => {
  const quoted = makeNode({ name: 'kiln_log', raw_code: "{{ config(materialized='incremental', full_refresh='false') }}\nselect 1 as n" });
  const project = makeProject({ nodes: [quoted] });
  assert.throws(() => createRenderer(project, RENDER_OPTIONS).parse(project.manifest), /Invalid config for model 'kiln_log': full_refresh: 'false' is not of type 'boolean'/);

  const plain = makeNode({ name: 'kiln_runs', raw_code: "{{ config(materialized='incremental', full_refresh=false, persist_docs={'relation': true}) }}\nselect 1 as n" });
  const ok = makeProject({ nodes: [plain] });
  assert.equal(createRenderer(ok, RENDER_OPTIONS).parse(ok.manifest).nodes['model.shop.kiln_runs']?.config['full_refresh'], false);
});
