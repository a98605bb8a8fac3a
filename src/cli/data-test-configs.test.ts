// End to end: data test configs (severity, warn_if/error_if, where, limit, store_failures),
// --store-failures and --fail-fast, on a small project with known bad rows.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDb, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

interface Result {
  unique_id: string;
  status: string;
  failures: number | null;
}

describe('data test configs', () => {
  let dir = '';
  const db = (): string => join(dir, 'tests.duckdb');
  const results = (): Map<string, Result> => {
    const rr = readArtifact<{ results: Result[] }>(dir, 'run_results.json');
    return new Map(rr.results.map((r) => [r.unique_id.replace(/^test\.checks\./, '').replace(/\.[0-9a-f]{10}$/, ''), r]));
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-tests-'));
    writeProjectFile(dir, 'dbt_project.yml', "name: checks\nversion: '1.0.0'\nprofile: checks\n");
    writeProjectFile(dir, 'profiles.yml', 'checks:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: tests.duckdb\n      schema: main\n      threads: 1\n');
    // Nulls in val at ids 2, 4, 6, 10; id 9 twice; category x twice.
    writeProjectFile(dir, 'seeds/items_seed.csv', 'id,category,val\n1,a,10\n2,a,\n3,b,30\n4,b,\n5,c,50\n6,c,\n7,x,70\n8,x,80\n9,a,90\n9,a,91\n10,b,\n');
    writeProjectFile(dir, 'models/items.sql', "select * from {{ ref('items_seed') }}\n");
    writeProjectFile(dir, 'models/downstream.sql', "select count(*) as n from {{ ref('items') }}\n");
    writeProjectFile(dir, 'models/schema.yml', `version: 2
models:
  - name: items
    columns:
      - name: id
        data_tests:
          - unique:
              config:
                warn_if: ">0"
                error_if: ">5"
      - name: val
        data_tests:
          - not_null:
              name: val_not_null_late_ids
              config:
                where: "id > 5"
                severity: warn
          - not_null:
              name: val_not_null_limited
              config:
                limit: 2
                severity: warn
      - name: category
        data_tests:
          - accepted_values:
              values: ['a', 'b', 'c']
              config:
                store_failures: true
`);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('build applies where, limit, warn_if/error_if and severity; a failing test skips its children', async () => {
    const run = await runCli(['build', '--project-dir', dir]);
    assert.equal(run.code, 1, `${run.out}\n${run.err}`);
    const r = results();
    assert.deepEqual(
      [r.get('unique_items_id')?.status, r.get('unique_items_id')?.failures],
      ['warn', 1],
      'one duplicated id: above warn_if (>0), not above error_if (>5)',
    );
    assert.deepEqual([r.get('val_not_null_late_ids')?.status, r.get('val_not_null_late_ids')?.failures], ['warn', 2], 'where id > 5 leaves ids 6 and 10');
    assert.deepEqual([r.get('val_not_null_limited')?.status, r.get('val_not_null_limited')?.failures], ['warn', 2], 'limit 2 caps the four null rows');
    const accepted = [...r.entries()].find(([k]) => k.startsWith('accepted_values_items_category'))?.[1];
    assert.deepEqual([accepted?.status, accepted?.failures], ['fail', 1]);
    assert.equal(r.get('model.checks.downstream')?.status, 'skipped', 'the error-severity failure skips what is downstream');
    assert.match(run.out, /FAIL 1 accepted_values_items_category/);
    assert.match(run.out, /WARN 2 val_not_null_late_ids/);
    assert.match(run.out, /Completed with 1 error, 0 partial successes, and 3 warnings:/);
    assert.match(run.out, /Got 1 result, configured to warn if >0/);
    assert.match(run.out, /See test failures:\n.* -{20,}\n.* select \* from "tests"\."main_dbt_test__audit"\."accepted_values_items_category[^"]*"\n.* -{20,}/);
    assert.match(run.out, /Done\. PASS=2 WARN=3 ERROR=1 SKIP=1 NO-OP=0 TOTAL=7/);
  });

  test('store_failures keeps the failing rows in the audit schema', async () => {
    const [rows] = await queryDb(
      db(),
      `select table_name from information_schema.tables where table_schema = 'main_dbt_test__audit' order by 1`,
    );
    const tables = rows!.map((r) => String(r[0]));
    assert.equal(tables.length, 1, tables.join(', '));
    assert.match(tables[0]!, /^accepted_values_items_category/);
    const [stored] = await queryDb(db(), `select value_field, n_records from main_dbt_test__audit."${tables[0]!}"`);
    assert.deepEqual(stored!.map((row) => [row[0], Number(row[1])]), [['x', 2]]);
  });

  test('--store-failures stores every test, and the stored rows follow where', async () => {
    const run = await runCli(['test', '--project-dir', dir, '--store-failures']);
    assert.equal(run.code, 1);
    const [late] = await queryDb(db(), 'select id from main_dbt_test__audit.val_not_null_late_ids order by id');
    assert.deepEqual(late!.map((r) => Number(r[0])), [6, 10]);
    const [dup] = await queryDb(db(), 'select count(*) from main_dbt_test__audit.unique_items_id');
    assert.equal(Number(dup![0]![0]), 1);
  });

  test('--fail-fast stops after the first failure and skips the rest', async () => {
    writeProjectFile(dir, 'tests/always_fails.sql', "select 1 as bad from {{ ref('items') }} limit 1\n");
    const run = await runCli(['test', '--project-dir', dir, '--fail-fast', '--threads', '1', '-s', 'always_fails', 'accepted_values_items_category*', 'test_type:generic']);
    assert.equal(run.code, 1);
    const r = [...results().values()];
    const failed = r.filter((x) => x.status === 'fail' || x.status === 'error');
    assert.equal(failed.length, 1, JSON.stringify(r));
    const ranAfter = r.filter((x) => x.status === 'skipped');
    assert.ok(ranAfter.length >= 1, JSON.stringify(r));
    const withoutFailFast = await runCli(['test', '--project-dir', dir, '--threads', '1']);
    const all = [...results().values()];
    assert.equal(withoutFailFast.code, 1);
    assert.equal(all.filter((x) => x.status === 'skipped').length, 0);
    assert.equal(all.filter((x) => x.status === 'fail').length, 2);
  });
});
