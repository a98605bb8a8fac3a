// End to end: a model whose inlined ephemeral model fails to compile is skipped with the
// ephemeral's error as its cause, and the run fails, as dbt reports it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);
type Results = { results: { unique_id: string; status: string; message: string | null }[] };

before(async () => {
  dir = await newProject('quarry');
  writeProjectFile(dir, 'models/staging/stones.sql', "{{ config(materialized='ephemeral') }}\nselect 1 as stone_id, 'granite' as rock\n");
  // Fails at compile: the adapter has no such method.
  writeProjectFile(dir, 'models/staging/polished.sql', "{{ config(materialized='ephemeral') }}\n{{ adapter.polish_every_stone() }}\nselect * from {{ ref('stones') }}\n");
  writeProjectFile(dir, 'models/display.sql', "select * from {{ ref('polished') }}\n");
  writeProjectFile(dir, 'models/showcase.sql', "select * from {{ ref('display') }}\n");
  writeProjectFile(dir, 'models/inventory.sql', "select count(*) as stones from {{ ref('stones') }}\n");
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('the dependent of a failing ephemeral model is skipped with its cause; the run exits 1; others build', async () => {
  const run = await cli('run');
  assert.equal(run.code, 1, run.out);
  const results = new Map(readArtifact<Results>(dir, 'run_results.json').results.map((r) => [r.unique_id, r]));
  assert.equal(results.get('model.quarry.inventory')?.status, 'success');
  const display = results.get('model.quarry.display');
  assert.equal(display?.status, 'skipped');
  assert.equal(display?.message, 'Compilation Error in model.quarry.display, caused by compilation error in referenced ephemeral model model.quarry.polished');
  const text = `${run.out}\n${run.err}`;
  // As dbt: no START line for the skipped node, and the ephemeral model's own failure right under its skip line.
  assert.doesNotMatch(text, /START sql view model main\.display/);
  assert.match(text, /SKIP relation main\.display due to ephemeral model error .*\[ERROR SKIP\]\n\d\d:\d\d:\d\d  Failure in model polished \(models\/staging\/polished\.sql\)\n\d\d:\d\d:\d\d    Compilation Error in model polished \(models\/staging\/polished\.sql\)\n.*polish_every_stone/);
  // dbt's run marks every node below the ephemeral model with it as the cause (the skipped node passes no mark on).
  assert.equal(results.get('model.quarry.showcase')?.message, 'Compilation Error in model.quarry.showcase, caused by compilation error in referenced ephemeral model model.quarry.polished');
  assert.match(text, /SKIP relation main\.showcase due to ephemeral model error .*\[ERROR SKIP\]\n\d\d:\d\d:\d\d  Failure in model polished \(models\/staging\/polished\.sql\)\n/);
  assert.match(text, /Completed with 2 errors/);
  assert.match(text, /Done\. PASS=1 WARN=0 ERROR=0 SKIP=2 NO-OP=0 TOTAL=3/);

  const compile = await cli('compile', '--select', 'display');
  assert.equal(compile.code, 2);
  assert.match(`${compile.out}\n${compile.err}`, /Encountered an error:\n.*Runtime Error\n.*  Compilation Error in model\.quarry\.display, caused by/);

  // Once the ephemeral model is fixed, retry builds the skipped model.
  writeProjectFile(dir, 'models/staging/polished.sql', "{{ config(materialized='ephemeral') }}\nselect * from {{ ref('stones') }}\n");
  const retry = await cli('retry');
  assert.equal(retry.code, 0, retry.out);
  assert.deepEqual(readArtifact<Results>(dir, 'run_results.json').results.map((r) => [r.unique_id, r.status]), [['model.quarry.display', 'success']]);
});
