// End to end: in `build`, a test runs before the nodes that are downstream of everything it
// tests (dbt's rule), so tests that relate two models to each other never deadlock the build.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resultStatuses, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelhouse-test-order-'));
  writeProjectFile(dir, 'dbt_project.yml', 'name: shop\nprofile: shop\n');
  writeProjectFile(dir, 'profiles.yml', 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: shop.duckdb\n');
  writeProjectFile(dir, 'seeds/people.csv', 'id\n1\n2\n');
  // stg_people and people_copy both read people; each is checked against the other's parent,
  // and report joins both.
  writeProjectFile(dir, 'models/stg_people.sql', "select id from {{ ref('people') }}\n");
  writeProjectFile(dir, 'models/people_copy.sql', "select id from {{ ref('people') }} where id > 1\n");
  writeProjectFile(dir, 'models/report.sql', "select * from {{ ref('stg_people') }} join {{ ref('people_copy') }} using (id)\n");
  writeProjectFile(dir, 'models/after_copy.sql', "select * from {{ ref('people_copy') }}\n");
  writeProjectFile(dir, 'tests/copy_matches_people.sql', "select id from {{ ref('people') }} except select id from {{ ref('people_copy') }}\n");
  writeProjectFile(dir, 'tests/stg_matches_people.sql', "select id from {{ ref('people') }} except select id from {{ ref('stg_people') }}\n");
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('tests relating two models run before what depends on both, and a failure skips only that', async () => {
  const build = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(build.code, 1, build.err);
  const statuses = resultStatuses(dir);
  assert.equal(statuses.get('test.shop.copy_matches_people'), 'fail');
  assert.equal(statuses.get('test.shop.stg_matches_people'), 'pass');
  // Downstream of people and people_copy, the failing test's nodes: skipped.
  assert.equal(statuses.get('model.shop.report'), 'skipped');
  assert.equal(statuses.get('model.shop.after_copy'), 'skipped');
  // stg_people is downstream of people but not of people_copy: the failing test does not hold it back.
  assert.equal(statuses.get('model.shop.stg_people'), 'success');
  assert.equal(statuses.get('model.shop.people_copy'), 'success');
});

test('build --select "<model> <test>+" runs the model and its test only: `test+` does not reach the models below', async () => {
  const build = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir, '--select', 'people_copy copy_matches_people+']);
  assert.equal(build.code, 1, build.err);
  // after_copy and report lie below people_copy, but the test's `+` selects nothing beyond the test.
  assert.deepEqual([...resultStatuses(dir)].sort(), [
    ['model.shop.people_copy', 'success'],
    ['test.shop.copy_matches_people', 'fail'],
  ]);
});

test('a selected test holds back the selected nodes below its unselected model: retry skips them again while the test fails', async () => {
  const build = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir, '--select', 'copy_matches_people after_copy report']);
  assert.equal(build.code, 1, build.err);
  assert.equal(resultStatuses(dir).get('test.shop.copy_matches_people'), 'fail');
  assert.equal(resultStatuses(dir).get('model.shop.after_copy'), 'skipped');
  assert.equal(resultStatuses(dir).get('model.shop.report'), 'skipped');
  // Retry selects the failed test and the skipped models, none of the models the test reads.
  const retry = await runCli(['retry', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(retry.code, 1, retry.err);
  assert.deepEqual([...resultStatuses(dir)].sort(), [
    ['model.shop.after_copy', 'skipped'],
    ['model.shop.report', 'skipped'],
    ['test.shop.copy_matches_people', 'fail'],
  ]);
});

test('a failing test on a source skips the models that read the source', async () => {
  const src = await mkdtemp(join(tmpdir(), 'reelhouse-source-gate-'));
  try {
    writeProjectFile(src, 'dbt_project.yml', 'name: depot\nprofile: depot\n');
    writeProjectFile(src, 'profiles.yml', 'depot:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: depot.duckdb\n');
    writeProjectFile(src, 'feeds/crates.csv', 'crate_id,weight\nc1,4\n,6\n');
    writeProjectFile(
      src,
      'models/sources.yml',
      'version: 2\nsources:\n  - name: feeds\n    meta:\n      external_location: "feeds/{name}.csv"\n    tables:\n      - name: crates\n        columns:\n          - name: crate_id\n            tests: [not_null]\n',
    );
    writeProjectFile(src, 'models/crate_weights.sql', "select crate_id, weight from {{ source('feeds', 'crates') }}\n");
    writeProjectFile(src, 'models/heavy_crates.sql', "select * from {{ ref('crate_weights') }} where weight > 5\n");
    writeProjectFile(src, 'models/calendar.sql', 'select 1 as day_no\n');
    const build = await runCli(['build', '--project-dir', src, '--profiles-dir', src]);
    assert.equal(build.code, 1, build.err);
    const statuses = resultStatuses(src);
    const sourceTest = [...statuses].find(([id]) => id.startsWith('test.depot.source_not_null_feeds_crates_crate_id'));
    assert.equal(sourceTest?.[1], 'fail');
    assert.equal(statuses.get('model.depot.crate_weights'), 'skipped');
    assert.equal(statuses.get('model.depot.heavy_crates'), 'skipped');
    assert.equal(statuses.get('model.depot.calendar'), 'success');
  } finally {
    await rm(src, { recursive: true, force: true });
  }
});
