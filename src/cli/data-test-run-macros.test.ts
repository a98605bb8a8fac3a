// dbt runs a data test's materialization with no macro stack, so the macros that materialization
// calls (get_limit_subquery_sql, should_store_failures, statement) are listed in the test's
// depends_on.macros in the manifest written after the test ran, and only then: a compile lists
// the test macro and get_where_subquery alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readArtifact, runCli, withProjectFiles } from './test-helpers.js';

const PROJECT = {
  'dbt_project.yml': "name: reels\nversion: '1.0.0'\nprofile: reels\n",
  'profiles.yml': 'reels:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: reels.duckdb\n',
  'models/plays.sql': "select 1 as play_id, 'live' as kind",
  'models/plays.yml': [
    'version: 2',
    'models:',
    '  - name: plays',
    '    columns:',
    '      - name: play_id',
    '        data_tests: [unique]',
    '      - name: kind',
    '        data_tests:',
    '          - accepted_values:',
    '              arguments:',
    "                values: ['live', 'vod']",
    '',
  ].join('\n'),
};

type Nodes = Record<string, { resource_type: string; name: string; depends_on: { macros: string[] } }>;

function testMacros(dir: string): Record<string, string[]> {
  const nodes = readArtifact<{ nodes: Nodes }>(dir, 'manifest.json').nodes;
  const out: Record<string, string[]> = {};
  for (const node of Object.values(nodes)) if (node.resource_type === 'test') out[node.name] = node.depends_on.macros;
  return out;
}

test("after a data test runs, the manifest lists the macros its materialization called among the test's own", async () => {
  await withProjectFiles(PROJECT, {}, async (dir) => {
    const compiled = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(compiled.code, 0, `${compiled.out}\n${compiled.err}`);
    assert.deepEqual(testMacros(dir)['unique_plays_play_id'], ['macro.dbt.test_unique', 'macro.dbt.get_where_subquery']);
    const built = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(built.code, 0, `${built.out}\n${built.err}`);
    const ran = ['macro.dbt.get_where_subquery', 'macro.dbt.get_limit_subquery_sql', 'macro.dbt.should_store_failures', 'macro.dbt.statement'];
    const macros = testMacros(dir);
    assert.deepEqual(macros['unique_plays_play_id'], ['macro.dbt.test_unique', ...ran]);
    assert.deepEqual(macros['accepted_values_plays_kind__live__vod'], ['macro.dbt.test_accepted_values', ...ran]);
  });
});
