// End to end: the console lines around a run read as dbt 1.10 prints them — project hook lines
// with no heading and one blank line on the nodes' side, the `Finished running` counts sorted by
// dbt's key and worded by its pluralize, `NO-OP=` in the `Done.` line, a warning's message
// unindented, and `clean` naming each clean-targets folder by its absolute path as dbt does.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, writeProjectFile } from './test-helpers.js';
import { duckDbEngineVersion } from '../adapters/duckdb/index.js';

/** The lines of a run's output without their timestamps. */
const lines = (text: string): string[] => text.split('\n').map((line) => line.replace(/^\d\d:\d\d:\d\d {2}/u, '').trimEnd());

describe('run console lines', () => {
  let base = '';
  let dir = '';
  let out: string[] = [];
  let err: string[] = [];
  before(async () => {
    base = await mkdtemp(join(tmpdir(), 'reelhouse-console-lines-'));
    dir = join(base, 'mill');
    writeProjectFile(dir, 'dbt_project.yml', [
      'name: mill',
      'profile: mill',
      'on-run-start: ["select 1"]',
      'on-run-end: ["select 2", "select 3"]',
      'models:',
      '  mill:',
      '    +materialized: view',
      '',
    ].join('\n'));
    writeProjectFile(dir, 'profiles.yml', 'mill:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: mill.duckdb\n');
    writeProjectFile(dir, 'packages.yml', 'packages:\n  - local: ../grain_pkg\n');
    writeProjectFile(base, 'grain_pkg/dbt_project.yml', 'name: grain_pkg\non-run-start: ["select 10"]\n');
    writeProjectFile(dir, 'seeds/sacks.csv', 'id,kind\n1,oat\n2,rye\n');
    writeProjectFile(dir, 'models/flour.sql', "{{ config(materialized='table') }}\nselect * from {{ ref('sacks') }}\n");
    writeProjectFile(dir, 'models/bread.sql', "select * from {{ ref('flour') }}\n");
    writeProjectFile(dir, 'models/schema.yml', [
      'version: 2',
      'models:',
      '  - name: flour',
      '    columns:',
      '      - name: kind',
      '        data_tests:',
      "          - accepted_values: {arguments: {values: ['oat']}, config: {severity: warn}}",
      '',
    ].join('\n'));
    const deps = await runCli(['deps', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(deps.code, 0, deps.err);
    const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, run.out + run.err);
    out = lines(run.out);
    err = lines(run.err);
  });
  after(() => rm(base, { recursive: true, force: true }));

  test('the run opens as dbt\'s: the version, the adapter registered for the profile, then what the parse found', () => {
    assert.deepEqual(out.slice(0, 2), ['Running with reelhouse=0.1.0', `Registered adapter: duckdb=${duckDbEngineVersion()}`]);
    assert.match(out[2] ?? '', /^Found 2 models, /u);
  });

  test('project hooks print no heading line; a blank line follows the on-run-start hooks and comes before the on-run-end ones', () => {
    assert.ok(!out.some((l) => /^Running \d+ on-run-(start|end) hooks?$/u.test(l)), out.join('\n'));
    const concurrency = out.findIndex((l) => l.startsWith('Concurrency: '));
    assert.deepEqual(out.slice(concurrency + 1, concurrency + 3).map((l) => l.replace(/ \.+ \[.*$/u, '')), ['', '1 of 2 START hook: grain_pkg.on-run-start.0']);
    const lastStart = out.findIndex((l) => l.startsWith('2 of 2 OK hook: mill.on-run-start.'));
    assert.equal(out[lastStart + 1], '');
    assert.match(out[lastStart + 2] ?? '', /^1 of 4 START /u);
    const firstEnd = out.findIndex((l) => l.startsWith('1 of 2 START hook: mill.on-run-end.0'));
    assert.equal(out[firstEnd - 1], '');
    assert.notEqual(out[firstEnd - 2], '');
    const finished = out.findIndex((l) => l.startsWith('Finished running '));
    assert.deepEqual(out.slice(finished - 2, finished), [out[finished - 2], '']);
    assert.match(out[finished - 2] ?? '', /^2 of 2 OK hook: mill\.on-run-end\.1 /u);
  });

  test("a hook's console name counts its place among all the hooks of its kind, packages' included", () => {
    // The root project's only on-run-start hook comes second, after the package's.
    assert.ok(out.some((l) => l.startsWith('2 of 2 OK hook: mill.on-run-start.1 ')), out.join('\n'));
  });

  test('Finished running sorts the counts by dbt key and leaves a single data test as "1 test"', () => {
    const finished = out.find((l) => l.startsWith('Finished running ')) ?? '';
    assert.match(finished, /^Finished running 4 project hooks, 1 seed, 1 table model, 1 test, 1 view model in 0 hours 0 minutes and \d+\.\d\d seconds \(\d+\.\d\ds\)\.$/u);
  });

  test('the Done line carries NO-OP between SKIP and TOTAL', () => {
    assert.ok(out.includes('Done. PASS=7 WARN=1 ERROR=0 SKIP=0 NO-OP=0 TOTAL=8'), out.join('\n'));
  });

  test("a warning's message is printed unindented under its heading", () => {
    const heading = out.findIndex((l) => /^Warning in test accepted_values_flour_kind__oat \(models\/schema\.yml\)$/u.test(l));
    assert.ok(heading >= 0, out.join('\n'));
    assert.equal(out[heading + 1], 'Got 1 result, configured to warn if != 0');
  });

  test('the whole report, warnings included, is printed to stdout in order, as dbt prints it', () => {
    assert.deepEqual(err.filter((l) => l !== ''), []);
    const warned = out.findIndex((l) => /^\d+ of \d+ WARN 1 accepted_values_flour_kind__oat /u.test(l));
    const completed = out.indexOf('Completed with 1 warning:');
    assert.ok(warned >= 0 && completed > warned && out.findIndex((l) => l.startsWith('Done. ')) > completed, out.join('\n'));
  });

  test('clean names each clean-targets folder by its absolute path: Checking, then Cleaned, as path/*', async () => {
    writeProjectFile(dir, 'dbt_project.yml', 'name: mill\nprofile: mill\nclean-targets: [target, dbt_packages]\n');
    const run = await runCli(['clean', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, run.err);
    const root = realpathSync(dir);
    assert.deepEqual(lines(run.out).filter((l) => l !== ''), [
      'Running with reelhouse=0.1.0',
      `Checking ${join(root, 'target')}/*`,
      `Cleaned ${join(root, 'target')}/*`,
      `Checking ${join(root, 'dbt_packages')}/*`,
      `Cleaned ${join(root, 'dbt_packages')}/*`,
      'Finished cleaning all paths.',
    ]);
  });
});

describe('debug console lines', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-debug-lines-'));
    writeProjectFile(dir, 'dbt_project.yml', 'name: kiln\nprofile: kiln\n');
    writeProjectFile(dir, 'profiles.yml', 'kiln:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: kiln.duckdb\n      schema: fired\n      settings: {threads: 2}\n      external_root: out\n');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('debug names the profiles dir and file and the adapter type, lists all 13 of dbt-duckdb\'s connection keys in its order, and sets the sections apart', async () => {
    const run = await runCli(['debug', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, run.out + run.err);
    const out = lines(run.out);
    const at = (text: string) => out.indexOf(text);
    assert.deepEqual(out.slice(0, 2), ['Running with reelhouse=0.1.0', 'reelhouse version: 0.1.0']);
    assert.ok(at(`Using profiles dir at ${dir}`) >= 0, run.out);
    assert.equal(at(`Using profiles.yml file at ${join(dir, 'profiles.yml')}`), at(`Using profiles dir at ${dir}`) + 1);
    assert.equal(at(`Using dbt_project.yml file at ${join(dir, 'dbt_project.yml')}`), at(`Using profiles dir at ${dir}`) + 2);
    assert.equal(at('adapter type: duckdb'), at(`Using profiles dir at ${dir}`) + 3);
    assert.equal(at(`adapter version: ${duckDbEngineVersion()}`), at('adapter type: duckdb') + 1);
    assert.equal(at('Configuration:'), at('adapter type: duckdb') + 2);
    const connection = at('Connection:');
    // Every one of dbt-duckdb's connection keys, as str() of the profile's value or the default.
    assert.deepEqual(out.slice(connection - 1, connection + 17), [
      '',
      'Connection:',
      '  database: kiln',
      '  schema: fired',
      '  path: kiln.duckdb',
      '  config_options: None',
      '  extensions: None',
      "  settings: {'threads': 2}",
      '  external_root: out',
      '  use_credential_provider: None',
      '  attach: None',
      '  filesystems: None',
      '  remote: None',
      '  plugins: None',
      '  disable_transactions: False',
      // As dbt's debug: the adapter is registered just before the connection test.
      `Registered adapter: duckdb=${duckDbEngineVersion()}`,
      '  Connection test: [OK connection ok]',
      '',
    ]);
    assert.equal(out[connection + 17], 'All checks passed!');
  });

  test('the blank lines after the dependencies and the connection test carry no timestamp, being those lines\' own line breaks as dbt writes them', async () => {
    const run = await runCli(['debug', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, run.out + run.err);
    const raw = run.out.split('\n');
    const after = (suffix: string): string | undefined => raw[raw.findIndex((line) => line.endsWith(suffix)) + 1];
    assert.equal(after(' - duckdb (embedded) [OK found]'), '');
    assert.equal(after('  Connection test: [OK connection ok]'), '');
  });
});
