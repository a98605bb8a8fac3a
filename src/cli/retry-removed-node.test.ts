// End to end: `retry` after the failed node was deleted from the project builds nothing, as
// dbt's retry (which selects the failed nodes by id) does, rather than the whole project.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDb, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelhouse-retry-removed-'));
  writeProjectFile(dir, 'dbt_project.yml', 'name: quarry\nprofile: quarry\n');
  writeProjectFile(dir, 'profiles.yml', 'quarry:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: quarry.duckdb\n');
  writeProjectFile(dir, 'models/blocks.sql', 'select 1 as block_id\n');
  writeProjectFile(dir, 'models/slabs.sql', 'select 2 as slab_id\n');
  writeProjectFile(dir, 'models/cracked.sql', 'select * from no_such_quarry_table\n');
});
after(() => rm(dir, { recursive: true, force: true }));

test('retry finds nothing to do when the failed model no longer exists', async () => {
  assert.equal((await cli('run', '--select', 'blocks', 'cracked')).code, 1);
  rmSync(join(dir, 'models', 'cracked.sql'));
  const retry = await cli('retry');
  assert.equal(retry.code, 0, `${retry.out}\n${retry.err}`);
  assert.match(`${retry.out}\n${retry.err}`, /Nothing to do/);
  assert.deepEqual(readArtifact<{ results: unknown[] }>(dir, 'run_results.json').results, []);
  const [slabs] = await queryDb(join(dir, 'quarry.duckdb'), "select count(*)::int from information_schema.tables where table_name = 'slabs'");
  assert.deepEqual(slabs, [[0]], 'slabs was never selected and stays unbuilt');
});
