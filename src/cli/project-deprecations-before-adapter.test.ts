// End to end: dbt warns of dbt_project.yml's renamed keys (source-paths, data-paths) while it
// loads the project, which it does before it registers the profile's adapter and parses the
// project's files.
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
