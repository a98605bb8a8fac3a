// End to end: a project compared with its own manifest has nothing modified, including a source
// read from files (dbt-duckdb's external_location) and a unit test overriding a macro, whose
// manifest.json forms differ from the parsed ones (`external: {location}`, filled-in overrides).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { listLines, newProject, runCli, writeProjectFile } from './test-helpers.js';

// The source read from files, at a location.
const sourcesYml = (location: string) => `sources:
  - name: field_files
    meta:
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
    // A changed location and a changed override are still seen.
    writeProjectFile(dir, 'models/sources.yml', sourcesYml('data/{name}_v2.csv'));
    writeProjectFile(dir, 'models/heavy_tests.yml', unitTestsYml(true));
    assert.deepEqual((await listLines(dir, '--select', 'state:modified', '--state', state)).sort(), [
      'source:orchard.field_files.harvests',
      'unit_test:orchard.heavy_only',
    ]);
  });
});
