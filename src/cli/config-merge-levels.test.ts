// How a config set at several levels (dbt_project.yml, properties YAML, config()) combines, end to
// end on a DuckDB file: which of dbt's merge behaviours each config follows.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { scenarioProject } from './incremental-scenario-kit.js';

describe('config merge across levels', () => {
  test("persist_docs set in the model replaces the project's whole dict, so only its columns are commented", async () => {
    const p = await scenarioProject({
      'models/titles.sql': "{{ config(materialized='table', persist_docs={'columns': true}) }}\nselect 1 as title_id",
      'models/schema.yml': 'version: 2\nmodels:\n  - name: titles\n    description: Every title.\n    columns:\n      - name: title_id\n        description: Key of the title.\n',
    });
    p.write('dbt_project.yml', "name: scenario\nversion: '1.0'\nconfig-version: 2\nprofile: scenario\nmodels:\n  +persist_docs: {relation: true}\n");
    try {
      await p.ok('run');
      assert.deepEqual(await p.rows("select comment from duckdb_tables() where table_name = 'titles'"), [[null]]);
      assert.deepEqual(await p.rows("select comment from duckdb_columns() where table_name = 'titles'"), [['Key of the title.']]);
    } finally {
      await p.dispose();
    }
  });

  test("a + prefix marks a config in dbt_project.yml only: in a properties file's config: or a config() call it names a key of its own that sets nothing", async () => {
    const p = await scenarioProject({
      'models/titles.sql': 'select 1 as title_id',
      'models/genres.sql': "{{ config({'+materialized': 'table'}) }}\nselect 1 as genre_id",
      'models/shows.sql': 'select 1 as show_id',
      'models/schema.yml': 'version: 2\nmodels:\n  - name: titles\n    config:\n      +materialized: table\n',
    });
    p.write('dbt_project.yml', "name: scenario\nversion: '1.0'\nconfig-version: 2\nprofile: scenario\nmodels:\n  scenario:\n    shows:\n      +materialized: table\n");
    try {
      await p.ok('run');
      const types = await p.rows("select table_name, table_type from information_schema.tables where table_schema = 'main' order by table_name");
      assert.deepEqual(types, [['genres', 'VIEW'], ['shows', 'BASE TABLE'], ['titles', 'VIEW']]);
    } finally {
      await p.dispose();
    }
  });
});
