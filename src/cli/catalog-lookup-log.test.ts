// End to end: the catalog queries a template's lookups send (adapter.get_columns_in_relation,
// get_relation, list_relations) are in logs/dbt.log as "On <session>: <sql>" lines with their
// values filled in, followed by their "SQL status", as dbt's debug log shows its catalog queries.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('lighthouse');
  writeProjectFile(dir, 'models/beacons.sql', "select 1 as beacon_id, 'north' as cape\n");
  writeProjectFile(dir, 'models/keepers.sql', [
    '{% if execute %}',
    "{% set beacons = adapter.get_relation(database=target.database, schema=target.schema, identifier='beacons') %}",
    '{% set columns = adapter.get_columns_in_relation(beacons) %}',
    '{% set listed = adapter.list_relations(database=target.database, schema=target.schema) %}',
    '{% endif %}',
    "select {{ columns | length if execute else 0 }} as beacon_columns from {{ ref('beacons') }}\n",
  ].join('\n'));
});
after(async () => rm(dir, { recursive: true, force: true }));

test("a template's get_columns_in_relation query is in dbt.log with its relation filled in, then its SQL status", async () => {
  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.out + run.err);
  const log = readFileSync(join(dir, 'logs', 'dbt.log'), 'utf8');
  const start = log.indexOf('START sql view model main.keepers');
  assert.ok(start > 0, log);
  const keepers = log.slice(start);
  const columns = /\[debug\] \[[^\]]+\]: On [^:]+: select column_name[\s\S]*?lower\('beacons'\)\norder by ordinal_position\n(.*)\n/u.exec(keepers);
  assert.ok(columns, keepers);
  assert.match(columns[1]!, /SQL status: OK in \d+\.\d{3} seconds/);
  assert.doesNotMatch(columns[0], /\$\d/u, 'the values are in the logged SQL, not placeholders');
  // list_relations: the listing of the schema (no cached one: beacons was just built).
  assert.match(keepers, /On [^:]+: select database_name, schema_name, table_name[\s\S]*?lower\('main'\)/u);
});
