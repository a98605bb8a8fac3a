// End to end: `docs generate --select state:modified --state <dir>` compiles and catalogs the
// models changed since that manifest, as dbt's generate (a compile task) selects with state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, readArtifact, runCli, writeProjectFile } from '../test-helpers.js';

test('docs generate --state: state:modified selects the changed models for the compile and the catalog', async (t) => {
  const dir = await newProject('reels');
  t.after(() => rm(dir, { recursive: true, force: true }));
  writeProjectFile(dir, 'models/clips.sql', 'select 1 as clip_id\n');
  writeProjectFile(dir, 'models/cuts.sql', "select clip_id from {{ ref('clips') }}\n");
  const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal((await cli('run', '-q')).code, 0);
  await cp(join(dir, 'target'), join(dir, 'previous'), { recursive: true });
  writeProjectFile(dir, 'models/cuts.sql', "select clip_id, 'director' as cut from {{ ref('clips') }}\n");
  assert.equal((await cli('run', '-q')).code, 0);

  const run = await cli('docs', 'generate', '--select', 'state:modified', '--state', join(dir, 'previous'));
  assert.equal(run.code, 0, run.out + run.err);
  assert.deepEqual(Object.keys(readArtifact<{ nodes: object }>(dir, 'catalog.json').nodes), ['model.reels.cuts']);
  const results = readArtifact<{ results: { unique_id: string }[] }>(dir, 'run_results.json');
  assert.deepEqual(results.results.map((r) => r.unique_id), ['model.reels.cuts']);
});
