// A data test's run result carries the adapter response of its query as dbt-duckdb reports it:
// only the message OK, whether the test passes, warns or fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readArtifact, runCli, withProjectFiles } from './test-helpers.js';

const PROJECT = {
  'dbt_project.yml': "name: reels\nversion: '1.0.0'\nprofile: reels\n",
  'profiles.yml': 'reels:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: reels.duckdb\n',
  'models/plays.sql': 'select 1 as play_id, null as title union all select 1, null',
  'models/plays.yml': [
    'version: 2',
    'models:',
    '  - name: plays',
    '    columns:',
    '      - name: play_id',
    '        data_tests: [not_null, unique]',
    '      - name: title',
    '        data_tests:',
    '          - not_null:',
    '              config: {severity: warn}',
    '',
  ].join('\n'),
};

interface Result {
  unique_id: string;
  status: string;
  adapter_response: Record<string, unknown>;
}

test('a passing, a failing and a warning data test each record the adapter response {_message: OK}', async () => {
  await withProjectFiles(PROJECT, {}, async (dir) => {
    const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 1, `${run.out}\n${run.err}`);
    const results = readArtifact<{ results: Result[] }>(dir, 'run_results.json').results.filter((r) => r.unique_id.startsWith('test.'));
    assert.deepEqual(results.map((r) => r.status).sort(), ['fail', 'pass', 'warn']);
    for (const r of results) assert.deepEqual(r.adapter_response, { _message: 'OK' }, r.unique_id);
  });
});
