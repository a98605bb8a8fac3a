// End to end: models configured with a materialization the project (or a local package) defines
// in a `{% materialization %}` block run that block, as dbt does, on a real DuckDB file.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDb, readArtifact, resultStatuses, runCli, writeProjectFile } from './test-helpers.js';

const PROJECT = {
  'dbt_project.yml': `name: custom_mats
version: '1.0.0'
config-version: 2
profile: custom_mats
model-paths: ["models"]
macro-paths: ["macros"]
`,
  'profiles.yml': `custom_mats:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: custom.duckdb
      schema: main
      threads: 1
`,
  'packages.yml': `packages:
  - local: ../mat_pkg
`,
  // dbt's table materialization in miniature: build under an intermediate name, swap it in
  // through a backup, hooks around it.
  'macros/swap_table.sql': `{% materialization swap_table, default %}
  {%- set target_relation = this.incorporate(type='table') -%}
  {%- set existing_relation = load_cached_relation(this) -%}
  {%- set intermediate_relation = make_intermediate_relation(target_relation) -%}
  {%- set backup_relation = make_backup_relation(target_relation, 'table') -%}
  {{ drop_relation_if_exists(load_cached_relation(intermediate_relation)) }}
  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  {{ run_hooks(pre_hooks, inside_transaction=True) }}
  {% call statement('main') -%}
    {{ get_create_table_as_sql(False, intermediate_relation, sql) }}
  {%- endcall %}
  {% if existing_relation is not none %}
    {{ adapter.rename_relation(existing_relation, backup_relation) }}
  {% endif %}
  {{ adapter.rename_relation(intermediate_relation, target_relation) }}
  {{ run_hooks(post_hooks, inside_transaction=True) }}
  {% do adapter.commit() %}
  {{ drop_relation_if_exists(backup_relation) }}
  {{ run_hooks(post_hooks, inside_transaction=False) }}
  {% do persist_docs(target_relation, model) %}
  {% set revoke = should_revoke(existing_relation, full_refresh_mode=should_full_refresh()) %}
  {% do apply_grants(target_relation, config.get('grants'), should_revoke=revoke) %}
  {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}
`,
  'macros/stamped.sql': `{% materialization stamped, default %}
  {% call statement('main') %}create or replace table {{ this }} as select 'default' as won, * from ({{ sql }}) as m{% endcall %}
  {{ return({'relations': [this]}) }}
{% endmaterialization %}

{% materialization stamped, adapter='duckdb' %}
  {% call statement('main') %}create or replace table {{ this }} as select 'duckdb' as won, * from ({{ compiled_code }}) as m{% endcall %}
  {{ return({'relations': [this]}) }}
{% endmaterialization %}
`,
  'macros/refusing.sql': `{% materialization refusing, default %}
  {{ exceptions.raise_compiler_error('refusing to build ' ~ this.identifier) }}
{% endmaterialization %}

{% materialization table, adapter='duckdb' %}
  {{ exceptions.raise_compiler_error('the shadowing table block must not run') }}
{% endmaterialization %}
`,
  'macros/failing.sql': `{% materialization bad_statement, default %}
  {% call statement('main') %}create table {{ this }} as select * from no_such_table_here{% endcall %}
  {{ return({'relations': [this]}) }}
{% endmaterialization %}

{% materialization no_return, default %}
  {% call statement('main') %}create or replace table {{ this }} as {{ sql }}{% endcall %}
{% endmaterialization %}
`,
  'models/failing/bad_statement_model.sql': `{{ config(materialized='bad_statement') }}
select 1 as id
`,
  'models/failing/no_return_model.sql': `{{ config(materialized='no_return') }}
select 1 as id
`,
  'models/swapped.sql': `{{ config(
    materialized='swap_table',
    pre_hook=["create table if not exists {{ this.schema }}.hook_log (event varchar)", "insert into {{ this.schema }}.hook_log values ('pre {{ this.identifier }}')"],
    post_hook="insert into {{ this.schema }}.hook_log values ('post {{ this.identifier }}')"
) }}
select 1 as id, 'a' as label union all select 2, 'b'
`,
  'models/stamped_model.sql': `{{ config(materialized='stamped') }}
select 7 as n
`,
  'models/labelled.sql': `{{ config(materialized='labelled_view', label='from the package') }}
select id from {{ ref('swapped') }}
`,
  'models/downstream.sql': `{{ config(materialized='table') }}
select id * 10 as id10, label from {{ ref('swapped') }}
`,
  'models/graph_models.sql': `{{ config(materialized='insert_graph_values') }}
model_name varchar, materialized varchar
`,
  'models/refused.sql': `{{ config(materialized='refusing') }}
select 1 as id
`,
};

