// End to end: target/run/<package>/<path> holds what each built-in materialization sends as its
// `main` statement, as dbt's statement('main') writes it: the create-as of a table or view, an
// incremental strategy's statements, a test's get_test_sql query, a snapshot's create or its
// update and insert, a seed's load. Drops, renames, staging tables and probes stay out of it.
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { csv, scenarioProject, type ScenarioProject } from './incremental-scenario-kit.js';

const STEP = `{% if var('step', 1) == 1 %}(1, 'merlot'), (2, 'syrah'){% else %}(2, 'shiraz'), (3, 'gamay'){% endif %}`;

function incremental(strategy: string, uniqueKey: boolean): string {
  return (
    `{{ config(materialized='incremental', incremental_strategy='${strategy}'${uniqueKey ? ", unique_key='id'" : ''}) }}\n` +
    `select * from (values ${STEP}) t(id, grape)\n`
  );
}

describe('target/run holds the main statement of each built-in materialization', () => {
  let p: ScenarioProject;
  const runFile = (path: string) => readFileSync(join(p.dir, 'target', 'run', 'scenario', path), 'utf8');
  /** The statements of a run file (joined as the writer joins them). */
  const statements = (path: string) => runFile(path).trim().split(/;\n\n/u);

  before(async () => {
    p = await scenarioProject({
      'seeds/grapes.csv': csv('id,grape,color', [1, 'merlot', 'red'], [2, 'riesling', 'white']),
      'models/cellar.sql': "{{ config(materialized='table') }}\nselect * from {{ ref('grapes') }}\n",
      'models/cellar_view.sql': "{{ config(materialized='view') }}\nselect id, grape from {{ ref('cellar') }}\n",
      'models/pours_di.sql': incremental('delete+insert', true),
      'models/pours_merge.sql': incremental('merge', true),
      'models/pours_append.sql': incremental('append', false),
      'models/broken.sql': "{{ config(materialized='table') }}\nselect * from no_such_table_anywhere\n",
      'tests/no_red.sql': "select * from {{ ref('cellar') }} where color = 'red'\n",
      'tests/stored_red.sql': "{{ config(store_failures=true) }}\nselect * from {{ ref('cellar') }} where color = 'red'\n",
      'tests/limited_red.sql': "{{ config(limit=5) }}\nselect * from {{ ref('cellar') }} where color = 'red'\n",
      'snapshots/grape_history.sql':
        "{% snapshot grape_history %}\n{{ config(target_schema='main', unique_key='id', strategy='check', check_cols='all') }}\n" +
        "select * from {{ ref('grapes') }}\n{% endsnapshot %}\n",
    }, '    copy:\n      type: duckdb\n      path: warehouse.duckdb\n      schema: cloned\n');
    await p.ok('seed');
    await p.run('run');
    await p.ok('snapshot');
  });
  after(async () => {
    await p.dispose();
  });

  test('a seed: the statement that loads the file into its table', () => {
    const seed = statements('seeds/grapes.csv');
    assert.equal(seed.length, 1, runFile('seeds/grapes.csv'));
    assert.match(seed[0]!, /^create table "warehouse"\."main"\."grapes__dbt_tmp" as\nselect/u);
    assert.match(seed[0]!, /read_csv\(/u);
  });

  test("a table and a view: the create-as of the staging relation, and nothing else, laid out as dbt-duckdb's macros render it", () => {
    // dbt 1.10 with dbt-duckdb 1.10 writes these texts byte for byte: the blank lines and indents
    // its create_table_as (inside dbt's wrapper) and create_view_as leave, the model's compiled
    // SQL as it is (the config call's empty line included).
    assert.equal(
      runFile('models/cellar.sql'),
      '\n  \n    \n    \n\n    create  table\n      "warehouse"."main"."cellar__dbt_tmp"\n  \n    as (\n      \nselect * from "warehouse"."main"."grapes"\n    );\n  \n  ',
    );
    assert.equal(
      runFile('models/cellar_view.sql'),
      '\n  \n  create view "warehouse"."main"."cellar_view__dbt_tmp" as (\n    \nselect id, grape from "warehouse"."main"."cellar"\n  );\n',
    );
  });

  test('a failing table still has its create statement written, as dbt writes main before sending it', () => {
    const sql = runFile('models/broken.sql');
    assert.match(sql, /^\s+create {2}table\s+"warehouse"\."main"\."broken__dbt_tmp"\s+as \(\s+select \* from no_such_table_anywhere/u, sql);
    assert.doesNotMatch(sql, /drop |rename|;\n\n/u, sql);
  });

  test('an incremental model: the create-as on its first run, the strategy statements on its second', async () => {
    // As dbt-duckdb's: the first build creates the table under the model's own name, there being nothing to swap out.
    assert.match(runFile('models/pours_di.sql'), /^\s+create {2}table\s+"warehouse"\."main"\."pours_di"\s+as \(/u);
    await p.ok('run', '--select', 'pours_di', 'pours_merge', 'pours_append', '--vars', '{step: 2}');
    const deleteInsert = statements('models/pours_di.sql');
    assert.deepEqual(deleteInsert.map((s) => s.split(/\s/u)[0]), ['delete', 'insert'], runFile('models/pours_di.sql'));
    const merge = statements('models/pours_merge.sql');
    assert.equal(merge.length, 1, runFile('models/pours_merge.sql'));
    assert.match(merge[0]!, /^merge into "warehouse"\."main"\."pours_merge"/u);
    const append = statements('models/pours_append.sql');
    assert.equal(append.length, 1, runFile('models/pours_append.sql'));
    assert.match(append[0]!, /^insert into "warehouse"\."main"\."pours_append"/u);
    // A full refresh of the existing table builds under the intermediate name, as dbt-duckdb's.
    await p.ok('run', '--select', 'pours_append', '--full-refresh');
    assert.match(runFile('models/pours_append.sql'), /^\s+create {2}table\s+"warehouse"\."main"\."pours_append__dbt_tmp"\s+as \(/u);
  });

  test("a failing data test: get_test_sql's query over the test's own", async () => {
    const run = await p.run('test', '--select', 'no_red', 'stored_red', 'limited_red');
    assert.equal(run.code, 1, `${run.out}\n${run.err}`);
    // dbt 1.10's text exactly: the statement's indented first line, get_test_sql's query, and the
    // test's SQL inside the lines of its sql_with_limit.
    const counted = (inner: string) =>
      `\n    select\n      count(*) as failures,\n      count(*) != 0 as should_warn,\n      count(*) != 0 as should_error\n    from (\n      ${inner}\n      \n    ) dbt_internal_test`;
    assert.equal(runFile('tests/no_red.sql'), counted(`\n    \n  select * from "warehouse"."main"."cellar" where color = 'red'\n  \n  `));
    // Stored failures: the audit table's create is no main statement; the query reads that table.
    assert.equal(runFile('tests/stored_red.sql'), counted('\n        select *\n        from "warehouse"."main_dbt_test__audit"."stored_red"\n    '));
    // A limit follows the test's SQL on a line of its own, as dbt's get_limit_sql puts it.
    assert.equal(runFile('tests/limited_red.sql'), counted(`\n    \n  \nselect * from "warehouse"."main"."cellar" where color = 'red'\n  \n  limit 5\n  `));
  });

  test('a snapshot: its create-as on the first run, its update and insert afterwards', async () => {
    const first = statements('snapshots/grape_history.sql');
    assert.equal(first.length, 1, runFile('snapshots/grape_history.sql'));
    assert.match(first[0]!, /^create table "warehouse"\."main"\."grape_history" as\nselect/u);
    await p.ok('snapshot');
    const again = statements('snapshots/grape_history.sql');
    assert.deepEqual(again.map((s) => s.split(/\s/u)[0]), ['update', 'insert'], runFile('snapshots/grape_history.sql'));
  });

  test("clone: the create view of dbt's view materialization over the state relation", async () => {
    cpSync(join(p.dir, 'target'), join(p.dir, 'state'), { recursive: true });
    await p.ok('clone', '--state', 'state', '--target', 'copy', '--select', 'cellar');
    const sql = runFile('models/cellar.sql');
    assert.equal(sql, '\n  \n  create view "warehouse"."cloned"."cellar__dbt_tmp" as (\n    select * from "warehouse"."main"."cellar"\n  );\n');
  });
});
