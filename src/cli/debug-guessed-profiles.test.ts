// End to end: `debug` outside a project, with a profiles.yml of several profiles and no --profile,
// loads each as dbt's debug does and reports every one that fails to load, after 'Could not load
// dbt_project.yml'; a profile named by --profile that fails is reported without that line.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, writeProjectFile } from './test-helpers.js';

/** The lines of a run's output without their timestamps. */
const lines = (text: string): string[] => text.split('\n').map((line) => line.replace(/^\d\d:\d\d:\d\d {2}/u, '').trimEnd());

describe('debug without a project guesses among several profiles', () => {
  let dir = '';
  let empty = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-debug-guess-'));
    empty = join(dir, 'attic');
    writeProjectFile(empty, 'notes.txt', 'no project here\n');
    writeProjectFile(dir, 'profiles/profiles.yml', [
      'bakery:\n  target: dev\n  outputs:\n    dev: {type: duckdb, path: bakery.duckdb}',
      'mill:\n  target: dev\n  outputs:\n    dev: {type: snowflake, account: x}',
      'granary:\n  target: prod\n  outputs:\n    dev: {type: duckdb, path: granary.duckdb}',
    ].join('\n') + '\n');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('each profile that fails to load is a reason, the connection test is skipped, exit 1', async () => {
    const run = await runCli(['debug', '--project-dir', empty, '--profiles-dir', join(dir, 'profiles')]);
    assert.equal(run.code, 1, run.out + run.err);
    const out = lines(run.out);
    assert.ok(out.includes('  profiles.yml file [ERROR invalid]'), run.out);
    assert.ok(out.includes('Connection test skipped since no profile was found'), run.out);
    const failed = out.indexOf('2 checks failed:');
    assert.ok(failed > 0, run.out);
    assert.deepEqual(out.slice(failed + 1, failed + 3), ['Could not load dbt_project.yml', 'Profile loading failed for the following reason:']);
    const reasons = out.slice(failed + 3).join('\n');
    const mill = reasons.search(/snowflake/u);
    const granary = reasons.search(/target named 'prod'/u);
    assert.ok(mill >= 0 && granary > mill, run.out);
    assert.match(reasons.slice(mill, granary), /\n\n/u);
    assert.doesNotMatch(reasons, /bakery/u);
    assert.ok(reasons.indexOf('Project loading failed for the following reason:') > granary, run.out);
  });

  test('a failing profile named by --profile is reported without the guess line', async () => {
    const run = await runCli(['debug', '--project-dir', empty, '--profiles-dir', join(dir, 'profiles'), '--profile', 'mill']);
    assert.equal(run.code, 1, run.out + run.err);
    const out = lines(run.out);
    const failed = out.indexOf('2 checks failed:');
    assert.ok(failed > 0, run.out);
    assert.equal(out[failed + 1], 'Profile loading failed for the following reason:');
    assert.doesNotMatch(run.out, /Could not load dbt_project\.yml/u);
    assert.doesNotMatch(run.out, /target named 'prod'/u);
  });
});
