// End to end: commands that compile the graph write target/graph_summary.json as dbt does:
// the invocation id and the linked graph as numbered nodes with their children's numbers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

interface Summary { _invocation_id: string; linked: Record<string, { name: string; type: string; succ?: number[] }> }

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelhouse-graph-summary-'));
  writeProjectFile(dir, 'dbt_project.yml', 'name: orchard\nprofile: orchard\n');
  writeProjectFile(dir, 'profiles.yml', 'orchard:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: orchard.duckdb\n');
  writeProjectFile(dir, 'seeds/trees.csv', 'tree_id,variety\n1,bramley\n2,cox\n');
  writeProjectFile(dir, 'models/pickings.sql', "select tree_id, variety from {{ ref('trees') }}\n");
  writeProjectFile(dir, 'models/schema.yml', 'models:\n  - name: pickings\n    columns:\n      - name: tree_id\n        data_tests: [unique]\n');
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('compile writes graph_summary.json with the invocation id and each node\'s children by number', async () => {
  const run = await cli('compile');
  assert.equal(run.code, 0, run.err);
  const summary = JSON.parse(readFileSync(join(dir, 'target', 'graph_summary.json'), 'utf8')) as Summary;
  const runResults = readArtifact<{ metadata: { invocation_id: string } }>(dir, 'run_results.json');
  assert.equal(summary._invocation_id, runResults.metadata.invocation_id);
  const entries = Object.entries(summary.linked);
  assert.deepEqual(entries.map(([k]) => k), entries.map((_, i) => String(i)));
  const number = (name: string) => Number(entries.find(([, n]) => n.name === name)?.[0]);
  const byName = Object.fromEntries(entries.map(([, n]) => [n.name, n]));
  const testId = entries.map(([, n]) => n.name).find((n) => n.startsWith('test.orchard.unique_pickings_tree_id.'));
  assert.ok(testId !== undefined);
  assert.deepEqual(byName['seed.orchard.trees'], { name: 'seed.orchard.trees', type: 'seed', succ: [number('model.orchard.pickings')] });
  assert.deepEqual(byName['model.orchard.pickings'], { name: 'model.orchard.pickings', type: 'model', succ: [number(testId)] });
  // A node without children carries no succ key.
  assert.deepEqual(byName[testId], { name: testId, type: 'test' });
});
