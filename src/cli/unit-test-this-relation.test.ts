// End to end: in a unit test dbt's `this` is not the model's relation. With a `given: this` input
// it is the bare CTE name of that input's stand-in (a string, __dbt__cte__<alias>), which the test
// reads the rows from; with none it is None.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

interface Result {
  unique_id: string;
  status: string;
  message: string | null;
}

describe("a unit test's this", () => {
  let dir = '';
  before(async () => {
    dir = await newProject('loom');
    writeProjectFile(dir, 'models/threads.sql', 'select 1 as thread_id\n');
    writeProjectFile(dir, 'models/thread_names.sql', "select thread_id, '{{ this }}' as self_name from {{ ref('threads') }}\n");
    writeProjectFile(dir, 'models/woven.sql', [
      "{{ config(materialized='incremental') }}",
      "select thread_id from {{ ref('threads') }}",
      '{% if is_incremental() %}where thread_id > (select max(thread_id) from {{ this }}){% endif %}',
      '',
    ].join('\n'));
    writeProjectFile(dir, 'models/unit.yml', `unit_tests:
  - name: names_without_this
    model: thread_names
    given:
      - input: ref('threads')
        rows: [{thread_id: 5}]
    expect:
      rows: [{thread_id: 5, self_name: None}]
  - name: woven_after_existing
    model: woven
    overrides:
      macros:
        is_incremental: true
    given:
      - input: ref('threads')
        rows: [{thread_id: 2}, {thread_id: 7}]
      - input: this
        rows: [{thread_id: 3}]
    expect:
      rows: [{thread_id: 7}]
`);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('is None without a this input, and the stand-in CTE name with one', async () => {
    const built = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(built.code, 0, built.out);
    const run = await runCli(['test', '--project-dir', dir, '--profiles-dir', dir]);
    const results = readArtifact<{ results: Result[] }>(dir, 'run_results.json').results;
    for (const name of ['names_without_this', 'woven_after_existing']) {
      const r = results.find((x) => x.unique_id.endsWith(`.${name}`));
      assert.equal(r?.status, 'pass', `${name}: ${r?.message ?? ''}\n${run.out}`);
    }
  });

  test('the compiled unit test reads the this input by its bare CTE name', () => {
    const sql = readFileSync(join(dir, 'target/compiled/loom/models/unit.yml/models/woven_after_existing.sql'), 'utf8');
    assert.match(sql, /select max\(thread_id\) from __dbt__cte__woven\)/);
  });
});
