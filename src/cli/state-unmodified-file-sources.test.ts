// End to end: a project compared with its own manifest has nothing modified, including a source
// read from files (dbt-duckdb's external_location) and a unit test overriding a macro, whose
// manifest.json forms differ from the parsed ones (filled-in overrides). dbt-duckdb reads
// external_location from the source's meta or config when it names the relation: manifest.json's
// `external` stays the table's own property (null here), and as dbt compares sources by config,
// not meta, a location moved in meta is no change while one moved in config: is.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { listLines, newProject, queryDb, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

// The source read from files, at a location.
const sourcesYml = (location: string, key = 'meta') => `sources:
  - name: field_files
    ${key}:
      external_location: "${location}"
    tables:
      - name: harvests
`;

// The unit test, overriding is_incremental with a value.
const unitTestsYml = (isIncremental: boolean) => `unit_tests:
  - name: heavy_only
    model: heavy_trees
    overrides:
      macros:
        is_incremental: ${isIncremental}
    given:
      - input: source('field_files', 'harvests')
        rows: [{tree_id: 7, kg: 60}, {tree_id: 8, kg: 10}]
    expect:
      rows: [{tree_id: 7}]
`;

describe('state:modified against an unchanged project', () => {
  let dir = '';
  const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

  before(async () => {
    dir = await newProject('orchard');
    writeProjectFile(dir, 'data/harvests.csv', 'tree_id,kg\n1,40\n2,55\n');
    writeProjectFile(dir, 'models/sources.yml', sourcesYml('data/{name}.csv'));
    writeProjectFile(dir, 'models/heavy_trees.sql', "select tree_id from {{ source('field_files', 'harvests') }} where kg > 50\n");
    writeProjectFile(dir, 'models/heavy_tests.yml', unitTestsYml(false));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('neither the file source nor the unit test with overrides is modified', async () => {
    const parse = await cli('parse');
    assert.equal(parse.code, 0, parse.err);
    mkdirSync(join(dir, 'prod'), { recursive: true });
    copyFileSync(join(dir, 'target', 'manifest.json'), join(dir, 'prod', 'manifest.json'));
    const state = join(dir, 'prod');
    assert.deepEqual(await listLines(dir, '--select', 'state:modified', '--state', state), []);
    const manifest = readArtifact<{ sources: Record<string, { external: unknown; relation_name: string }> }>(dir, 'manifest.json');
    const harvests = manifest.sources['source.orchard.field_files.harvests']!;
    assert.equal(harvests.external, null);
    assert.match(harvests.relation_name, /data\/harvests\.csv'$/);
    // A changed override is seen; a location changed in meta is not, as in dbt.
    writeProjectFile(dir, 'models/sources.yml', sourcesYml('data/{name}_v2.csv'));
    writeProjectFile(dir, 'models/heavy_tests.yml', unitTestsYml(true));
    assert.deepEqual(await listLines(dir, '--select', 'state:modified', '--state', state), ['unit_test:orchard.heavy_only']);
  });

  test('the source reads the location its meta names now', async () => {
    writeProjectFile(dir, 'data/harvests_v2.csv', 'tree_id,kg\n9,70\n');
    writeProjectFile(dir, 'models/heavy_tests.yml', unitTestsYml(false));
    const run = await cli('run');
    assert.equal(run.code, 0, run.out + run.err);
    const [[rows]] = await queryDb(join(dir, 'orchard.duckdb'), 'select list(tree_id) from heavy_trees');
    assert.deepEqual(rows, [[9]]);
  });

  test('a location changed in config: is a change to the source', async () => {
    writeProjectFile(dir, 'models/sources.yml', sourcesYml('data/{name}.csv', 'config'));
    const parse = await cli('parse');
    assert.equal(parse.code, 0, parse.err);
    copyFileSync(join(dir, 'target', 'manifest.json'), join(dir, 'prod', 'manifest.json'));
    writeProjectFile(dir, 'models/sources.yml', sourcesYml('data/{name}_v2.csv', 'config'));
    assert.deepEqual(await listLines(dir, '--select', 'state:modified', '--state', join(dir, 'prod')), ['source:orchard.field_files.harvests']);
  });
});
