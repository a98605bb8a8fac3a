// A custom snapshot strategy that wraps dbt's built-in ones: snapshot_timestamp_strategy and
// snapshot_check_strategy are macros a project's snapshot_<name>_strategy can call, as in dbt.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { csv, scenarioProject, type ScenarioProject } from './incremental-scenario-kit.js';

const SOURCES = `version: 2
sources:
  - name: raw
    tables:
      - name: plants
        meta:
          external_location: 'data/{name}.csv'
`;

const STRATEGIES = `{% macro snapshot_audited_timestamp_strategy(node, snapshotted_rel, current_rel, model_config, target_exists) %}
  {{ return(snapshot_timestamp_strategy(node, snapshotted_rel, current_rel, model_config, target_exists)) }}
{% endmacro %}
{% macro snapshot_audited_check_strategy(node, snapshotted_rel, current_rel, model_config, target_exists) %}
  {{ return(snapshot_check_strategy(node, snapshotted_rel, current_rel, model_config, target_exists)) }}
{% endmacro %}
`;

const SNAPSHOTS = `{% snapshot plants_by_time %}
{{ config(unique_key='plant_id', strategy='audited_timestamp', updated_at='watered_at',
          snapshot_meta_column_names={'dbt_valid_from': 'valid_from', 'dbt_valid_to': 'valid_to'}) }}
select * from {{ source('raw', 'plants') }}
{% endsnapshot %}

{% snapshot plants_by_name %}
{{ config(unique_key='plant_id', strategy='audited_check', check_cols=['name']) }}
select * from {{ source('raw', 'plants') }}
{% endsnapshot %}
`;

const HEADER = 'plant_id,name,pot,watered_at';

describe('custom snapshot strategies that wrap the built-in strategy macros', () => {
  let p: ScenarioProject;
  before(async () => {
    p = await scenarioProject({
      'models/sources.yml': SOURCES,
      'macros/strategies.sql': STRATEGIES,
      'snapshots/plants.sql': SNAPSHOTS,
      'data/plants.csv': csv(HEADER, [1, 'fern', 'clay', '2024-01-01 08:00:00'], [2, 'ivy', 'tin', '2024-01-01 08:00:00']),
    });
  });
  after(() => p.dispose());

  test('the timestamp one versions on updated_at, the check one on its check_cols', async () => {
    await p.ok('snapshot');
    // Fern is renamed without being watered; ivy is repotted and watered.
    p.write('data/plants.csv', csv(HEADER, [1, 'maidenhair fern', 'clay', '2024-01-01 08:00:00'], [2, 'ivy', 'stone', '2024-02-01 08:00:00']));
    await p.ok('snapshot');
    await p.ok('snapshot');
    assert.deepEqual(await p.rows('select plant_id, name, pot, valid_to is null from main.plants_by_time order by plant_id, valid_from'), [
      [1, 'fern', 'clay', true],
      [2, 'ivy', 'tin', false],
      [2, 'ivy', 'stone', true],
    ]);
    assert.deepEqual(await p.rows('select plant_id, name, pot, dbt_valid_to is null from main.plants_by_name order by plant_id, dbt_valid_from'), [
      [1, 'fern', 'clay', false],
      [1, 'maidenhair fern', 'clay', true],
      [2, 'ivy', 'tin', true],
    ]);
  });
});
