// End to end: a failed `debug` check is reported as dbt reports it. The check's line says only
// [ERROR invalid] or [ERROR], and the report ends with `1 check failed:` and dbt's reason: a
// profiles.yml without the project's profile skips the connection test (no adapter to name), and a
// connection that fails gives dbt's "unable to connect" paragraph with the warehouse's message.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, writeProjectFile } from './test-helpers.js';

/** The lines of a run's output without their timestamps. */
const lines = (text: string): string[] => text.split('\n').map((line) => line.replace(/^\d\d:\d\d:\d\d {2}/u, '').trimEnd());

describe('debug with a failed check', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-debug-failed-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("a profiles.yml without the project's profile: [ERROR invalid], the connection test skipped, dbt's reason last", async () => {
    const project = join(dir, 'studio');
    writeProjectFile(project, 'dbt_project.yml', 'name: studio\nprofile: studio\n');
    writeProjectFile(project, 'profiles.yml', 'gallery:\n  target: dev\n  outputs:\n    dev: {type: duckdb, path: gallery.duckdb}\n');
    const run = await runCli(['debug'], project);
    assert.equal(run.code, 1, run.out + run.err);
    const out = lines(run.out);
    assert.ok(out.includes(`Using profiles.yml file at ${join(project, 'profiles.yml')}`), run.out);
    assert.ok(!out.some((l) => l.startsWith('adapter type:')), run.out);
    assert.ok(!out.includes('Connection:'), run.out);
    const configuration = out.indexOf('Configuration:');
    assert.deepEqual(out.slice(configuration, configuration + 3), ['Configuration:', '  profiles.yml file [ERROR invalid]', '  dbt_project.yml file [OK found and valid]']);
    const skipped = out.indexOf('Connection test skipped since no profile was found');
    assert.ok(skipped > configuration, run.out);
    assert.deepEqual(out.slice(skipped + 1, skipped + 6), [
      '1 check failed:',
      'Profile loading failed for the following reason:',
      'Runtime Error',
      "  Could not find profile named 'studio'",
      '',
    ]);
  });

  test("a connection that fails: [ERROR] on its line, then dbt's unable-to-connect reason with the warehouse's message", async () => {
    const project = join(dir, 'kiln');
    writeProjectFile(project, 'dbt_project.yml', 'name: kiln\nprofile: kiln\n');
    writeProjectFile(project, 'profiles.yml', `kiln:\n  target: dev\n  outputs:\n    dev: {type: duckdb, path: ${join(dir, 'no_such_folder', 'kiln.duckdb')}}\n`);
    const run = await runCli(['debug'], project);
    assert.equal(run.code, 1, run.out + run.err);
    const out = lines(run.out);
    const tested = out.indexOf('  Connection test: [ERROR]');
    assert.ok(tested > 0, run.out);
    assert.deepEqual(out.slice(tested + 1, tested + 5), ['', '1 check failed:', 'dbt was unable to connect to the specified database.', 'The database returned the following error:']);
    assert.equal(out[tested + 5], '');
    // dbt-duckdb's runtime error as dbt prints it: its heading, then DuckDB's message indented.
    assert.equal(out[tested + 6], '  >Runtime Error');
    assert.match(out[tested + 7]!, /^ {2}IO Error: Cannot open file ".*no_such_folder.*kiln\.duckdb": No such file or directory$/u);
    assert.deepEqual(out.slice(tested + 8, tested + 11), ['', 'Check your database credentials and try again. For more information, visit:', 'https://docs.getdbt.com/docs/configure-your-profile']);
  });
});
