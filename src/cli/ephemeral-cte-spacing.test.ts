// End to end: ephemeral models are injected as CTEs with dbt 1.10's spacing: a space between the
// injected CTEs and the query's own first token when dbt adds the WITH, and, when the query has
// its own WITH, the CTEs after that WITH and its whitespace, then `, ` before the query's first CTE.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readArtifact, runCli, withProjectFiles } from './test-helpers.js';

const PROJECT = {
  'dbt_project.yml': "name: shop\nversion: '1.0.0'\nprofile: shop\n",
  'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: shop.duckdb\n',
  'models/pairs.sql': "{{ config(materialized='ephemeral') }}\nselect 1 as id",
  'models/plain.sql': "select id from {{ ref('pairs') }}",
  'models/withed.sql': "with a as (select id from {{ ref('pairs') }})\nselect * from a",
  'models/schema.yml': 'models:\n  - name: pairs\n    columns:\n      - name: id\n        data_tests: [not_null]\n',
};

test("injected CTEs are spaced as dbt 1.10 writes them, in models and in a generic test on an ephemeral model", async () => {
  await withProjectFiles(PROJECT, {}, async (dir) => {
    const run = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const nodes = readArtifact<{ nodes: Record<string, { compiled_code?: string }> }>(dir, 'manifest.json').nodes;
    assert.equal(nodes['model.shop.plain']!.compiled_code, 'with __dbt__cte__pairs as (\n\nselect 1 as id\n) select id from __dbt__cte__pairs');
    assert.equal(nodes['model.shop.withed']!.compiled_code, 'with  __dbt__cte__pairs as (\n\nselect 1 as id\n), a as (select id from __dbt__cte__pairs)\nselect * from a');
    const testId = Object.keys(nodes).find((id) => id.startsWith('test.shop.not_null_pairs_id.'))!;
    assert.equal(nodes[testId]!.compiled_code, '\n    \n    \n\n\n\nwith __dbt__cte__pairs as (\n\nselect 1 as id\n) select id\nfrom __dbt__cte__pairs\nwhere id is null\n\n\n');
  });
});
