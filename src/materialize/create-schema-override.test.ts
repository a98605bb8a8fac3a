// A project that replaces dbt's create_schema macro (here duckdb__create_schema, which
// adapter.dispatch finds in the root project first) decides how the run's schemas are made:
// dbt creates them through adapter.create_schema, which runs that macro, not a statement of its own.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { queryDb, resultStatuses, runCli, withProjectFiles } from '../cli/test-helpers.js';

const FILES = {
  'dbt_project.yml': "name: schemas\nversion: '1.0.0'\nprofile: schemas\n",
  'profiles.yml': 'schemas:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: schemas.duckdb\n',
  'models/kept.sql': "{{ config(schema='kept') }}\nselect 1 as id",
  'models/again.sql': "{{ config(schema='kept') }}\nselect 2 as id",
  'models/skipped.sql': "{{ config(schema='skipped') }}\nselect 3 as id",
  // Records each call, and leaves any schema named *skipped uncreated.
  'macros/create_schema.sql': [
    '{% macro duckdb__create_schema(relation) -%}',
    "  {% do run_query('create table if not exists main.schema_calls (name varchar)') %}",
    "  {% do run_query(\"insert into main.schema_calls values ('\" ~ relation.schema ~ \"')\") %}",
    "  {% if not relation.schema.endswith('skipped') %}",
    '    {% do run_query("create schema if not exists " ~ relation.without_identifier()) %}',
    '  {% endif %}',
    '{%- endmacro %}',
    '',
  ].join('\n'),
};

describe("a project's create_schema macro", () => {
  it('creates the schemas of the run, once each, and a schema it leaves out fails the nodes that need it', async () => {
    await withProjectFiles(FILES, {}, async (dir) => {
      const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
      assert.equal(run.code, 1, run.out);
      const statuses = resultStatuses(dir);
      assert.equal(statuses.get('model.schemas.kept'), 'success');
      assert.equal(statuses.get('model.schemas.again'), 'success');
      assert.equal(statuses.get('model.schemas.skipped'), 'error');
      assert.match(run.out, /Runtime Error in model skipped[^\n]*\n[^\n]*Schema with name "?main_skipped"? does not exist/u);
      const [calls] = await queryDb(`${dir}/schemas.duckdb`, 'select name from main.schema_calls order by name');
      assert.deepEqual(calls, [['main_kept'], ['main_skipped']]);
    });
  });
});
