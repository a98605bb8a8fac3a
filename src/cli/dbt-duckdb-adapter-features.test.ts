// DuckDB adapter features of dbt-duckdb projects, end to end through the CLI: table functions
// called through ref(), contracts whose foreign keys name other models with ref(), the
// persist_docs comments that docs generate reads back, indexes, and the catalog macros.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { scenarioProject } from './incremental-scenario-kit.js';

describe('dbt-duckdb adapter features', () => {
  test('table functions, ref() foreign keys, persist_docs, indexes and get_catalog_relations in one project', async () => {
    const p = await scenarioProject({
      'models/tv_channels.sql': "{{ config(materialized='table') }}\nselect 7 as channel_id, 'speedruns' as title union all select 8, 'chess'",
      'models/streams_of.sql': "{{ config(materialized='table_function', parameters='wanted') }}\nselect * from {{ ref('streams') }} where channel_id = wanted",
      'models/streams.sql': "{{ config(materialized='table') }}\nselect 1 as stream_id, 7 as channel_id union all select 2, 8",
      'models/chess_streams.sql': "{{ config(materialized='table', indexes=[{'columns': ['stream_id'], 'unique': True}]) }}\nselect stream_id from {{ ref('streams_of') }}(8)",
      'models/schema.yml': `version: 2
models:
  - name: tv_channels
    description: "One row per channel; it's the parent of streams."
    config:
      persist_docs: {relation: true, columns: true}
      contract: {enforced: true}
    columns:
      - name: channel_id
        description: Channel key.
        data_type: integer
        constraints: [{type: primary_key}]
      - name: title
        data_type: varchar
  - name: streams
    config:
      contract: {enforced: true}
    columns:
      - name: stream_id
        data_type: integer
        constraints: [{type: not_null}, {type: primary_key}]
      - name: channel_id
        data_type: integer
        constraints:
          - type: foreign_key
            to: ref('tv_channels')
            to_columns: [channel_id]
`,
      'macros/catalog_keys.sql': `{% macro catalog_keys() %}
{% set info = api.Relation.create(database=target.database, schema='information_schema') %}
{% set t = get_catalog_relations(info, [api.Relation.create(database=target.database, schema='MAIN', identifier='TV_CHANNELS')]) %}
{{ print(t.columns['table_name'][0] ~ '.' ~ (t.columns['column_name'] | join('+')) ~ ' ' ~ t.columns['table_type'][0] ~ ' ' ~ t.columns['column_comment'][0]) }}
{% endmacro %}`,
    });
    try {
      await p.ok('build');
      assert.deepEqual(await p.rows('select stream_id from main.chess_streams'), [[2]]);
      // The foreign key names the channels model, which therefore builds first (its name sorts after).
      const manifest = JSON.parse(readFileSync(join(p.dir, 'target', 'manifest.json'), 'utf8')) as { nodes: Record<string, { depends_on: { nodes: string[] } }> };
      assert.deepEqual(manifest.nodes['model.scenario.streams']?.depends_on.nodes, ['model.scenario.tv_channels']);
      assert.deepEqual(await p.rows("select constraint_text from duckdb_constraints() where table_name = 'streams' and constraint_type = 'FOREIGN KEY'"), [['FOREIGN KEY (channel_id) REFERENCES tv_channels(channel_id)']]);
      assert.deepEqual(await p.rows("select is_unique from duckdb_indexes() where table_name = 'chess_streams'"), [[true]]);

      await p.ok('docs', 'generate');
      const catalog = JSON.parse(readFileSync(join(p.dir, 'target', 'catalog.json'), 'utf8')) as { nodes: Record<string, { metadata: { comment: string | null }; columns: Record<string, { comment: string | null }> }> };
      const channels = catalog.nodes['model.scenario.tv_channels']!;
      assert.equal(channels.metadata.comment, "One row per channel; it's the parent of streams.");
      assert.equal(channels.columns['channel_id']?.comment, 'Channel key.');

      const keys = await p.ok('run-operation', 'catalog_keys');
      assert.match(keys.out, /tv_channels\.channel_id\+title BASE TABLE Channel key\./);
    } finally {
      await p.dispose();
    }
  });

  test("dbt-duckdb's adapter methods and file macros work from a project macro", async () => {
    const p = await scenarioProject({});
    // DuckDB reads and writes relative paths from the process's working folder: name the file absolutely.
    const file = join(p.dir, 'exports', 'scores.csv');
    p.write(
      'macros/export.sql',
      `{% macro export_scores() %}
{% do run_query('create or replace table main.scores as select 1 as player, 30 as points') %}
{% set rel = api.Relation.create(database=target.database, schema='main', identifier='scores') %}
{% set options = adapter.external_write_options('${file}', {'delimiter': ';'}) %}
{{ print('options: ' ~ options) }}
{{ print('before: ' ~ location_exists('${file}') ~ ' use_database: ' ~ adapter.use_database()) }}
{% do write_to_file(rel, '${file}', options) %}
{{ print('after: ' ~ location_exists('${file}')) }}
{{ print('as time: ' ~ snapshot_string_as_time('2024-03-01 10:00:00')) }}
{% endmacro %}`,
    );
    try {
      p.write('exports/.keep', '');
      const out = (await p.ok('run-operation', 'export_scores')).out;
      assert.match(out, /options: delimiter ';', format csv, header 1/);
      assert.match(out, /before: False use_database: True/);
      assert.match(out, /after: True/);
      assert.match(out, /as time: '2024-03-01 10:00:00'::timestamp/);
      assert.equal(readFileSync(file, 'utf8'), 'player;points\n1;30\n');
    } finally {
      await p.dispose();
    }
  });
});
