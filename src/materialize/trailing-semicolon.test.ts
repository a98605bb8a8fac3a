// A model or data test whose SQL ends with a semicolon fails as it does under dbt, which wraps
// the SQL as written in `create ... as (...)` or the test query: the database's syntax error.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { queryDb, resultStatuses, runCli, withProjectFiles } from '../cli/test-helpers.js';

const BASE = {
  'dbt_project.yml': "name: semis\nversion: '1.0.0'\nprofile: semis\n",
  'profiles.yml': 'semis:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: semis.duckdb\n',
};

describe('trailing semicolons in model and test SQL', () => {
  it('fail the table, the view and the data test with the syntax error, while a trailing comment still builds', async () => {
    const files = {
      'models/as_table.sql': "{{ config(materialized='table') }}\nselect 1 as id;\n\n",
      'models/as_view.sql': 'select 2 as id;',
      'models/commented.sql': 'select 3 as id\n-- ends with a comment;',
      'tests/ends_with_semicolon.sql': "select * from {{ ref('commented') }} where id < 0;\n",
    };
    await withProjectFiles(BASE, files, async (dir) => {
      const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
      assert.equal(run.code, 1, run.out);
      const statuses = resultStatuses(dir);
      assert.equal(statuses.get('model.semis.as_table'), 'error');
      assert.equal(statuses.get('model.semis.as_view'), 'error');
      assert.equal(statuses.get('model.semis.commented'), 'success');
      assert.equal(statuses.get('test.semis.ends_with_semicolon'), 'error');
      assert.match(run.out, /Runtime Error in model as_table \(models\/as_table\.sql\)\n\s+Parser Error: syntax error at or near ";"/u);
      const [tables] = await queryDb(`${dir}/semis.duckdb`, "select table_name from information_schema.tables where table_schema = 'main' order by 1");
      assert.deepEqual(tables, [['commented']]);
    });
  });
});
