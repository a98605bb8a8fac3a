// End to end: dbt's built-in incremental strategies build their SQL through named helper macros
// (delete+insert through get_delete_insert_merge_sql, append through get_insert_into_sql, and
// DuckDB's merge through duckdb__get_merge_sql). A project redefining a helper, or its dispatched
// duckdb__ form, changes what the second run executes, and a helper with fewer parameters than
// dbt passes fails that run as dbt does.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDb, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

const BASE = {
  'dbt_project.yml': `name: glasshouse
version: '1.0.0'
config-version: 2
profile: glasshouse
model-paths: ["models"]
macro-paths: ["macros"]
`,
  'profiles.yml': `glasshouse:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: glass.duckdb
      schema: main
      threads: 1
`,
  // No strategy set and a unique_key: DuckDB's default strategy is delete+insert.
  'models/bed_climate.sql': `{{ config(materialized='incremental', unique_key='bed') }}
select bed, celsius, reading_no from main.bed_readings
{% if is_incremental() %}where reading_no > (select max(reading_no) from {{ this }}){% endif %}
`,
  'models/tray_moisture.sql': `{{ config(materialized='incremental', incremental_strategy='merge', unique_key='tray') }}
select tray, moisture from main.tray_readings
`,
  'models/vent_log.sql': `{{ config(materialized='incremental', incremental_strategy='append') }}
select vent, angle from main.vent_moves
{% if is_incremental() %}where vent > (select max(vent) from {{ this }}){% endif %}
`,
};

// Sensor glitches read -999: the project's helper drops them while replacing keyed rows.
const FIVE_PARAMETER_HELPER = `{% macro get_delete_insert_merge_sql(target, source, unique_key, dest_columns, incremental_predicates) -%}
  {%- set cols = get_quoted_csv(dest_columns | map(attribute="name")) -%}
  delete from {{ target }} where {{ unique_key }} in (select {{ unique_key }} from {{ source }});
  insert into {{ target }} ({{ cols }}) select {{ cols }} from {{ source }} where celsius > -500
{%- endmacro %}
`;

const DISPATCHED_HELPERS = `{% macro duckdb__get_delete_insert_merge_sql(target, source, unique_key, dest_columns, incremental_predicates) -%}
  {%- set cols = get_quoted_csv(dest_columns | map(attribute="name")) -%}
  delete from {{ target }} where {{ unique_key }} in (select {{ unique_key }} from {{ source }});
  insert into {{ target }} ({{ cols }}) select {{ cols }} from {{ source }} where celsius > -500
{%- endmacro %}

{% macro duckdb__get_merge_sql(target, source, unique_key, dest_columns, incremental_predicates=none) -%}
  merge into {{ target }} as t using (select * from {{ source }} where moisture <= 100) as s on t.{{ unique_key }} = s.{{ unique_key }}
  when matched then update set moisture = s.moisture
  when not matched then insert (tray, moisture) values (s.tray, s.moisture)
{%- endmacro %}

{% macro get_insert_into_sql(target_relation, temp_relation, dest_columns) -%}
  {%- set cols = get_quoted_csv(dest_columns | map(attribute="name")) -%}
  insert into {{ target_relation }} ({{ cols }}) select {{ cols }} from {{ temp_relation }} where angle between 0 and 90
{%- endmacro %}
`;

// The helper's older signature: dbt passes incremental_predicates as a fifth argument.
const FOUR_PARAMETER_HELPER = `{% macro get_delete_insert_merge_sql(target, source, unique_key, dest_columns) -%}
  delete from {{ target }} where {{ unique_key }} in (select {{ unique_key }} from {{ source }});
  insert into {{ target }} select * from {{ source }}
{%- endmacro %}
`;

