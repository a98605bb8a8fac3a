// End to end: a model version written as a float (`v: 5.0`) keeps its text as in dbt, so the
// node is `model.pkg.name.v5.0` and `ref('name', v=5.0)` or `version: 5.0` find it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listLines, queryDb, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

describe('float model versions', () => {
  let dir = '';

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-float-versions-'));
    writeProjectFile(dir, 'dbt_project.yml', "name: fleet\nversion: '1.0.0'\nprofile: fleet\n");
    writeProjectFile(dir, 'profiles.yml', 'fleet:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: fleet.duckdb\n');
    writeProjectFile(dir, 'models/boats_v4.sql', "select 4 as generation, 'old' as hull\n");
    writeProjectFile(dir, 'models/boats_v5.0.sql', "select 5 as generation, 'new' as hull\n");
    writeProjectFile(dir, 'models/boats_v6.sql', "select 6 as generation, 'next' as hull\n");
    writeProjectFile(dir, 'models/pinned.sql', "select generation, hull from {{ ref('boats', v=5.0) }}\n");
    writeProjectFile(dir, 'models/pinned_by_name.sql', "select generation from {{ ref('boats', version='5.0') }}\n");
    writeProjectFile(dir, 'models/latest.sql', "select generation from {{ ref('boats') }}\n");
    writeProjectFile(
      dir,
      'models/boats.yml',
      'version: 2\nmodels:\n  - name: boats\n    latest_version: 5.0\n    versions:\n      - v: 4\n      - v: 5.0\n      - {v: 6}\n',
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('the version keeps its .0 in ids and names, and refs to it resolve', async () => {
    const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir, '-q']);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const manifest = readArtifact(dir, 'manifest.json') as { nodes: Record<string, { version: unknown; latest_version: unknown; depends_on: { nodes: string[] } }> };
    const boats = manifest.nodes['model.fleet.boats.v5.0'];
    assert.ok(boats, `versions: ${Object.keys(manifest.nodes).join(', ')}`);
    assert.equal(String(boats.version), '5.0');
    assert.equal(String(boats.latest_version), '5.0');
    assert.ok(manifest.nodes['model.fleet.boats.v4'] && manifest.nodes['model.fleet.boats.v6']);
    assert.deepEqual(manifest.nodes['model.fleet.pinned']!.depends_on.nodes, ['model.fleet.boats.v5.0']);
    assert.deepEqual(manifest.nodes['model.fleet.pinned_by_name']!.depends_on.nodes, ['model.fleet.boats.v5.0']);
    // latest_version: 5.0 is the one an unpinned ref reads.
    assert.deepEqual(manifest.nodes['model.fleet.latest']!.depends_on.nodes, ['model.fleet.boats.v5.0']);
    const [pinned, latest] = await queryDb(join(dir, 'fleet.duckdb'), 'select generation, hull from main.pinned', 'select generation from main.latest');
    assert.deepEqual(pinned, [[5, 'new']]);
    assert.deepEqual(latest, [[5]]);
    assert.deepEqual(await listLines(dir, '-s', 'boats.v5.0'), ['fleet.boats.v5.0']);
  });
});
