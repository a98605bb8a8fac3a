// End to end: a project materialization that builds through get_create_view_as_sql gets the text
// dbt-duckdb's create_view_as renders (blank lines, indents, closing semicolon), so its target/run
// file holds what dbt writes there.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, queryDb, runCli, writeProjectFile } from './test-helpers.js';

describe("get_create_view_as_sql renders dbt-duckdb's layout", () => {
  let dir = '';
  before(async () => {
    dir = await newProject('vlay');
    writeProjectFile(
      dir,
      'macros/plain_view.sql',
      "{% materialization plain_view, default %}\n  {%- set target_relation = this.incorporate(type='view') -%}\n" +
        "  {% call statement('main') -%}\n    {{ get_create_view_as_sql(target_relation, sql) }}\n  {%- endcall %}\n" +
        "  {{ return({'relations': [target_relation]}) }}\n{% endmaterialization %}\n",
    );
    writeProjectFile(dir, 'models/shown.sql', "{{ config(materialized='plain_view') }}\nselect 7 as lucky");
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('the main statement and the view it made', async () => {
    const run = await runCli(['run', '--project-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const runSql = readFileSync(join(dir, 'target/run/vlay/models/shown.sql'), 'utf8');
    assert.equal(runSql, '\n  \n  create view "vlay"."main"."shown" as (\n    \nselect 7 as lucky\n  );\n');
    const [rows] = await queryDb(join(dir, 'vlay.duckdb'), 'select lucky from main.shown');
    assert.deepEqual(rows, [[7]]);
  });
});
