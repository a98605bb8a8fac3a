// End to end: `debug` in a folder with no dbt_project.yml goes on as dbt's does. It checks the
// only profile profiles.yml defines (or --profile's) and its connection, reports the project file
// as not found, and ends with `1 check failed:` and dbt's reason; with no profile to check it
// says the connection test was skipped and gives the profile's reason too.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, writeProjectFile } from './test-helpers.js';

/** The lines of a run's output without their timestamps. */
const lines = (text: string): string[] => text.split('\n').map((line) => line.replace(/^\d\d:\d\d:\d\d {2}/u, '').trimEnd());

describe('debug without dbt_project.yml', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-debug-no-project-'));
    writeProjectFile(dir, 'profiles/profiles.yml', 'pottery:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: pottery.duckdb\n      schema: glaze\n');
    writeProjectFile(dir, 'two/profiles.yml', 'pottery:\n  target: dev\n  outputs:\n    dev: {type: duckdb, path: a.duckdb}\nkiln:\n  target: dev\n  outputs:\n    dev: {type: duckdb, path: b.duckdb}\n');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("checks the only profile and its connection, then fails on the project with dbt's reason", async () => {
    const empty = join(dir, 'workshop');
    writeProjectFile(empty, 'notes.txt', 'no project here\n');
    const run = await runCli(['debug', '--project-dir', empty, '--profiles-dir', join(dir, 'profiles')]);
    assert.equal(run.code, 1, run.out + run.err);
    const out = lines(run.out);
    const at = (text: string) => out.indexOf(text);
    assert.ok(at(`Using profiles.yml file at ${join(dir, 'profiles', 'profiles.yml')}`) >= 0, run.out);
    assert.equal(at(`Using dbt_project.yml file at ${join(empty, 'dbt_project.yml')}`), at(`Using profiles.yml file at ${join(dir, 'profiles', 'profiles.yml')}`) + 1);
    assert.ok(at('adapter type: duckdb') > 0, run.out);
    assert.deepEqual(out.slice(at('Configuration:'), at('Configuration:') + 3), ['Configuration:', '  profiles.yml file [OK found and valid]', '  dbt_project.yml file [ERROR not found]']);
    assert.ok(at('  schema: glaze') > at('Connection:'), run.out);
    const tested = at('  Connection test: [OK connection ok]');
    assert.ok(tested > 0, run.out);
    assert.deepEqual(out.slice(tested + 1, tested + 6), [
      '',
      '1 check failed:',
      'Project loading failed for the following reason:',
      ` project path <${join(empty, 'dbt_project.yml')}> not found`,
      '',
    ]);
    assert.doesNotMatch(run.out, /All checks passed/u);
  });

  test('without a profiles.yml the connection test is skipped and both reasons are given', async () => {
    const empty = join(dir, 'bare');
    writeProjectFile(empty, 'notes.txt', 'nothing\n');
    // A profiles folder that exists but holds no profiles.yml.
    writeProjectFile(join(dir, 'no_profiles'), 'notes.txt', 'nothing\n');
    const run = await runCli(['debug', '--project-dir', empty, '--profiles-dir', join(dir, 'no_profiles')]);
    assert.equal(run.code, 1, run.out + run.err);
    const out = lines(run.out);
    assert.ok(out.includes('  profiles.yml file [ERROR not found]'), run.out);
    assert.ok(out.includes('Connection test skipped since no profile was found'), run.out);
    const failed = out.indexOf('2 checks failed:');
    assert.ok(failed > 0, run.out);
    assert.equal(out[failed + 1], `dbt looked for a profiles.yml file in ${join(dir, 'no_profiles', 'profiles.yml')}, but did`);
    assert.ok(out.includes('Project loading failed for the following reason:'), run.out);
  });

  test('with several profiles and no --profile it says which to pick and exits 2; --profile picks one', async () => {
    const empty = join(dir, 'shelf');
    writeProjectFile(empty, 'notes.txt', 'nothing\n');
    const unchosen = await runCli(['debug', '--project-dir', empty, '--profiles-dir', join(dir, 'two')]);
    assert.equal(unchosen.code, 2, unchosen.out + unchosen.err);
    assert.match(unchosen.err, /defines 2 profiles \(pottery, kiln\)/u);
    assert.match(unchosen.err, /--profile/u);
    const chosen = await runCli(['debug', '--project-dir', empty, '--profiles-dir', join(dir, 'two'), '--profile', 'kiln']);
    assert.equal(chosen.code, 1, chosen.out + chosen.err);
    assert.match(chosen.out, /path: b\.duckdb/u);
    assert.match(chosen.out, /Connection test: \[OK connection ok\]/u);
  });
});
