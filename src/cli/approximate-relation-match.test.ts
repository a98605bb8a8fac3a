// End to end: dbt looks a model's existing relation up by its exact name. A relation whose name
// differs only in letter case (one a loader created as SHIPMENTS for a model named shipments) is
// an approximate match: dbt refuses to build over it, with its ApproximateMatchError under the
// macros the lookup sits in, and the relation stays as it was.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, queryDb, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
before(async () => {
  dir = await newProject('wharf');
  writeProjectFile(dir, 'models/shipments.sql', "{{ config(materialized='table') }}\nselect 2 as crates\n");
  writeProjectFile(dir, 'models/berths.sql', "{{ config(materialized='view') }}\nselect 3 as berth\n");
  writeProjectFile(
    dir,
    'models/manifest_check.sql',
    "{% if execute %}{% set found = adapter.get_relation(database=target.database, schema=target.schema, identifier='Shipments') %}{% endif %}\nselect 1 as checked\n",
  );
  await queryDb(join(dir, 'wharf.duckdb'), 'create table main."SHIPMENTS" as select 1 as crates');
});
after(() => rm(dir, { recursive: true, force: true }));

test('a model whose relation exists under its name in another case fails with dbt\'s approximate match, leaving it as it was', async () => {
  const run = await runCli(['run', '--project-dir', dir]);
  assert.equal(run.code, 1, run.out + run.err);
  const expected = [
    'Compilation Error in model shipments (models/shipments.sql)',
    '  When searching for a relation, dbt found an approximate match. Instead of guessing ',
    '  which relation to use, dbt will move on. Please delete "wharf"."main"."SHIPMENTS", or rename it to be less ambiguous.',
    '  Searched for: "wharf"."main"."shipments"',
    '  Found: "wharf"."main"."SHIPMENTS"',
    '  ',
    '  > in macro load_cached_relation (macros/adapters/relation.sql)',
    '  > called by macro materialization_table_duckdb (macros/materializations/table.sql)',
    '  > called by model shipments (models/shipments.sql)',
  ].join('\n');
  const results = readArtifact<{ results: { unique_id: string; status: string; message: string | null }[] }>(dir, 'run_results.json').results;
  const shipments = results.find((r) => r.unique_id === 'model.wharf.shipments');
  assert.equal(shipments?.status, 'error');
  assert.equal(shipments?.message, expected);
  assert.equal(results.find((r) => r.unique_id === 'model.wharf.berths')?.status, 'success');
  // adapter.get_relation in a model's own Jinja answers the same way.
  const check = results.find((r) => r.unique_id === 'model.wharf.manifest_check');
  assert.equal(check?.status, 'error');
  assert.match(check?.message ?? '', /^Compilation Error in model manifest_check \(models\/manifest_check\.sql\)\n {2}When searching for a relation, dbt found an approximate match\./);
  assert.match(check?.message ?? '', /\n {2}Searched for: "wharf"\."main"\."Shipments"\n {2}Found: "wharf"\."main"\."SHIPMENTS"/);
  const [rows] = await queryDb(join(dir, 'wharf.duckdb'), "select table_name, (select crates from main.shipments) from information_schema.tables where lower(table_name) = 'shipments'");
  assert.deepEqual(rows, [['SHIPMENTS', 1]]);
});
