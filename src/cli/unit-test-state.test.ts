// End to end: which unit tests a selection finds — those of disabled models are disabled with
// them, and state:modified sees a unit test whose fixture file changed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { listLines, newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

describe('unit test selection and state', () => {
  let dir = '';
  const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

  before(async () => {
    dir = await newProject('kiln');
    writeProjectFile(dir, 'models/firings.sql', 'select 1 as firing_id, 900 as temp_c\n');
    writeProjectFile(dir, 'models/hot_firings.sql', "select firing_id from {{ ref('firings') }} where temp_c > 1000\n");
    writeProjectFile(dir, 'models/retired_by_sql.sql', "{{ config(enabled=false) }}\nselect 1 as firing_id\n");
    writeProjectFile(dir, 'models/retired_by_yaml.sql', 'select 1 as firing_id\n');
    writeProjectFile(dir, 'models/retired.yml', 'models:\n  - name: retired_by_yaml\n    config:\n      enabled: false\n');
    writeProjectFile(dir, 'tests/fixtures/two_firings.csv', 'firing_id,temp_c\n1,1200\n2,800\n');
    writeProjectFile(dir, 'models/kiln_tests.yml', `unit_tests:
  - name: hot_from_file
    model: hot_firings
    given:
      - input: ref('firings')
        format: csv
        fixture: two_firings
    expect:
      rows: [{firing_id: 1}]
  - name: hot_inline
    model: hot_firings
    given:
      - input: ref('firings')
        rows: [{firing_id: 3, temp_c: 1100}]
    expect:
      rows: [{firing_id: 3}]
  - name: of_sql_disabled
    model: retired_by_sql
    given: []
    expect:
      rows: [{firing_id: 1}]
  - name: of_yaml_disabled
    model: retired_by_yaml
    given: []
    expect:
      rows: [{firing_id: 1}]
`);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('a unit test of a disabled model is disabled with it, not a parse error', async () => {
    assert.equal((await cli('run', '--select', 'firings')).code, 0);
    const run = await cli('test', '--select', 'test_type:unit');
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const units = await listLines(dir, '--resource-type', 'unit_test');
    assert.deepEqual(units.sort(), ['unit_test:kiln.hot_from_file', 'unit_test:kiln.hot_inline']);
    const manifest = readArtifact<{ unit_tests: Record<string, unknown>; disabled: Record<string, unknown[]> }>(dir, 'manifest.json');
    assert.deepEqual(Object.keys(manifest.unit_tests).sort(), ['unit_test.kiln.hot_firings.hot_from_file', 'unit_test.kiln.hot_firings.hot_inline']);
    assert.ok(manifest.disabled['unit_test.kiln.retired_by_sql.of_sql_disabled']);
    assert.ok(manifest.disabled['unit_test.kiln.retired_by_yaml.of_yaml_disabled']);
  });

  test('state:modified picks the unit tests whose fixture file changed', async () => {
    const parse = await cli('parse');
    assert.equal(parse.code, 0, parse.err);
    mkdirSync(join(dir, 'prod'), { recursive: true });
    copyFileSync(join(dir, 'target', 'manifest.json'), join(dir, 'prod', 'manifest.json'));
    const state = join(dir, 'prod');
    assert.deepEqual(await listLines(dir, '--select', 'state:modified', '--state', state), []);
    writeProjectFile(dir, 'tests/fixtures/two_firings.csv', 'firing_id,temp_c\n1,1200\n2,1300\n');
    assert.deepEqual(await listLines(dir, '--select', 'state:modified', '--state', state), ['unit_test:kiln.hot_from_file']);
  });
});

describe('unit tests under --defer', () => {
  let dir = '';
  const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

  before(async () => {
    dir = await newProject('glaze');
    writeProjectFile(dir, 'profiles.yml', [
      'glaze:',
      '  target: dev',
      '  outputs:',
      '    dev: {type: duckdb, path: glaze.duckdb, schema: dev_glaze}',
      '    prod: {type: duckdb, path: glaze.duckdb, schema: prod_glaze}',
      '',
    ].join('\n'));
    writeProjectFile(dir, 'models/pots.sql', "select 1 as pot_id, 'blue' as colour\n");
    writeProjectFile(dir, 'models/blue_pots.sql', "select pot_id from {{ ref('pots') }} where colour = 'blue'\n");
    writeProjectFile(dir, 'models/glaze_tests.yml', `unit_tests:
  - name: only_blue
    model: blue_pots
    given:
      - input: ref('pots')
        rows: [{pot_id: 5, colour: blue}, {pot_id: 6, colour: red}]
    expect:
      rows: [{pot_id: 5}]
  - name: none_given
    model: blue_pots
    given:
      - input: ref('pots')
        rows: []
    expect:
      rows: []
`);
    const prod = await cli('run', '--target', 'prod');
    assert.equal(prod.code, 0, prod.err);
    mkdirSync(join(dir, 'prod-state'), { recursive: true });
    copyFileSync(join(dir, 'target', 'manifest.json'), join(dir, 'prod-state', 'manifest.json'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("a deferred input reads the fixture, typed by the state relation's columns, not the production table", async () => {
    const run = await cli('test', '--defer', '--state', join(dir, 'prod-state'));
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const results = readArtifact<{ results: { unique_id: string; status: string }[] }>(dir, 'run_results.json').results;
    assert.deepEqual(results.map((r) => `${r.unique_id} ${r.status}`).sort(), [
      'unit_test.glaze.blue_pots.none_given pass',
      'unit_test.glaze.blue_pots.only_blue pass',
    ]);
  });
});
