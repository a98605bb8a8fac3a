// End to end: manifest.json's build_path is where dbt's `write` put the SQL a node ran
// (target/run/<package>/<path>), set for the nodes this invocation ran and null for the others;
// the fields dbt's classes drop from artifacts are not written, though templates' graph has them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('kiln');
  writeProjectFile(dir, 'seeds/glazes.csv', 'glaze_id,name\n1,celadon\n');
  writeProjectFile(dir, 'models/pots.sql', "{{ config(materialized='table') }}\nselect glaze_id from {{ ref('glazes') }}\n");
  writeProjectFile(dir, 'models/shelves.sql', 'select 1 as shelf_id\n');
  writeProjectFile(dir, 'models/pots.yml', 'models:\n  - name: pots\n    columns:\n      - name: glaze_id\n        data_tests: [not_null]\n');
});
after(async () => rm(dir, { recursive: true, force: true }));

type Nodes = Record<string, { build_path: string | null }>;

test('build_path names the target/run file of each node the build ran, and stays null for the rest', async () => {
  const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir, '--exclude', 'shelves']);
  assert.equal(run.code, 0, run.out + run.err);
  const nodes = readArtifact<{ nodes: Nodes }>(dir, 'manifest.json').nodes;
  assert.equal(nodes['model.kiln.pots']?.build_path, 'target/run/kiln/models/pots.sql');
  assert.equal(nodes['seed.kiln.glazes']?.build_path, 'target/run/kiln/seeds/glazes.csv');
  const test = Object.entries(nodes).find(([id]) => id.startsWith('test.kiln.not_null_pots_glaze_id.'))?.[1];
  assert.equal(test?.build_path, 'target/run/kiln/models/pots.yml/not_null_pots_glaze_id.sql');
  assert.equal(nodes['model.kiln.shelves']?.build_path, null);
  const compile = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(compile.code, 0, compile.out + compile.err);
  assert.equal(readArtifact<{ nodes: Nodes }>(dir, 'manifest.json').nodes['model.kiln.pots']?.build_path, null);
});

test("manifest.json nodes leave out config_call_dict, unrendered_config_call_dict and defer_relation, as dbt's artifacts do; graph keeps them", async () => {
  writeProjectFile(dir, 'models/graph_keys.sql', "{% set n = graph.nodes['model.kiln.pots'] %}select '{{ n.config_call_dict is mapping }}-{{ 'defer_relation' in n }}' as seen\n");
  const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir, '-s', 'glazes', 'pots', 'graph_keys']);
  assert.equal(run.code, 0, run.out + run.err);
  const nodes = readArtifact<{ nodes: Record<string, Record<string, unknown>> }>(dir, 'manifest.json').nodes;
  for (const id of ['model.kiln.pots', 'seed.kiln.glazes', 'model.kiln.shelves']) {
    for (const key of ['config_call_dict', 'unrendered_config_call_dict', 'defer_relation']) assert.equal(key in nodes[id]!, false, `${id} ${key}`);
  }
  assert.match(String(nodes['model.kiln.graph_keys']?.['compiled_code']), /'True-True' as seen/u);
});
