// End to end: dbt builds a table model with create_table_as (dbt-duckdb's table and incremental
// materializations) and a view with get_create_view_as_sql / create_view_as, each dispatched in
// the 'dbt' namespace. A project's duckdb__/default__ form, or a package's one listed first in the
// `dispatch:` search order for dbt, writes the statement instead of dbt's:
// https://docs.getdbt.com/reference/dbt-jinja-functions/dispatch#overriding-global-macros
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDb, runCli, writeProjectFile } from './test-helpers.js';

const FILES = {
  'dbt_project.yml': `name: orchard
version: '1.0.0'
config-version: 2
profile: orchard
model-paths: ["models"]
macro-paths: ["macros"]
dispatch:
  - macro_namespace: dbt
    search_order: ['orchard', 'press_tools', 'dbt']
`,
  'profiles.yml': `orchard:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: orchard.duckdb
      schema: main
      threads: 1
`,
  'packages.yml': `packages:
  - local: pkgs/press_tools
`,
  'pkgs/press_tools/dbt_project.yml': `name: press_tools
version: '1.0.0'
config-version: 2
`,
  // The package's views record which press built them.
  'pkgs/press_tools/macros/views.sql': `{% macro default__create_view_as(relation, sql) -%}
create view {{ relation }} as (select *, 'press' as built_by from ({{ sql }}) as body)
{%- endmacro %}
`,
  // The project's tables are sorted by their first column as they are created, its sql_header first.
  'macros/tables.sql': `{% macro duckdb__create_table_as(temporary, relation, compiled_code, language='sql') -%}
  {%- set sql_header = config.get('sql_header', none) -%}
  {{ sql_header if sql_header is not none }}
create {{ 'temporary ' if temporary }}table {{ relation }} as (select *, 'orchard' as built_by from ({{ compiled_code }}) as body order by 1)
{%- endmacro %}
`,
  'models/tree_rows.sql': `{{ config(materialized='table') }}
{% call set_sql_header(config) %}create temp macro yield_kg(crates) as crates * 18;{% endcall %}
select * from (values (3, yield_kg(4)), (1, yield_kg(2))) as t(row_no, kg)
`,
  // The second run's new rows are staged by the project's macro too (dbt-duckdb's temp_relation).
  'models/harvest_log.sql': `{{ config(materialized='incremental') }}
select {{ 2 if is_incremental() else 1 }} as picking, 'Bramley' as apple
`,
  'models/picking_view.sql': `{{ config(materialized='view') }}
select 7 as picker
`,
};

describe("a project's create_table_as and create_view_as through dispatch", () => {
  let dir = '';
  after(() => rm(dir, { recursive: true, force: true }));

  test('table, incremental and view models are created by the replaced macros, and the incremental delta staged', async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-create-override-'));
    for (const [path, text] of Object.entries(FILES)) writeProjectFile(dir, path, text);
    const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);
    const deps = await cli('deps');
    assert.equal(deps.code, 0, `${deps.out}\n${deps.err}`);
    // The header's `create temp macro` would fail if it ran again on the session after the create macro wrote it.
    for (let i = 0; i < 2; i++) {
      const run = await cli('run');
      assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    }
    const [trees, harvest, picking] = await queryDb(
      join(dir, 'orchard.duckdb'),
      'select row_no, kg, built_by from main.tree_rows',
      'select picking, apple, built_by from main.harvest_log order by picking',
      'select picker, built_by from main.picking_view',
    );
    assert.deepEqual(trees, [
      [1, 36, 'orchard'],
      [3, 72, 'orchard'],
    ]);
    assert.deepEqual(harvest, [
      [1, 'Bramley', 'orchard'],
      [2, 'Bramley', 'orchard'],
    ]);
    assert.deepEqual(picking, [[7, 'press']]);
  });
});