const PACKAGE = {
  'dbt_project.yml': `name: mat_pkg
version: '1.0.0'
config-version: 2
macro-paths: ["macros"]
`,
  'macros/labelled_view.sql': `{% materialization labelled_view, default %}
  {%- set target_relation = this.incorporate(type='view') -%}
  {%- set label = config.require('label') -%}
  {{ drop_relation_if_exists(load_relation(this)) }}
  {% call statement('main') -%}
    {{ get_create_view_as_sql(target_relation, "select '" ~ label ~ "' as label, * from (" ~ sql ~ ") as m") }}
  {%- endcall %}
  {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}
`,
  // The shape of dbt-project-evaluator's insert_graph_values: columns declared by the model,
  // rows inserted from the graph, several statements in the main one.
  'macros/insert_graph_values.sql': `{% materialization insert_graph_values, default %}
  {%- set existing_relation = load_cached_relation(this) -%}
  {%- set target_relation = this.incorporate(type='table') %}
  {%- set intermediate_relation = make_intermediate_relation(target_relation) -%}
  {%- set backup_relation_type = 'table' if existing_relation is none else existing_relation.type -%}
  {%- set backup_relation = make_backup_relation(target_relation, backup_relation_type) -%}
  {% set grant_config = config.get('grants') %}
  {%- set values = [] -%}
  {%- for node in graph.nodes.values() | sort(attribute='name') -%}
    {%- if node.resource_type == 'model' -%}
      {%- do values.append("('" ~ node.name ~ "', '" ~ node.config.materialized ~ "')") -%}
    {%- endif -%}
  {%- endfor -%}
  {{ drop_relation_if_exists(load_cached_relation(intermediate_relation)) }}
  {{ drop_relation_if_exists(load_cached_relation(backup_relation)) }}
  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  {{ run_hooks(pre_hooks, inside_transaction=True) }}
  {% call statement('main') -%}
    create table {{ intermediate_relation }} (
        {{ sql }}
    );
    {% for value in values %}
    insert into {{ intermediate_relation }} values {{ value }};
    {% endfor %}
  {%- endcall %}
  {% if existing_relation is not none %}
      {{ adapter.rename_relation(existing_relation, backup_relation) }}
  {% endif %}
  {{ adapter.rename_relation(intermediate_relation, target_relation) }}
  {% do create_indexes(target_relation) %}
  {{ run_hooks(post_hooks, inside_transaction=True) }}
  {% set should_revoke = should_revoke(existing_relation, full_refresh_mode=True) %}
  {% do apply_grants(target_relation, grant_config, should_revoke=should_revoke) %}
  {% do persist_docs(target_relation, model) %}
  {{ adapter.commit() }}
  {{ drop_relation_if_exists(backup_relation) }}
  {{ run_hooks(post_hooks, inside_transaction=False) }}
  {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}
`,
};

