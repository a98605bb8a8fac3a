// End to end: a dbt-duckdb profile whose settings: belong to an extension this machine lacks
// (s3_region with httpfs, as many profiles carry for production). Like the missing extension
// itself, they leave the project running, with one warning naming them and never their values.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDb, runCli, writeProjectFile } from './test-helpers.js';

describe('profile settings of an extension this machine does not have', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-extension-settings-'));
    writeProjectFile(dir, 'dbt_project.yml', "name: buckets\nversion: '1.0.0'\nprofile: buckets\n");
    writeProjectFile(dir, 'profiles.yml', `buckets:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: buckets.duckdb
      settings:
        s3_region: eu-west-1
        s3_secret_access_key: s3cr3t-value
        memory_limit: 1GB
`);
    writeProjectFile(dir, 'models/local_rows.sql', "{{ config(materialized='table') }}\nselect current_setting('memory_limit') as memory_limit\n");
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('builds with the other settings applied and warns once, without the values', async () => {
    const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, run.out + run.err);
    const [[row]] = await queryDb(join(dir, 'buckets.duckdb'), 'select memory_limit from main.local_rows');
    assert.equal(String(row?.[0]), '953.6 MiB', 'memory_limit was applied');
    const out = run.out + run.err;
    assert.ok(!out.includes('s3cr3t-value'));
    // Where httpfs is installed the settings simply apply; elsewhere one warning names them.
    const warnings = out.split('\n').filter((l) => /belongs? to the DuckDB extension/.test(l));
    if (warnings.length > 0) {
      assert.equal(warnings.length, 1, out);
      assert.match(warnings[0]!, /settings s3_region, s3_secret_access_key belong to the DuckDB extension "httpfs"/);
    }
  });
});
