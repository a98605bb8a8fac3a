import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from '../project/load/index.js';
import { CLEAN_ENV, writeProject } from '../project/load/test-project.js';
import { foundLine } from './found-line.js';

test("the Found line lists types in dbt's parse order and counts the semantic layer, groups and unit tests last", async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: orchard\n',
    'seeds/trees.csv': 'tree_id,kind\n1,apple\n2,pear\n',
    'models/harvest.sql': "select tree_id, 3 as crates, date '2024-09-01' as picked_on from {{ ref('trees') }}",
    'models/yields.sql': "select * from {{ ref('harvest') }}",
    'tests/no_empty_crates.sql': "select * from {{ ref('harvest') }} where crates < 0",
    'models/orchard.yml': [
      'groups: [{name: growers, owner: {name: Ana}}]',
      'models:',
      '  - name: harvest',
      '    columns: [{name: tree_id, data_tests: [not_null, unique]}, {name: picked_on, granularity: day}]',
      // dbt refuses a semantic layer without a daily time spine.
      '    time_spine: {standard_granularity_column: picked_on}',
      'unit_tests:',
      '  - name: crates_pass_through',
      '    model: yields',
      '    given: [{input: "ref(\'harvest\')", rows: [{tree_id: 1, crates: 3}]}]',
      '    expect: {rows: [{tree_id: 1, crates: 3}]}',
      'semantic_models:',
      '  - name: harvest_facts',
      "    model: ref('harvest')",
      '    defaults: {agg_time_dimension: picked_on}',
      '    entities: [{name: tree, type: primary, expr: tree_id}]',
      '    dimensions: [{name: picked_on, type: time, type_params: {time_granularity: day}}]',
      '    measures: [{name: crate_total, agg: sum, expr: crates}]',
      'metrics:',
      '  - {name: crates, label: Crates, type: simple, type_params: {measure: crate_total}}',
      '  - {name: crates_twice, label: Twice, type: derived, type_params: {expr: crates * 2, metrics: [crates]}}',
      'saved_queries:',
      '  - name: daily_crates',
      '    query_params: {metrics: [crates], group_by: ["TimeDimension(\'metric_time\', \'day\')"]}',
      '',
    ].join('\n'),
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    const line = foundLine(loaded.manifest).replace(/\d+ macros/u, 'N macros');
    // The singular test is parsed before the seeds, the generic ones after them: tests first show up before seeds.
    assert.equal(line, 'Found 2 models, 3 data tests, 1 seed, 2 metrics, N macros, 1 group, 1 semantic model, 1 saved query, 1 unit test');
  } finally {
    await p.cleanup();
  }
});

test('a lone generic data test is named by its node type, as dbt does for a count of one', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: shed\n',
    'models/tools.sql': 'select 1 as tool_id',
    'models/tools.yml': 'models:\n  - name: tools\n    columns: [{name: tool_id, data_tests: [not_null]}]\n',
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    assert.match(foundLine(loaded.manifest), /^Found 1 model, 1 test, \d+ macros$/u);
  } finally {
    await p.cleanup();
  }
});