describe('custom materializations defined in a project and a package', () => {
  let base = '';
  let dir = '';
  const db = (): string => join(dir, 'custom.duckdb');

  before(async () => {
    base = await mkdtemp(join(tmpdir(), 'reelhouse-custom-mat-'));
    dir = join(base, 'custom_mats');
    for (const [path, text] of Object.entries(PROJECT)) writeProjectFile(dir, path, text);
    for (const [path, text] of Object.entries(PACKAGE)) writeProjectFile(join(base, 'mat_pkg'), path, text);
    const deps = await runCli(['deps', '--project-dir', dir]);
    assert.equal(deps.code, 0, deps.err);
  });
  after(() => rm(base, { recursive: true, force: true }));

  test('a project materialization builds a table through an intermediate relation and runs its hooks', async () => {
    const run = await runCli(['run', '--project-dir', dir, '--exclude', 'refused', 'failing']);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    assert.match(run.out, /OK created sql swap_table model main\.swapped \.+ \[OK in \d/);
    const [rows, log, leftovers] = await queryDb(
      db(),
      'select id, label from main.swapped order by id',
      'select event from main.hook_log',
      "select table_name from information_schema.tables where table_name like 'swapped%' order by 1",
    );
    assert.deepEqual(rows, [[1, 'a'], [2, 'b']]);
    assert.deepEqual(log, [['pre swapped'], ['post swapped']]);
    assert.deepEqual(leftovers, [['swapped']]);
    const results = readArtifact<{ results: { unique_id: string; adapter_response: Record<string, unknown>; message: string }[] }>(dir, 'run_results.json');
    const swapped = results.results.find((r) => r.unique_id === 'model.custom_mats.swapped');
    assert.equal(swapped?.message, 'OK');
    // dbt records the main statement's response with its unset fields left out: dbt-duckdb's is the message alone.
    assert.deepEqual(swapped?.adapter_response, { _message: 'OK' });
    // The main statement is the model's SQL in target/run, as dbt writes it.
    const runSql = readFileSync(join(dir, 'target/run/custom_mats/models/swapped.sql'), 'utf8');
    // get_create_table_as_sql renders dbt-duckdb's create_table_as inside dbt's wrapper, blank lines and all.
    assert.equal(
      runSql,
      '\n  \n    \n    \n\n    create  table\n      "custom"."main"."swapped__dbt_tmp"\n  \n    as (\n      \nselect 1 as id, \'a\' as label union all select 2, \'b\'\n    );\n  \n  ',
    );
  });

  test('a second run swaps the existing table out and runs the hooks again', async () => {
    const run = await runCli(['run', '--project-dir', dir, '-s', 'swapped']);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const [log, leftovers] = await queryDb(
      db(),
      'select count(*) from main.hook_log',
      "select table_name from information_schema.tables where table_name like 'swapped%' order by 1",
    );
    assert.equal(Number(log![0]![0]), 4);
    assert.deepEqual(leftovers, [['swapped']]);
  });

  test("an adapter='duckdb' materialization wins over the default one", async () => {
    const [rows] = await queryDb(db(), 'select won, n from main.stamped_model');
    assert.deepEqual(rows, [['duckdb', 7]]);
  });

  test("a materialization defined in a local package runs for the root project's model", async () => {
    const [rows, kind] = await queryDb(
      db(),
      'select label, id from main.labelled order by id',
      "select table_type from information_schema.tables where table_name = 'labelled'",
    );
    assert.deepEqual(rows, [['from the package', 1], ['from the package', 2]]);
    assert.deepEqual(kind, [['VIEW']]);
  });

  test("a package's graph-values materialization inserts the project's models in several statements, twice", async () => {
    const expected = [
      ['bad_statement_model', 'bad_statement'],
      ['downstream', 'table'],
      ['graph_models', 'insert_graph_values'],
      ['labelled', 'labelled_view'],
      ['no_return_model', 'no_return'],
      ['refused', 'refusing'],
      ['stamped_model', 'stamped'],
      ['swapped', 'swap_table'],
    ];
    const [first] = await queryDb(db(), 'select model_name, materialized from main.graph_models order by 1');
    assert.deepEqual(first, expected);
    const run = await runCli(['run', '--project-dir', dir, '-s', 'graph_models']);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const [second, leftovers] = await queryDb(
      db(),
      'select model_name, materialized from main.graph_models order by 1',
      "select table_name from information_schema.tables where table_name like 'graph_models%'",
    );
    assert.deepEqual(second, expected);
    assert.deepEqual(leftovers, [['graph_models']]);
  });

  test('a model downstream of a custom-materialized model refs it', async () => {
    const [rows] = await queryDb(db(), 'select id10, label from main.downstream order by id10');
    assert.deepEqual(rows, [[10, 'a'], [20, 'b']]);
  });

  test('a block named like a built-in materialization is warned about and never run', async () => {
    const run = await runCli(['run', '--project-dir', dir, '-s', 'downstream']);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    assert.match(`${run.out}\n${run.err}`, /The materialization 'table' defined in package custom_mats is ignored; Reelhouse's built-in 'table' materialization is used instead/);
    assert.doesNotMatch(`${run.out}\n${run.err}`, /swap_table' defined|stamped' defined|labelled_view' defined/);
  });

  test('a failing statement and a block that returns no relations fail their models as dbt words it', async () => {
    const run = await runCli(['run', '--project-dir', dir, '-s', 'failing']);
    assert.equal(run.code, 1, `${run.out}\n${run.err}`);
    const text = `${run.out}\n${run.err}`;
    assert.match(text, /Runtime Error in model bad_statement_model \(models\/failing\/bad_statement_model\.sql\)\n(?:\d\d:\d\d:\d\d {2})? {2}Catalog Error: Table with name no_such_table_here does not exist/);
    assert.match(text, /Compilation Error in model no_return_model \(models\/failing\/no_return_model\.sql\)\n(?:\d\d:\d\d:\d\d {2})? {2}The materialization \("no_return"\) did not explicitly return a list of relations to add to the cache\./);
    const statuses = resultStatuses(dir);
    assert.equal(statuses.get('model.custom_mats.bad_statement_model'), 'error');
    assert.equal(statuses.get('model.custom_mats.no_return_model'), 'error');
  });

  test("a block's failing main statement is still written to target/run, as dbt writes it before sending it", async () => {
    const run = await runCli(['run', '--project-dir', dir, '-s', 'bad_statement_model']);
    assert.equal(run.code, 1, `${run.out}\n${run.err}`);
    const runSql = readFileSync(join(dir, 'target/run/custom_mats/models/failing/bad_statement_model.sql'), 'utf8');
    assert.match(runSql, /^create table "[^"]+"\."main"\."bad_statement_model" as select \* from no_such_table_here/);
  });

  test('a materialization that raises a compiler error fails its model with exit 1', async () => {
    const run = await runCli(['run', '--project-dir', dir, '--exclude', 'failing']);
    assert.equal(run.code, 1, `${run.out}\n${run.err}`);
    const text = `${run.out}\n${run.err}`;
    assert.match(text, /ERROR creating sql refusing model main\.refused/);
    assert.match(text, /Compilation Error in model refused \(models\/refused\.sql\)\n(?:\d\d:\d\d:\d\d {2})? {2}refusing to build refused/);
    const statuses = resultStatuses(dir);
    assert.equal(statuses.get('model.custom_mats.refused'), 'error');
    assert.equal(statuses.get('model.custom_mats.swapped'), 'success');
    assert.equal(statuses.get('model.custom_mats.labelled'), 'success');
  });
});

describe('a custom materialization building into a schema the warehouse does not have yet', () => {
  let dir = '';

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-custom-mat-schema-'));
    writeProjectFile(dir, 'dbt_project.yml', `name: fresh_schema_mats
version: '1.0.0'
config-version: 2
profile: fresh_schema_mats
models:
  fresh_schema_mats:
    ledgers:
      +schema: ledgers
`);
    writeProjectFile(dir, 'profiles.yml', `fresh_schema_mats:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: fresh.duckdb
      threads: 2
`);
    // Like dbt-project-evaluator's block: a bare create table, trusting dbt to have made the schema.
    writeProjectFile(dir, 'macros/bare_table.sql', `{% materialization bare_table, default %}
  {% call statement('main') %}create table {{ this }} as {{ sql }}{% endcall %}
  {{ return({'relations': [this]}) }}
{% endmaterialization %}
`);
    writeProjectFile(dir, 'models/ledgers/ledger_lines.sql', `{{ config(materialized='bare_table') }}
select 3 as line_no, 'copper' as item
`);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('the schema is created before the block runs, as dbt creates the schemas of selected nodes first', async () => {
    const run = await runCli(['run', '--project-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const [rows] = await queryDb(join(dir, 'fresh.duckdb'), 'select line_no, item from main_ledgers.ledger_lines');
    assert.deepEqual(rows, [[3, 'copper']]);
  });
});
