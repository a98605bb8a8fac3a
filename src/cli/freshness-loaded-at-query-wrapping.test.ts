// A source's loaded_at_query is read as dbt's collect_freshness_custom_sql holds it, as written
// inside a CTE with the closing parenthesis on its own line: a trailing `--` comment is harmless,
// and a trailing semicolon fails the check (a runtime error), as under dbt.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readArtifact, runCli, withProjectFiles } from './test-helpers.js';

const FILES = {
  'dbt_project.yml': "name: fresh\nversion: '1.0.0'\nprofile: fresh\n",
  'profiles.yml': 'fresh:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: fresh.duckdb\n',
  'seeds/events.csv': 'id,ts\n1,2020-01-01 00:00:00\n',
  'models/sources.yml': [
    'sources:',
    '  - name: raw',
    '    schema: main',
    '    tables:',
    '      - name: commented',
    '        identifier: events',
    '        config:',
    '          freshness: {error_after: {count: 100000, period: day}}',
    '          loaded_at_query: "select max(ts) from {{ this }} -- newest event"',
    '      - name: semicolon',
    '        identifier: events',
    '        config:',
    '          freshness: {error_after: {count: 100000, period: day}}',
    '          loaded_at_query: "select max(ts) from {{ this }};"',
    '',
  ].join('\n'),
};

describe('a loaded_at_query inside the freshness check', () => {
  it('ends with a comment and passes, or with a semicolon and errors', async () => {
    await withProjectFiles(FILES, {}, async (dir) => {
      assert.equal((await runCli(['seed', '--project-dir', dir, '--profiles-dir', dir])).code, 0);
      const run = await runCli(['source', 'freshness', '--project-dir', dir, '--profiles-dir', dir]);
      const results = readArtifact<{ results: { unique_id: string; status: string; error?: string }[] }>(dir, 'sources.json').results;
      const status = new Map(results.map((r) => [r.unique_id, r.status]));
      assert.equal(status.get('source.fresh.raw.commented'), 'pass', run.out);
      assert.equal(status.get('source.fresh.raw.semicolon'), 'runtime error', run.out);
      assert.equal(run.code, 1);
    });
  });
});
