// End to end: dbt's built-in incremental strategies reach their SQL through adapter.dispatch in
// the 'dbt' namespace (get_incremental_<strategy>_sql, get_delete_insert_merge_sql...). A
// duckdb__/default__ form of those macros in the root project, or in a package that the project's
// `dispatch:` config lists before dbt for macro_namespace dbt, replaces dbt's on the second run:
// https://docs.getdbt.com/reference/project-configs/dispatch-config
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDb, runCli, writeProjectFile } from './test-helpers.js';

const projectYaml = (dispatch: string) => `name: harbour
version: '1.0.0'
config-version: 2
profile: harbour
model-paths: ["models"]
macro-paths: ["macros"]
${dispatch}`;

const DISPATCH_TO_PACKAGE = `dispatch:
  - macro_namespace: dbt
    search_order: ['tide_tools', 'dbt']
`;

const FILES = {
  'profiles.yml': `harbour:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: harbour.duckdb
      schema: main
      threads: 1
`,
  'packages.yml': `packages:
  - local: pkgs/tide_tools
`,
  'pkgs/tide_tools/dbt_project.yml': `name: tide_tools
version: '1.0.0'
config-version: 2
`,
  // The package's delete+insert drops gauge glitches (levels below -50) as it replaces keyed rows.
  'pkgs/tide_tools/macros/delete_insert.sql': `{% macro default__get_delete_insert_merge_sql(target, source, unique_key, dest_columns, incremental_predicates) -%}
  {%- set cols = get_quoted_csv(dest_columns | map(attribute="name")) -%}
  delete from {{ target }} where {{ unique_key }} in (select {{ unique_key }} from {{ source }});
  insert into {{ target }} ({{ cols }}) select {{ cols }} from {{ source }} where level_cm > -50
{%- endmacro %}
`,
  // No strategy and a unique_key: DuckDB's default strategy is delete+insert.
  'models/gauge_latest.sql': `{{ config(materialized='incremental', unique_key='gauge') }}
select gauge, level_cm from main.gauge_readings
`,
  'models/berth_log.sql': `{{ config(materialized='incremental', incremental_strategy='append') }}
select berth, vessel from main.berth_calls
{% if is_incremental() %}where berth > (select max(berth) from {{ this }}){% endif %}
`,
};

// The root project's append strategy logs vessels in upper case.
const ROOT_APPEND = `{% macro default__get_incremental_append_sql(arg_dict) %}
  insert into {{ arg_dict['target_relation'] }} select berth, upper(vessel) from {{ arg_dict['temp_relation'] }}
{% endmacro %}
`;

describe("dispatch overrides of dbt's incremental strategy macros", () => {
  const dirs: string[] = [];
  after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  /** The harbour project built twice, new readings and calls loaded in between; returns its database. */
  async function builtTwice(dispatch: string, rootMacros: string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'reelhouse-dispatch-strategy-'));
    dirs.push(dir);
    const files: Record<string, string> = { ...FILES, 'dbt_project.yml': projectYaml(dispatch), 'macros/strategies.sql': rootMacros };
    for (const [path, text] of Object.entries(files)) writeProjectFile(dir, path, text);
    const db = join(dir, 'harbour.duckdb');
    await queryDb(
      db,
      'create table main.gauge_readings as select * from (values (1, 120), (2, 95)) as t(gauge, level_cm)',
      "create table main.berth_calls as select * from (values (1, 'Ariel')) as t(berth, vessel)",
    );
    const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);
    const deps = await cli('deps');
    assert.equal(deps.code, 0, `${deps.out}\n${deps.err}`);
    const first = await cli('run');
    assert.equal(first.code, 0, `${first.out}\n${first.err}`);
    // Gauge 1 rises, gauge 2 glitches; berth 2 takes a call.
    await queryDb(db, 'delete from main.gauge_readings', 'insert into main.gauge_readings values (1, 130), (2, -999)', "insert into main.berth_calls values (2, 'Boreas')");
    const second = await cli('run');
    assert.equal(second.code, 0, `${second.out}\n${second.err}`);
    return db;
  }

  test("a package's default__get_delete_insert_merge_sql listed before dbt in the dbt namespace builds delete+insert", async () => {
    const db = await builtTwice(DISPATCH_TO_PACKAGE, '');
    const [rows] = await queryDb(db, 'select gauge, level_cm from main.gauge_latest order by gauge');
    assert.deepEqual(rows, [[1, 130]]);
  });

  test("without a dispatch config the package's macro is not searched and dbt's delete+insert runs", async () => {
    const db = await builtTwice('', '');
    const [rows] = await queryDb(db, 'select gauge, level_cm from main.gauge_latest order by gauge');
    assert.deepEqual(rows, [
      [1, 130],
      [2, -999],
    ]);
  });

  test("the root project's default__get_incremental_append_sql replaces dbt's append strategy", async () => {
    const db = await builtTwice('', ROOT_APPEND);
    const [rows] = await queryDb(db, 'select berth, vessel from main.berth_log order by berth');
    assert.deepEqual(rows, [
      [1, 'Ariel'],
      [2, 'BOREAS'],
    ]);
  });
});
