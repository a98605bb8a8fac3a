// End to end: with `quoting: {identifier: false}` dbt's get_relation searches for a relation's
// name in lower case (its _make_match_kwargs), so a relation a loader created in lower case is
// the exact match of a model or lookup spelled with capitals: the model builds over it and
// adapter.get_relation returns it, where a quoted project meets dbt's approximate match. A
// relation the run built is matched by lower case too.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, queryDb, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
before(async () => {
  dir = await newProject('dock', 'quoting:\n  identifier: false\n');
  writeProjectFile(dir, 'models/Pallets.sql', "{{ config(materialized='table') }}\nselect 7 as pallets\n");
  writeProjectFile(
    dir,
    'models/crane_check.sql',
    "{% if execute %}{% set found = adapter.get_relation(database=target.database, schema=target.schema, identifier='Cranes') %}" +
      "{% do log('crane lookup: ' ~ found, info=True) %}{% endif %}\nselect 1 as checked\n",
  );
  // Looks up the relation this run built under the model's capitalised name: dbt matches a relation it built by lower case.
  writeProjectFile(
    dir,
    'models/pallet_check.sql',
    "-- depends_on: {{ ref('Pallets') }}\n{% if execute %}{% do log('pallet lookup: ' ~ adapter.get_relation(database=target.database, schema=target.schema, identifier='Pallets'), info=True) %}{% endif %}\nselect 1 as checked\n",
  );
  await queryDb(join(dir, 'dock.duckdb'), 'create table main.pallets as select 1 as pallets', 'create table main.cranes as select 2 as cranes');
});
after(() => rm(dir, { recursive: true, force: true }));

test('an unquoted identifier is searched for in lower case: the lower-case relation is an exact match', async () => {
  const run = await runCli(['run', '--project-dir', dir]);
  assert.equal(run.code, 0, run.out + run.err);
  const results = readArtifact<{ results: { unique_id: string; status: string }[] }>(dir, 'run_results.json').results;
  assert.deepEqual(results.map((r) => [r.unique_id, r.status]).sort(), [['model.dock.Pallets', 'success'], ['model.dock.crane_check', 'success'], ['model.dock.pallet_check', 'success']]);
  assert.match(run.out, /crane lookup: \S*cranes/);
  assert.match(run.out, /pallet lookup: \S*Pallets/);
  const [rows] = await queryDb(join(dir, 'dock.duckdb'), "select (select pallets from main.pallets) from information_schema.tables where lower(table_name) = 'pallets'");
  assert.deepEqual(rows, [[7]]);
});
