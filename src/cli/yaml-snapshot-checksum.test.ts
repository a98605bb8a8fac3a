// End to end: a snapshot defined in YAML takes its YAML file's checksum, as dbt gives the node it
// builds from that file, so manifest.json carries the file's sha256 and any edit of the file (here
// a description of another entry) makes the snapshot state:modified, while the unchanged file does not.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { listLines, newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

const YAML = `snapshots:
  - name: depot_history
    relation: ref('depots')
    config:
      unique_key: id
      strategy: check
      check_cols: all
models:
  - name: depots
`;

let dir = '';
before(async () => {
  dir = await newProject('yard');
  writeProjectFile(dir, 'models/depots.sql', 'select 1 as id\n');
  writeProjectFile(dir, 'snapshots/history.yml', `\n${YAML}\n`);
  const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  cpSync(join(dir, 'target'), join(dir, 'base-state'), { recursive: true });
});
after(() => rm(dir, { recursive: true, force: true }));

test("a YAML snapshot's checksum is its YAML file's (stripped, as dbt hashes files)", () => {
  const nodes = readArtifact<{ nodes: Record<string, { checksum: { name: string; checksum: string } }> }>(dir, 'manifest.json').nodes;
  const text = readFileSync(join(dir, 'snapshots/history.yml'), 'utf8').trim();
  assert.deepEqual(nodes['snapshot.yard.depot_history']?.checksum, { name: 'sha256', checksum: createHash('sha256').update(text).digest('hex') });
});

test('an edit anywhere in its YAML file makes the YAML snapshot state:modified', async () => {
  const modified = (): Promise<string[]> => listLines(dir, '-s', 'state:modified', '--state', join(dir, 'base-state'), '--resource-type', 'snapshot');
  assert.deepEqual(await modified(), []);
  writeProjectFile(dir, 'snapshots/history.yml', `${YAML}    description: the depots\n`);
  assert.deepEqual(await modified(), ['yard.depot_history']);
});
