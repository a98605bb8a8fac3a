// End to end: a unit test input given with format: sql is Jinja, as dbt makes those rows the raw
// code of the input's stand-in model: {% set %}, target and var() render before the rows are read,
// inline or from a fixture file. The expected rows of format: sql are not rendered (dbt runs them as written).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

interface Result {
  unique_id: string;
  status: string;
  message: string | null;
}

describe('unit test sql fixtures with Jinja', () => {
  let dir = '';
  before(async () => {
    dir = await newProject('orchard', 'vars:\n  crate_size: 12\n');
    writeProjectFile(dir, 'models/apples.sql', "select 1 as tree_id, cast('fuji' as varchar) as variety, 3 as crates\n");
    writeProjectFile(dir, 'models/yield.sql', "select tree_id, variety, crates * {{ var('crate_size') }} as apples from {{ ref('apples') }}\n");
    writeProjectFile(dir, 'tests/fixtures/gala_trees.sql',
      "{% set text_type = 'string' if target.type == 'bigquery' else 'varchar' %}\nselect 7 as tree_id, cast('gala' as {{ text_type }}) as variety, {{ var('crate_size') // 6 }} as crates\n");
    writeProjectFile(dir, 'models/unit.yml', `unit_tests:
  - name: yield_from_inline_sql
    model: yield
    given:
      - input: ref('apples')
        format: sql
        rows: |
          {% set text_type = 'string' if target.type in ['bigquery', 'databricks'] else 'varchar' %}
          select 5 as tree_id, cast('{{ target.type }}' as {{ text_type }}) as variety, 2 as crates
    expect:
      rows:
        - {tree_id: 5, variety: duckdb, apples: 24}
  - name: yield_from_fixture_file
    model: yield
    given:
      - input: ref('apples')
        format: sql
        fixture: gala_trees
    expect:
      rows:
        - {tree_id: 7, variety: gala, apples: 24}
`);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('the rows render before they are read, inline and from a fixture file', async () => {
    await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
    const run = await runCli(['test', '--project-dir', dir, '--profiles-dir', dir]);
    const results = readArtifact<{ results: Result[] }>(dir, 'run_results.json').results;
    for (const name of ['yield_from_inline_sql', 'yield_from_fixture_file']) {
      const r = results.find((x) => x.unique_id.endsWith(`.${name}`));
      assert.equal(r?.status, 'pass', `${name}: ${r?.message ?? ''}\n${run.out}\n${run.err}`);
    }
    assert.equal(run.code, 0);
  });

  test('the compiled unit test reads the rendered fixture SQL', () => {
    const texts = readFileSync(join(dir, 'target/compiled/orchard/models/unit.yml/models/yield_from_inline_sql.sql'), 'utf8');
    assert.match(texts, /cast\('duckdb' as varchar\)/);
    assert.doesNotMatch(texts, /\{%/);
  });
});
