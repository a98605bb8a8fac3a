// End to end: `compile --inline` and `show --inline` render the SQL as dbt's inline node, a SQL
// operation named inline_query, which templates see as `model` and `this`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelhouse-inline-node-'));
  writeProjectFile(dir, 'dbt_project.yml', 'name: ferry\nprofile: ferry\nmodels:\n  ferry:\n    +materialized: table\n');
  writeProjectFile(dir, 'profiles.yml', 'ferry:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ferry.duckdb\n      schema: harbour\n');
  writeProjectFile(dir, 'models/crossings.sql', 'select 1 as crossing_id\n');
  assert.equal((await cli('run', '-q')).code, 0);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('compile --inline gives templates the inline node as model, and its relation as this', async () => {
  const sql = "select '{{ model.name }} {{ model.unique_id }} {{ model.resource_type }} {{ model.path }} {{ model.original_file_path }}' as node, '{{ model.fqn | join(\".\") }} {{ config.get(\"materialized\") }} {{ this }}' as more";
  const run = await cli('compile', '-q', '--inline', sql);
  assert.equal(run.code, 0, run.err);
  assert.equal(
    run.out.trim(),
    "select 'inline_query sql_operation.ferry.inline_query sql_operation sql/inline_query from remote system.sql' as node, 'ferry.sql.inline_query table \"ferry\".\"harbour\".\"inline_query\"' as more",
  );
});

test("show --inline renders model.name as the inline query's", async () => {
  const run = await cli('show', '-q', '--inline', "select '{{ model.name }}' as who from {{ ref('crossings') }}", '--output', 'json');
  assert.equal(run.code, 0, run.err);
  assert.deepEqual(JSON.parse(run.out), { show: [{ who: 'inline_query' }] });
});
