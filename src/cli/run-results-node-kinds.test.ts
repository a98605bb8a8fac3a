// End to end: what run_results.json says of each kind of node, as dbt writes it. A seed is no
// compiled resource (compiled, compiled_code and relation_name are null under every command),
// and compile times an execute step for each node though it executes nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { loadSchemaValidator } from '../run/artifacts/schema-validator.js';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

const validateRunResults = loadSchemaValidator('run-results/v6.json');

interface Entry {
  unique_id: string;
  status: string;
  compiled: boolean | null;
  compiled_code: string | null;
  relation_name: string | null;
  timing: { name: string }[];
}

describe('run_results.json entries by node kind', () => {
  let dir = '';
  const results = (): Map<string, Entry> => {
    const doc = readArtifact<{ results: Entry[] }>(dir, 'run_results.json');
    assert.equal(validateRunResults(doc).valid, true);
    return new Map(doc.results.map((r) => [r.unique_id, r]));
  };

  before(async () => {
    dir = await newProject('tally');
    writeProjectFile(dir, 'seeds/genres.csv', 'genre_id,genre\n1,drama\n2,comedy\n');
    writeProjectFile(dir, 'models/genre_count.sql', "select count(*) as n from {{ ref('genres') }}\n");
    writeProjectFile(dir, 'models/props.yml', 'version: 2\nmodels:\n  - name: genre_count\n    columns:\n      - name: n\n        data_tests: [not_null]\n');
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('seed: a seed result names no relation and no compilation', async () => {
    assert.equal((await runCli(['seed', '--project-dir', dir])).code, 0);
    const seed = results().get('seed.tally.genres')!;
    assert.equal(seed.status, 'success');
    assert.equal(seed.compiled, null);
    assert.equal(seed.compiled_code, null);
    assert.equal(seed.relation_name, null);
    assert.deepEqual(seed.timing.map((t) => t.name), ['compile', 'execute']);
  });

  test('compile: every node has compile and execute timings; only the seed lacks a compiled state', async () => {
    assert.equal((await runCli(['compile', '--project-dir', dir])).code, 0);
    const byId = results();
    assert.equal(byId.size, 3);
    for (const r of byId.values()) assert.deepEqual(r.timing.map((t) => t.name), ['compile', 'execute'], r.unique_id);
    const seed = byId.get('seed.tally.genres')!;
    assert.deepEqual([seed.compiled, seed.compiled_code, seed.relation_name], [null, null, null]);
    const model = byId.get('model.tally.genre_count')!;
    assert.equal(model.compiled, true);
    assert.match(model.relation_name ?? '', /genre_count/);
    const dataTest = [...byId.values()].find((r) => r.unique_id.startsWith('test.'))!;
    assert.equal(dataTest.compiled, true);
    assert.equal(dataTest.relation_name, null);
  });

  test('build: the seed result still names no relation; the model names its own', async () => {
    assert.equal((await runCli(['build', '--project-dir', dir])).code, 0);
    const byId = results();
    assert.equal(byId.get('seed.tally.genres')!.relation_name, null);
    assert.equal(byId.get('seed.tally.genres')!.compiled, null);
    assert.equal(byId.get('model.tally.genre_count')!.compiled, true);
    assert.match(byId.get('model.tally.genre_count')!.relation_name ?? '', /genre_count/);
  });
});
