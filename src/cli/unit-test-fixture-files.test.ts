// End to end: unit test fixtures read from any folder under tests/fixtures (names unique there),
// and fixture formats dbt refuses when the project is parsed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

const UNIT = `unit_tests:
  - name: laps_from_files
    model: lap_totals
    given:
      - input: ref('laps')
        format: csv
        fixture: practice_laps
    expect:
      format: csv
      fixture: expected_totals
`;

describe('unit test fixture files', () => {
  let dir = '';
  const statusOf = (): string | undefined =>
    readArtifact<{ results: { unique_id: string; status: string; message: string | null }[] }>(dir, 'run_results.json').results.find((r) => r.unique_id.endsWith('laps_from_files'))?.status;

  before(async () => {
    dir = await newProject('track');
    writeProjectFile(dir, 'models/laps.sql', 'select 1 as runner_id, 60 as seconds\n');
    writeProjectFile(dir, 'models/lap_totals.sql', "select runner_id, sum(seconds) as total_seconds from {{ ref('laps') }} group by runner_id\n");
    writeProjectFile(dir, 'models/unit.yml', UNIT);
    writeProjectFile(dir, 'tests/fixtures/inputs/practice_laps.csv', 'runner_id,seconds\n7,50\n7,55\n');
    writeProjectFile(dir, 'tests/fixtures/outputs/expected_totals.csv', 'runner_id,total_seconds\n7,105\n');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('fixtures in subfolders of tests/fixtures are found', async () => {
    await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(statusOf(), 'pass');
  });

  test('two fixture files with one name are an error naming both', async () => {
    writeProjectFile(dir, 'tests/fixtures/spare/practice_laps.csv', 'runner_id,seconds\n7,1\n');
    try {
      const run = await runCli(['test', '--project-dir', dir, '--profiles-dir', dir]);
      assert.equal(statusOf(), 'error');
      assert.match(run.out + run.err, /two fixtures with the name "practice_laps"/);
    } finally {
      rmSync(join(dir, 'tests/fixtures/spare'), { recursive: true });
    }
  });

  test('an unknown format, csv rows given as a list, or a missing fixture file fail the parse', async () => {
    writeProjectFile(dir, 'models/unit.yml', UNIT.replace('format: csv\n        fixture: practice_laps', 'format: tsv\n        fixture: practice_laps'));
    const unknown = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.err, /format 'tsv' is not one of 'dict', 'csv', 'sql'/);
    writeProjectFile(dir, 'models/unit.yml', UNIT.replace('fixture: practice_laps', 'rows:\n          - {runner_id: 7, seconds: 50}'));
    const listRows = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
    assert.notEqual(listRows.code, 0);
    assert.match(listRows.err, /rows of a fixture with format 'csv' must be CSV text/);
    writeProjectFile(dir, 'models/unit.yml', UNIT.replace('fixture: expected_totals', 'fixture: no_such_totals'));
    const missing = await runCli(['parse', ...['--project-dir', dir, '--profiles-dir', dir]]);
    assert.notEqual(missing.code, 0);
    assert.match(missing.err, /fixture file 'no_such_totals\.csv' not found/);
    writeProjectFile(dir, 'models/unit.yml', UNIT);
  });
});
