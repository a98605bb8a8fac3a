// End to end: dbt warns of profiles.yml's config: as it sets up its flags, then of
// dbt_project.yml's renamed keys (source-paths, data-paths) while it loads the project, which every
// command that reads the project does (deps and clean too), before it registers the profile's
// adapter and parses the project's files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, withProjectFiles } from './test-helpers.js';

const PROJECT = {
  'dbt_project.yml': "name: harbour\nversion: '1.0.0'\nprofile: harbour\nsource-paths: ['models']\ndata-paths: ['data']\n",
  'profiles.yml': 'harbour:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: harbour.duckdb\n',
};

test("dbt_project.yml's renamed-key deprecations come before the adapter is registered, then the Found line", async () => {
  await withProjectFiles(PROJECT, { 'models/berths.sql': 'select 1 as berth_id\n', 'data/ships.csv': 'ship_id\n1\n' }, async (dir) => {
    const run = await runCli(['ls', '--log-format', 'json', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, run.err);
    const names = run.out.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { info: { name: string } }).info.name);
    const first = (name: string): number => names.indexOf(name);
    assert.deepEqual(names.slice(0, 4), ['MainReportVersion', 'ConfigSourcePathDeprecation', 'ConfigDataPathDeprecation', 'AdapterRegistered'], names.join(', '));
    assert.ok(first('AdapterRegistered') < first('FoundStats'), names.join(', '));
  });
});

test("profiles.yml's config: is warned of first, as dbt fires it with its flags, before the project's deprecations", async () => {
  const profiles = `${PROJECT['profiles.yml']}config:\n  send_anonymous_usage_stats: false\n`;
  await withProjectFiles({ ...PROJECT, 'profiles.yml': profiles }, { 'models/berths.sql': 'select 1 as berth_id\n' }, async (dir) => {
    const run = await runCli(['ls', '--log-format', 'json', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, run.err);
    const names = run.out.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { info: { name: string } }).info.name);
    assert.deepEqual(names.slice(0, 5), ['MainReportVersion', 'ProjectFlagsMovedDeprecation', 'ConfigSourcePathDeprecation', 'ConfigDataPathDeprecation', 'AdapterRegistered'], names.join(', '));
  });
});

test('deps and clean, which load dbt_project.yml without a profile, warn of its renamed keys too and count them in the summary', async () => {
  await withProjectFiles(PROJECT, { 'models/berths.sql': 'select 1 as berth_id\n' }, async (dir) => {
    for (const command of ['deps', 'clean']) {
      const run = await runCli([command, '--log-format', 'json', '--project-dir', dir, '--profiles-dir', dir]);
      assert.equal(run.code, 0, run.err);
      const events = run.out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { info: { name: string }; data: Record<string, unknown> });
      const names = events.map((e) => e.info.name);
      assert.deepEqual(names.slice(0, 3), ['MainReportVersion', 'ConfigSourcePathDeprecation', 'ConfigDataPathDeprecation'], `${command}: ${names.join(', ')}`);
      const summary = events.find((e) => e.info.name === 'DeprecationsSummary');
      assert.deepEqual(summary?.data['summaries'], [
        { event_name: 'ConfigSourcePathDeprecation', event_code: 'D003', occurrences: 1 },
        { event_name: 'ConfigDataPathDeprecation', event_code: 'D004', occurrences: 1 },
      ], command);
    }
  });
});
