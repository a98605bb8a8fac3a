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

  test('a .sql fixture file is read by the unit test and is not a singular data test', async () => {
    writeProjectFile(dir, 'tests/fixtures/sql/warmup_laps.sql', 'select 9 as runner_id, 70 as seconds union all select 9, 1\n');
    writeProjectFile(dir, 'models/warmup.yml', `unit_tests:
  - name: warmup_from_sql_file
    model: lap_totals
    given:
      - input: ref('laps')
        format: sql
        fixture: warmup_laps
    expect:
      rows: [{runner_id: 9, total_seconds: 71}]
`);
    try {
      const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
      assert.equal(run.code, 0, run.out + run.err);
      const results = readArtifact<{ results: { unique_id: string; status: string }[] }>(dir, 'run_results.json').results;
      assert.equal(results.find((r) => r.unique_id.endsWith('warmup_from_sql_file'))?.status, 'pass');
      assert.deepEqual(results.filter((r) => r.unique_id.startsWith('test.')), [], 'no data test made of the fixture file');
      // manifest.json holds the rows as dbt's parsed definition does: csv parsed into text
      // cells, a sql fixture file's text read in.
      type Fixture = { rows: unknown; format: string; fixture: string | null };
      const units = readArtifact<{ unit_tests: Record<string, { given: Fixture[]; expect: Fixture }> }>(dir, 'manifest.json').unit_tests;
      const fromFiles = units['unit_test.track.lap_totals.laps_from_files'];
      assert.deepEqual(fromFiles?.given[0], { input: "ref('laps')", rows: [{ runner_id: '7', seconds: '50' }, { runner_id: '7', seconds: '55' }], format: 'csv', fixture: 'practice_laps' });
      assert.deepEqual(fromFiles?.expect.rows, [{ runner_id: '7', total_seconds: '105' }]);
      assert.equal(units['unit_test.track.lap_totals.warmup_from_sql_file']?.given[0]?.rows, 'select 9 as runner_id, 70 as seconds union all select 9, 1');
    } finally {
      rmSync(join(dir, 'tests/fixtures/sql'), { recursive: true, force: true });
      rmSync(join(dir, 'models/warmup.yml'));
    }
  });

  test('two fixture files with one name fail the parse, naming both, even when no unit test uses them', async () => {
    writeProjectFile(dir, 'tests/fixtures/spare/practice_laps.csv', 'runner_id,seconds\n7,1\n');
    writeProjectFile(dir, 'tests/fixtures/a/cooldown.csv', 'runner_id\n1\n');
    writeProjectFile(dir, 'tests/fixtures/b/cooldown.sql', 'select 1 as runner_id\n');
    try {
      const used = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
      assert.equal(used.code, 2, used.out + used.err);
      assert.match(used.err, /two fixtures with the name "cooldown"|two fixtures with the name "practice_laps"/);
      rmSync(join(dir, 'tests/fixtures/spare'), { recursive: true });
      const unused = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir]);
      assert.equal(unused.code, 2, unused.out + unused.err);
      assert.match(unused.err, /two fixtures with the name "cooldown".*tests\/fixtures\/a\/cooldown\.csv.*tests\/fixtures\/b\/cooldown\.sql/);
      assert.match(unused.err, /b\/cooldown\.sql:1: /);
    } finally {
      rmSync(join(dir, 'tests/fixtures/spare'), { recursive: true, force: true });
      rmSync(join(dir, 'tests/fixtures/a'), { recursive: true, force: true });
      rmSync(join(dir, 'tests/fixtures/b'), { recursive: true, force: true });
    }
    const clean = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(clean.code, 0, clean.err);
  });

  test('dict rows that are not a list, or csv with neither rows nor fixture, fail the parse with the line', async () => {
    writeProjectFile(dir, 'models/unit.yml', UNIT.replace('format: csv\n        fixture: practice_laps', 'rows: "runner_id,seconds"'));
    const dictText = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(dictText.code, 2);
    assert.match(dictText.err, /unit\.yml:\d+: .*laps_from_files' has input rows which do not match format dict/);
    writeProjectFile(dir, 'models/unit.yml', UNIT.replace('format: csv\n      fixture: expected_totals', 'format: csv'));
    const noRows = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(noRows.code, 2);
    assert.match(noRows.err, /has expected rows or fixtures which do not match format csv/);
    writeProjectFile(dir, 'models/unit.yml', UNIT);
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
