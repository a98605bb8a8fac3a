// End to end: a unit test of a versioned model runs once per version (`<name>_v<N>`), as dbt
// expands it; versions: include/exclude choose the versions, and never both at once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

const unitYaml = (versions: string) => `unit_tests:
  - name: doubles_points
    model: scores
${versions}    given:
      - input: ref('raw_scores')
        rows:
          - {player: 1, points: 4}
    expect:
      rows:
        - {player: 1, doubled: 8}
`;

describe('unit tests of a versioned model', () => {
  let dir = '';
  const args = () => ['--project-dir', dir, '--profiles-dir', dir];
  const ran = (): string[] =>
    readArtifact<{ results: { unique_id: string; status: string }[] }>(dir, 'run_results.json').results.map((r) => `${r.unique_id} ${r.status}`).sort();

  before(async () => {
    dir = await newProject('league');
    writeProjectFile(dir, 'models/raw_scores.sql', 'select 1 as player, 3 as points\n');
    writeProjectFile(dir, 'models/scores_v1.sql', "select player, points * 2 as doubled from {{ ref('raw_scores') }}\n");
    // Version 2 doubles wrongly: its unit test fails, so each version is tested against its own SQL.
    writeProjectFile(dir, 'models/scores_v2.sql', "select player, points + 2 as doubled from {{ ref('raw_scores') }}\n");
    writeProjectFile(dir, 'models/scores.yml', 'models:\n  - name: scores\n    latest_version: 1\n    versions:\n      - v: 1\n      - v: 2\n');
    // dbt types the fixture rows by the input's table, so the input is built first.
    assert.equal((await runCli(['run', '--select', 'raw_scores', ...args()])).code, 0);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('without versions: one unit test per version, each against its version', async () => {
    writeProjectFile(dir, 'models/unit.yml', unitYaml(''));
    const run = await runCli(['test', ...args()]);
    assert.deepEqual(ran(), ['unit_test.league.scores.doubles_points_v1 pass', 'unit_test.league.scores.doubles_points_v2 fail']);
    // Each copy keeps the test's name and fqn and carries its version; the run's lines, the
    // compiled file and ls name the copy.
    const units = readArtifact<{ unit_tests: Record<string, { name: string; version: unknown; fqn: string[] }> }>(dir, 'manifest.json').unit_tests;
    const v2 = units['unit_test.league.scores.doubles_points_v2'];
    assert.deepEqual([v2?.name, v2?.version, v2?.fqn], ['doubles_points', 2, ['league', 'scores', 'doubles_points']]);
    assert.match(run.out, /START unit_test scores::doubles_points_v2 /);
    assert.match(run.out, /Failure in unit_test doubles_points_v2 \(models\/unit\.yml\)/);
    assert.match(run.out, /compiled code at target\/compiled\/league\/models\/unit\.yml\/models\/doubles_points_v2\.sql/);
    const ls = await runCli(['ls', '--resource-type', 'unit_test', '--select', 'doubles_points', ...args()]);
    assert.deepEqual(ls.out.split('\n').filter((l) => l.startsWith('unit_test:')).sort(), ['unit_test:league.doubles_points_v1', 'unit_test:league.doubles_points_v2']);
  });

  test('include and exclude pick versions; both at once fail the parse', async () => {
    writeProjectFile(dir, 'models/unit.yml', unitYaml('    versions:\n      exclude: [2]\n'));
    await runCli(['test', ...args()]);
    assert.deepEqual(ran(), ['unit_test.league.scores.doubles_points_v1 pass']);
    writeProjectFile(dir, 'models/unit.yml', unitYaml('    versions:\n      include: [2]\n'));
    await runCli(['test', ...args()]);
    assert.deepEqual(ran(), ['unit_test.league.scores.doubles_points_v2 fail']);
    // The manifest keeps the versions: lists on the copy, as dbt's definition does.
    const units = readArtifact<{ unit_tests: Record<string, { versions: unknown }> }>(dir, 'manifest.json').unit_tests;
    assert.deepEqual(units['unit_test.league.scores.doubles_points_v2']?.versions, { include: [2], exclude: null });
    writeProjectFile(dir, 'models/unit.yml', unitYaml('    versions:\n      include: [1]\n      exclude: [2]\n'));
    const both = await runCli(['parse', ...args()]);
    assert.notEqual(both.code, 0);
    assert.match(both.err, /cannot have both 'include' and 'exclude'/);
  });

  test("a versioned copy's runtime error is headed by the copy's name, its message names the test", async () => {
    writeProjectFile(dir, 'models/unit.yml', unitYaml('    versions:\n      include: [2]\n').replace('{player: 1, points: 4}', "{player: 1, points: 'four'}"));
    const run = await runCli(['test', ...args()]);
    assert.equal(run.code, 1);
    assert.match(run.out, /Runtime Error in unit_test doubles_points_v2 \(models\/unit\.yml\)\n\s+An error occurred during execution of unit test 'doubles_points'\./);
  });

  test("versions naming no version of the model, or any of an unversioned one, fail the parse in dbt's words", async () => {
    writeProjectFile(dir, 'models/unit.yml', unitYaml('    versions:\n      include: [7]\n'));
    const none = await runCli(['parse', ...args()]);
    assert.equal(none.code, 2);
    assert.match(none.err, /Unit test 'doubles_points' referenced a version of 'scores' which was not found\./);
    writeProjectFile(dir, 'models/unit.yml', unitYaml('    versions:\n      include: [1]\n').replace('model: scores', 'model: raw_scores'));
    const plain = await runCli(['parse', ...args()]);
    assert.equal(plain.code, 2);
    assert.match(plain.err, /Unit test 'doubles_points' should not have a versions include or exclude when referencing non-versioned model 'raw_scores'/);
    writeProjectFile(dir, 'models/unit.yml', 'unit_tests: []\n');
  });

  test('an input ref with version= stands for that version, which the model reads, not its table', async () => {
    writeProjectFile(dir, 'models/unit.yml', 'unit_tests: []\n');
    writeProjectFile(dir, 'models/leaders.sql', "select player from {{ ref('scores', version=2) }} where doubled > 10\n");
    const build = await runCli(['run', ...args()]);
    assert.equal(build.code, 0, build.err);
    writeProjectFile(dir, 'models/leaders_unit.yml', `unit_tests:
  - name: top_players
    model: leaders
    given:
      - input: ref('scores', version=2)
        rows: [{player: 7, doubled: 30}, {player: 8, doubled: 4}]
    expect:
      rows: [{player: 7}]
`);
    try {
      const run = await runCli(['test', '--select', 'leaders', ...args()]);
      assert.equal(run.code, 0, `${run.out}\n${run.err}`);
      assert.deepEqual(ran(), ['unit_test.league.leaders.top_players pass']);
    } finally {
      rmSync(join(dir, 'models/leaders_unit.yml'));
    }
  });
});
