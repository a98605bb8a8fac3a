// dbt-duckdb's external_location macro is there for a project's own materialization to call,
// as custom file-writing materializations written for dbt-duckdb do.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { scenarioProject } from './incremental-scenario-kit.js';

const MATERIALIZATION = `{% materialization file_copy, adapter='duckdb' %}
  {%- set location = config.get('location', default=external_location(this, config)) -%}
  {%- set rendered = render_write_options(config) -%}
  {%- set options = adapter.external_write_options(location, rendered) -%}
  {%- set staged = api.Relation.create(database=this.database, schema=this.schema, identifier=this.identifier ~ '__staged') -%}
  {% call statement('stage') %}create or replace table {{ staged }} as ({{ sql }}){% endcall %}
  {% do write_to_file(staged, location, options) %}
  {% call statement('main') %}create or replace view {{ this }} as select * from '{{ adapter.external_read_location(location, rendered) }}'{% endcall %}
  {{ return({'relations': [this.incorporate(type='view')]}) }}
{% endmaterialization %}
`;

describe('external_location from a project materialization', () => {
  test('names {external_root}/{identifier}.{format}, or a folder for partitioned files', async () => {
    const p = await scenarioProject(
      {
        'macros/file_copy.sql': MATERIALIZATION,
        // COPY does not create the folder it writes in.
        'exports/.keep': '',
        'models/scores.sql': "{{ config(materialized='file_copy', format='csv') }}\nselect 1 as player, 30 as points",
        'models/by_player.sql': "{{ config(materialized='file_copy', options={'partition_by': 'player'}) }}\nselect 1 as player, 30 as points",
      },
    );
    try {
      // DuckDB writes relative paths from the process's working folder: give the root absolutely.
      p.write('profiles.yml', `scenario:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: warehouse.duckdb\n      external_root: ${join(p.dir, 'exports')}\n`);
      await p.ok('run');
      assert.ok(existsSync(join(p.dir, 'exports', 'scores.csv')));
      assert.ok(existsSync(join(p.dir, 'exports', 'by_player', 'player=1')));
      assert.deepEqual(await p.rows('select player, points from main.scores'), [[1, 30]]);
    } finally {
      await p.dispose();
    }
  });
});