describe('incremental strategy helper macros redefined by the project', () => {
  const dirs: string[] = [];
  after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  /** A project with the given helper macros, its source tables loaded, built once (the table path). */
  async function builtOnce(helpers: string): Promise<{ dir: string; db: string; run: () => ReturnType<typeof runCli> }> {
    const dir = await mkdtemp(join(tmpdir(), 'reelhouse-helper-override-'));
    dirs.push(dir);
    for (const [path, text] of Object.entries({ ...BASE, 'macros/helpers.sql': helpers })) writeProjectFile(dir, path, text);
    const db = join(dir, 'glass.duckdb');
    await queryDb(
      db,
      'create table main.bed_readings as select * from (values (1, 21.5::double, 1), (2, 19.0, 2)) as t(bed, celsius, reading_no)',
      'create table main.vent_moves as select * from (values (1, 30), (2, 45)) as t(vent, angle)',
      'create table main.tray_readings as select * from (values (1, 40), (2, 55)) as t(tray, moisture)',
    );
    const run = () => runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
    const first = await run();
    assert.equal(first.code, 0, `${first.out}\n${first.err}`);
    // New readings: bed 1 updated, bed 2 glitched, bed 3 new; a vent move out of range and one in range.
    await queryDb(
      db,
      'insert into main.bed_readings values (1, 23.0, 3), (2, -999, 4), (3, 18.5, 5)',
      'insert into main.vent_moves values (3, 400), (4, 60)',
      // Tray 1 re-read, tray 2 reads an impossible 250%, tray 3 is new.
      'delete from main.tray_readings',
      'insert into main.tray_readings values (1, 42), (2, 250), (3, 61)',
    );
    return { dir, db, run };
  }

  test("a project's get_delete_insert_merge_sql builds the default keyed strategy's SQL", async () => {
    const { db, run } = await builtOnce(FIVE_PARAMETER_HELPER);
    const second = await run();
    assert.equal(second.code, 0, `${second.out}\n${second.err}`);
    const [beds] = await queryDb(db, 'select bed, celsius from main.bed_climate order by bed');
    // Bed 2's old row is deleted by key, and its glitched reading is not inserted.
    assert.deepEqual(beds, [
      [1, 23],
      [3, 18.5],
    ]);
  });

  test("a project's duckdb__ helpers build delete+insert and merge, and its get_insert_into_sql builds append", async () => {
    const { db, run } = await builtOnce(DISPATCHED_HELPERS);
    const second = await run();
    assert.equal(second.code, 0, `${second.out}\n${second.err}`);
    const [beds, vents, trays] = await queryDb(
      db,
      'select bed, celsius from main.bed_climate order by bed',
      'select vent, angle from main.vent_log order by vent',
      'select tray, moisture from main.tray_moisture order by tray',
    );
    assert.deepEqual(trays, [
      [1, 42],
      [2, 55],
      [3, 61],
    ]);
    assert.deepEqual(beds, [
      [1, 23],
      [3, 18.5],
    ]);
    assert.deepEqual(vents, [
      [1, 30],
      [2, 45],
      [4, 60],
    ]);
  });

  test('a helper taking fewer arguments than dbt passes fails the incremental run', async () => {
    const { dir, run } = await builtOnce(FOUR_PARAMETER_HELPER);
    const second = await run();
    assert.equal(second.code, 1);
    const results = readArtifact<{ results: { unique_id: string; status: string; message: string }[] }>(dir, 'run_results.json');
    const keyed = results.results.find((r) => r.unique_id === 'model.glasshouse.bed_climate');
    assert.equal(keyed?.status, 'error');
    assert.match(keyed?.message ?? '', /macro 'dbt_macro__get_delete_insert_merge_sql' takes not more than 4 argument\(s\)/u);
    // dbt reports a Jinja error raised while a model runs (here inside the materialization) as a compilation error.
    assert.match(keyed?.message ?? '', /^Compilation Error in model bed_climate \(models\/bed_climate\.sql\)\n/u);
    // The append model does not go through that helper.
    assert.equal(results.results.find((r) => r.unique_id === 'model.glasshouse.vent_log')?.status, 'success');
  });
});
