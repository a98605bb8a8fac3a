// End to end: a generic test from an installed package that dispatches to its own
// implementation without naming a namespace (`adapter.dispatch('test_x')`), as dbt allows for
// tests: a test's macro namespace sees every package's macros by name.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

describe('a package generic test dispatching without a namespace', () => {
  let dir = '';
  before(async () => {
    dir = await newProject('orchard');
    writeProjectFile(dir, 'packages.yml', 'packages:\n  - local: pruning\n');
    writeProjectFile(dir, 'pruning/dbt_project.yml', "name: pruning\nversion: '1.0.0'\n");
    writeProjectFile(dir, 'pruning/macros/at_most.sql', `{% test at_most(model, column_name, ceiling) %}
  {{ return(adapter.dispatch('test_at_most')(model, column_name, ceiling)) }}
{% endtest %}
{% macro default__test_at_most(model, column_name, ceiling) %}
select * from {{ model }} where {{ column_name }} > {{ ceiling }}
{% endmacro %}
`);
    writeProjectFile(dir, 'models/trees.sql', "select * from (values ('apple', 4), ('pear', 9)) as t(kind, height_m)\n");
    writeProjectFile(dir, 'models/props.yml', `version: 2
models:
  - name: trees
    columns:
      - name: height_m
        data_tests:
          - pruning.at_most: { ceiling: 10 }
          - pruning.at_most: { ceiling: 5 }
`);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('the test finds its default__ macro and counts the rows over the ceiling', async () => {
    assert.equal((await runCli(['deps', '--project-dir', dir])).code, 0);
    const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
    const rr = readArtifact<{ results: { unique_id: string; status: string; failures: number | null }[] }>(dir, 'run_results.json');
    const tests = rr.results.filter((r) => r.unique_id.startsWith('test.')).map((r) => [r.unique_id.split('.')[2], r.status, r.failures]).sort();
    assert.deepEqual(tests, [
      ['pruning_at_most_trees_10__height_m', 'pass', 0],
      ['pruning_at_most_trees_5__height_m', 'fail', 1],
    ], run.out + run.err);
  });
});
