// End to end: what dbt says when something depends on a disabled node. A model's ref to a
// disabled model is a compilation error (exit 2); a data test of a disabled source is disabled
// with it and dbt's InvalidDisabledTargetInTestNode warning, which --warn-error leaves a warning;
// dbt keeps such a test among the manifest's nodes, config.enabled false, and does not count it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('kennel');
  writeProjectFile(dir, 'models/dogs.sql', 'select 1 as dog_id\n');
  writeProjectFile(dir, 'models/retired_kennels.sql', '{{ config(enabled=false) }}\nselect 1 as kennel_id\n');
  writeProjectFile(dir, 'models/sources.yml', `sources:
  - name: intake
    schema: main
    tables:
      - name: arrivals
        config:
          enabled: false
        columns:
          - name: dog_id
            data_tests: [not_null]
`);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

test('a data test of a disabled source is disabled with a warning naming the source, even under --warn-error', async () => {
  const run = await cli('build', '--warn-error');
  assert.equal(run.code, 0, run.err);
  assert.match(run.out + run.err, /Test 'test\.kennel\.source_not_null_intake_arrivals_dog_id\.\w+' \(models\/sources\.yml\) depends on a source named 'intake\.arrivals' which is disabled/);
  // dbt disables it where it stands, among the nodes (config.enabled false), not under `disabled`.
  const manifest = readArtifact<{ nodes: Record<string, { config: { enabled: boolean } }>; disabled: Record<string, unknown[]> }>(dir, 'manifest.json');
  const testId = Object.keys(manifest.nodes).find((id) => id.startsWith('test.kennel.source_not_null_intake_arrivals_dog_id.'));
  assert.ok(testId, 'the test is listed among the nodes');
  assert.equal(manifest.nodes[testId]?.config.enabled, false);
  assert.ok(!Object.keys(manifest.disabled).some((id) => id.startsWith('test.')));
  assert.match(run.out, /Found 1 model, \d+ macros\n/);
});

test("a model's ref to a disabled model fails in dbt's words with exit code 2", async () => {
  writeProjectFile(dir, 'models/kennel_dogs.sql', "select * from {{ ref('retired_kennels') }}\n");
  const run = await cli('run');
  assert.equal(run.code, 2);
  assert.match(run.out + run.err, /Model 'model\.kennel\.kennel_dogs' \(models\/kennel_dogs\.sql\) depends on a node named 'retired_kennels' which is disabled/);
});
