// dbt-duckdb's merge configs beyond the column lists: update / insert conditions, set
// expressions, merge_clauses, merge_on_using_columns, and their validation.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { scenarioProject, type ScenarioProject } from './incremental-scenario-kit.js';

const rows = (first: string, second: string) => `{% if var('step', 1) == 1 %}
select * from (values ${first}) t(id, v, note)
{% else %}
select * from (values ${second}) t(id, v, note)
{% endif %}
`;

describe('merge configs of incremental models', () => {
  let p: ScenarioProject;
  before(async () => {
    p = await scenarioProject({
      'models/conditional.sql':
        `{{ config(materialized='incremental', unique_key='id', incremental_strategy='merge',
  merge_update_condition='DBT_INTERNAL_SOURCE.v > DBT_INTERNAL_DEST.v',
  merge_insert_condition='DBT_INTERNAL_SOURCE.v > 0',
  merge_update_set_expressions={'note': "DBT_INTERNAL_DEST.note || '+'"}) }}
` + rows(`(1, 5, 'a'), (2, 5, 'b')`, `(1, 9, 'x'), (2, 1, 'y'), (3, 0, 'z'), (4, 2, 'w')`),
      'models/clauses.sql':
        `{{ config(materialized='incremental', unique_key='id', incremental_strategy='merge',
  merge_clauses={
    'when_matched': [
      {'action': 'delete', 'condition': 'DBT_INTERNAL_SOURCE.v = 0'},
      {'action': 'update', 'mode': 'explicit', 'update': {'include': ['v']}}
    ],
    'when_not_matched': [
      {'action': 'insert', 'mode': 'by_name'},
      {'action': 'delete', 'by': 'source'}
    ]
  }) }}
` + rows(`(1, 5, 'a'), (2, 5, 'b'), (3, 5, 'c')`, `(1, 9, 'x'), (2, 0, 'y'), (4, 2, 'w')`),
      'models/joined_using.sql':
        `{{ config(materialized='incremental', incremental_strategy='merge', merge_on_using_columns=['id']) }}
` + rows(`(1, 5, 'a')`, `(1, 9, 'x'), (2, 2, 'w')`),
      'models/both_lists.sql': `{{ config(materialized='incremental', unique_key='id', incremental_strategy='merge',
  merge_update_columns=['v'], merge_exclude_columns=['note']) }}
select 1 as id, 2 as v, 'n' as note`,
      'models/misconfigured.sql': `{{ config(materialized='incremental', unique_key='id', incremental_strategy='merge',
  merge_update_condition=['x'], merge_clauses={'when_matched': []}) }}
select 1 as id`,
    });
    await p.ok('run', '--exclude', 'misconfigured', 'both_lists');
    await p.run('run', '--vars', '{step: 2}');
  });
  after(async () => {
    await p.dispose();
  });

  test('merge_update_condition, merge_insert_condition and merge_update_set_expressions gate and shape the clauses', async () => {
    assert.deepEqual(await p.rows('select id, v, note from main.conditional order by id'), [
      [1, 9, 'a+'],
      [2, 5, 'b'],
      [4, 2, 'w'],
    ]);
  });

  test('merge_clauses run their matched, not-matched and not-matched-by-source actions in order', async () => {
    assert.deepEqual(await p.rows('select id, v, note from main.clauses order by id'), [
      [1, 9, 'a'],
      [4, 2, 'w'],
    ]);
  });

  test('merge_on_using_columns joins on those columns without a unique_key', async () => {
    assert.deepEqual(await p.rows('select id, v, note from main.joined_using order by id'), [
      [1, 9, 'x'],
      [2, 2, 'w'],
    ]);
  });

  test('a misconfigured merge fails its incremental runs with every configuration error listed', async () => {
    // The first build (in before) made the table; the merge configs are read when merging.
    const run = await p.run('run', '--select', 'misconfigured');
    assert.equal(run.code, 1);
    const text = `${run.out}\n${run.err}`;
    assert.match(text, /Compilation Error in model misconfigured/u);
    assert.match(text, /MERGE configuration errors:/u);
    assert.match(text, /merge_update_condition must be a string/u);
    assert.match(text, /merge_clauses\.when_matched must contain at least one element/u);
    assert.match(text, /following basic merge configurations will be ignored and should be removed: merge_update_condition/u);
  });

  test('merge_update_columns and merge_exclude_columns together are refused', async () => {
    const run = await p.run('run', '--select', 'both_lists');
    assert.equal(run.code, 1);
    assert.match(`${run.out}\n${run.err}`, /Model cannot specify merge_update_columns and merge_exclude_columns/u);
  });
});
