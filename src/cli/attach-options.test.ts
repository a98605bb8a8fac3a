// End to end: the ATTACH statement dbt-duckdb writes for an attach: entry. Its options: are
// upper-cased keys, a true flag stands alone and a false one is left out, a string is quoted
// unless the profile quoted it already, read_only may sit among them, and a query string on the
// path is not part of the file's name.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDb, runCli, writeProjectFile } from './test-helpers.js';

describe('attach: options as dbt-duckdb writes them', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-attach-options-'));
    await queryDb(join(dir, 'archive.duckdb'), "create table main.tapes as select 1 as tape_id, 'vhs' as format");
    writeProjectFile(dir, 'dbt_project.yml', "name: tapes\nversion: '1.0.0'\nprofile: tapes\nmodels:\n  tapes:\n    +materialized: table\n");
    writeProjectFile(dir, 'profiles.yml', `tapes:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: tapes.duckdb
      attach:
        - path: "archive.duckdb?cache=on"
          alias: archive
          options: {storage_version: "'v1.0.0'", read_only: true, compress: false}
`);
    writeProjectFile(dir, 'models/tape_formats.sql', "select t.format, d.readonly from archive.main.tapes as t cross join duckdb_databases() as d where d.database_name = 'archive'\n");
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('a quoted string, a true flag, a false flag and a query string on the path', async () => {
    const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, run.out + run.err);
    assert.deepEqual(await queryDb(join(dir, 'tapes.duckdb'), 'select format, readonly from main.tape_formats'), [[['vhs', true]]]);
    assert.ok(!existsSync(join(dir, 'archive.duckdb?cache=on')));
  });

  test('secret: names the secret the ATTACH authenticates with', async () => {
    // A local DuckDB file takes no secret, so DuckDB's refusal shows the SECRET clause reached it.
    const profile = (extra: string) => `tapes:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: tapes.duckdb\n      secrets:\n        - {type: http, name: vault, bearer_token: t0k}\n      attach:\n        - path: archive.duckdb\n          alias: archive\n${extra}`;
    writeProjectFile(dir, 'profiles.yml', profile('          secret: vault\n'));
    const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
    assert.notEqual(run.code, 0);
    assert.match(run.out + run.err, /Unrecognized option for attach "secret"/);
  });

  test('a database type whose extension is missing says which extension to install', async () => {
    writeProjectFile(dir, 'profiles.yml', 'tapes:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: tapes.duckdb\n      attach:\n        - {path: legacy.db, type: sqlite}\n');
    const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
    // Where the sqlite extension is installed the attach simply works.
    if (run.code !== 0) assert.match(run.out + run.err, /Attaching a sqlite database needs DuckDB's sqlite_scanner extension; Reelhouse never downloads extensions/);
  });
});
