// A unit test's run result as dbt's unit test runner builds it: a pass has no message and no
// failures, and a unit test whose query ran carries the adapter response dbt-duckdb gives it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readArtifact, runCli, withProjectFiles } from './test-helpers.js';

const PROJECT = {
  'dbt_project.yml': "name: reels\nversion: '1.0.0'\nprofile: reels\n",
  'profiles.yml': 'reels:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: reels.duckdb\n',
  'models/plays.sql': "select 1 as play_id, 'live' as kind",
  'models/plays_tests.yml': [
    'unit_tests:',
    '  - name: plays_are_live',
    '    model: plays',
    '    given: []',
    '    expect:',
    '      rows:',
    "        - {play_id: 1, kind: live}",
    '  - name: plays_are_vod',
    '    model: plays',
    '    given: []',
    '    expect:',
    '      rows:',
    "        - {play_id: 1, kind: vod}",
    '',
  ].join('\n'),
};

interface Result {
  unique_id: string;
  status: string;
  message: string | null;
  failures: number | null;
  adapter_response: Record<string, unknown>;
  timing: { name: string; started_at: string; completed_at: string }[];
}

test('a passing unit test records no message, a failing one its difference, both the adapter response {_message: OK}', async () => {
  await withProjectFiles(PROJECT, {}, async (dir) => {
    const run = await runCli(['test', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 1, `${run.out}\n${run.err}`);
    const results = readArtifact<{ results: Result[] }>(dir, 'run_results.json').results;
    const live = results.find((r) => r.unique_id === 'unit_test.reels.plays.plays_are_live')!;
    assert.deepEqual([live.status, live.message, live.failures, live.adapter_response], ['pass', null, 0, { _message: 'OK' }]);
    const vod = results.find((r) => r.unique_id === 'unit_test.reels.plays.plays_are_vod')!;
    assert.deepEqual([vod.status, vod.failures, vod.adapter_response], ['fail', 1, { _message: 'OK' }]);
    assert.match(vod.message ?? '', /actual differs from expected/);
    // Timed as any node: a compile step, then the execute step starting where it ended.
    for (const r of [live, vod]) {
      assert.deepEqual(r.timing.map((t) => t.name), ['compile', 'execute']);
      assert.equal(r.timing[1]!.started_at, r.timing[0]!.completed_at);
    }
  });
});
