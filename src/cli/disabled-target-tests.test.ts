// End to end: data tests whose ref cannot be resolved (the model is disabled, or nothing has that
// name) are disabled as dbt disables them: config.enabled false where they stand, among the
// manifest's nodes with the parents that did resolve, left out of the Found line and the run.
// A test disabled by its own config is listed under `disabled`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

interface ManifestNode {
  config: { enabled: boolean };
  depends_on: { nodes: string[] };
}
interface Manifest {
  nodes: Record<string, ManifestNode>;
  disabled: Record<string, unknown[]>;
  parent_map: Record<string, string[]>;
  child_map: Record<string, string[]>;
}

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

before(async () => {
  dir = await newProject('orchard');
  writeProjectFile(dir, 'models/trees.sql', 'select 1 as tree_id\n');
  writeProjectFile(dir, 'models/felled.sql', '{{ config(enabled=false) }}\nselect 1 as tree_id\n');
  writeProjectFile(dir, 'models/schema.yml', `models:
  - name: trees
    columns:
      - name: tree_id
        data_tests:
          - unique
          - relationships:
              to: ref('felled')
              field: tree_id
          - not_null:
              config:
                enabled: false
  - name: felled
    columns:
      - name: tree_id
        data_tests: [unique]
  - name: saplings
    columns:
      - name: tree_id
        data_tests: [not_null]
`);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const idOf = (ids: string[], prefix: string): string => {
  const id = ids.find((i) => i.startsWith(prefix));
  assert.ok(id, `no ${prefix}* in ${ids.join(', ')}`);
  return id;
};

test('tests of a disabled or missing model stay among the nodes, disabled, and are neither counted nor run', async () => {
  const run = await cli('build');
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /Found 1 model, 1 test, \d+ macros\n/);
  assert.match(run.out, /Done\. PASS=2 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=2/);
  assert.match(run.out + run.err, /Test 'test\.orchard\.not_null_saplings_tree_id\.\w+' \(models\/schema\.yml\) depends on a node named 'saplings' in package '' which was not found/);

  const manifest = readArtifact<Manifest>(dir, 'manifest.json');
  const ids = Object.keys(manifest.nodes);
  const toFelled = idOf(ids, 'test.orchard.relationships_trees_tree_id__tree_id__ref_felled_.');
  const ofFelled = idOf(ids, 'test.orchard.unique_felled_tree_id.');
  const ofSaplings = idOf(ids, 'test.orchard.not_null_saplings_tree_id.');
  for (const id of [toFelled, ofFelled, ofSaplings]) assert.equal(manifest.nodes[id]!.config.enabled, false, id);
  assert.equal(manifest.nodes[idOf(ids, 'test.orchard.unique_trees_tree_id.')]!.config.enabled, true);
  // The ref that resolved stays a parent of the disabled test, in its depends_on and in both maps.
  assert.deepEqual(manifest.nodes[toFelled]!.depends_on.nodes, ['model.orchard.trees']);
  assert.deepEqual(manifest.parent_map[toFelled], ['model.orchard.trees']);
  assert.ok(manifest.child_map['model.orchard.trees']!.includes(toFelled));
  assert.deepEqual(manifest.child_map[ofSaplings], []);

  const disabled = Object.keys(manifest.disabled);
  assert.ok(disabled.includes('model.orchard.felled'));
  idOf(disabled, 'test.orchard.not_null_trees_tree_id.');
  assert.ok(!disabled.some((id) => [toFelled, ofFelled, ofSaplings].includes(id)));
});

test('ls lists no disabled test', async () => {
  const run = await cli('ls', '--resource-type', 'test', '-q');
  assert.equal(run.code, 0, run.err);
  assert.deepEqual(run.out.trim().split('\n'), ['orchard.unique_trees_tree_id']);
});
