// End to end: when the profile does not load, debug's closing reason quotes dbt's own message under
// dbt's "Runtime Error" heading, each line indented by two spaces (blank lines too), as dbt's debug
// prints str() of the profile error: an empty profiles.yml, an empty profile, a missing target, a
// profile without outputs, an output without a type.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, writeProjectFile } from './test-helpers.js';

/** The output's lines from `1 check failed:` on, without timestamps; trailing spaces are kept. */
function reasonLines(text: string): string[] {
  const lines = text.split('\n').map((line) => line.replace(/^\d\d:\d\d:\d\d {2}/u, ''));
  return lines.slice(lines.indexOf('1 check failed:'));
}

describe("debug's reason for a profile that does not load", () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-debug-profile-reason-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  /** Runs debug on a project named `name` with this profiles.yml; returns the reason's lines. */
  async function debugWith(name: string, profiles: string): Promise<string[]> {
    const project = join(dir, name);
    writeProjectFile(project, 'dbt_project.yml', `name: ${name}\nprofile: ${name}\n`);
    writeProjectFile(project, 'profiles.yml', profiles);
    const run = await runCli(['debug'], project);
    assert.equal(run.code, 1, run.out + run.err);
    assert.match(run.out, /profiles\.yml file \[ERROR invalid\]/u);
    assert.match(run.out, /Connection test skipped since no profile was found/u);
    return reasonLines(run.out);
  }

  test('an empty profiles.yml: the profiles.yml read error in dbt\'s frame', async () => {
    const reason = await debugWith('ledger', '');
    assert.deepEqual(reason.slice(0, 10), [
      '1 check failed:',
      'Profile loading failed for the following reason:',
      'Runtime Error',
      '  ',
      '  dbt encountered an error while trying to read your profiles.yml file.',
      '  ',
      `  The profiles.yml file at ${join(dir, 'ledger', 'profiles.yml')} is empty`,
      '  ',
      '',
      '',
    ]);
  });

  test('a profile named with nothing under it is empty, not missing', async () => {
    const reason = await debugWith('quarry', 'quarry:\n');
    assert.deepEqual(reason.slice(2, 8), [
      'Runtime Error',
      '  ',
      '  dbt encountered an error while trying to read your profiles.yml file.',
      '  ',
      '  Profile quarry in profiles.yml is empty',
      '  ',
    ]);
  });

  test('a target the profile lacks: the valid names one a line', async () => {
    const reason = await debugWith('orchard', 'orchard:\n  target: dev\n  outputs:\n    prod: {type: duckdb, path: p.duckdb}\n    qa: {type: duckdb, path: q.duckdb}\n');
    assert.deepEqual(reason.slice(2, 6), [
      'Runtime Error',
      "  The profile 'orchard' does not have a target named 'dev'. The valid target names for this profile are:",
      '   - prod',
      '   - qa',
    ]);
  });

  test('a profile without outputs, and an output without a type', async () => {
    assert.deepEqual((await debugWith('harbor', 'harbor:\n  target: dev\n')).slice(2, 4), ['Runtime Error', "  outputs not specified in profile 'harbor'"]);
    assert.deepEqual((await debugWith('meadow', 'meadow:\n  target: dev\n  outputs:\n    dev: {path: m.duckdb}\n')).slice(2, 4), [
      'Runtime Error',
      '  required field "type" not found in profile meadow and target dev',
    ]);
  });

  test('run refuses an empty profile rather than building into a default database', async () => {
    const project = join(dir, 'beacon');
    writeProjectFile(project, 'dbt_project.yml', 'name: beacon\nprofile: beacon\n');
    writeProjectFile(project, 'profiles.yml', 'beacon:\n');
    writeProjectFile(project, 'models/m.sql', 'select 1 as id\n');
    const run = await runCli(['run'], project);
    assert.notEqual(run.code, 0, run.out + run.err);
    assert.match(run.err, /profiles\.yml:1: Profile 'beacon' in .* is empty/u);
  });
});
