// End to end: a model, snapshot or seed built in an attached database (config database=) is
// named in its progress lines as dbt names it: the model and snapshot START/OK lines lead with
// the database when it is not the target's, the seed's result line keeps schema.alias, and a
// relation in the target's own database is printed without it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
before(async () => {
  dir = await newProject('atlas', "seeds:\n  atlas:\n    +database: archive\n");
  writeProjectFile(dir, 'profiles.yml', [
    'atlas:',
    '  target: dev',
    '  outputs:',
    '    dev:',
    '      type: duckdb',
    '      path: atlas.duckdb',
    '      attach:',
    '        - path: archive_file.duckdb',
    '          alias: archive',
    '',
  ].join('\n'));
  writeProjectFile(dir, 'seeds/ports.csv', 'port_id,name\n1,Lisbon\n2,Genoa\n');
  writeProjectFile(dir, 'models/routes.sql', "{{ config(materialized='table', database='archive') }}\nselect port_id from {{ ref('ports') }}\n");
  writeProjectFile(dir, 'models/local_routes.sql', "{{ config(materialized='table') }}\nselect port_id from {{ ref('routes') }}\n");
  writeProjectFile(dir, 'snapshots/ports_snap.yml', [
    'snapshots:',
    '  - name: ports_snap',
    "    relation: ref('ports')",
    '    config:',
    '      database: archive',
    '      unique_key: port_id',
    '      strategy: check',
    '      check_cols: all',
    '',
  ].join('\n'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('progress lines name the database of relations built outside the target database', async () => {
  const built = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(built.code, 0, built.out + built.err);
  assert.match(built.out, /START seed file archive\.main\.ports \.+ \[RUN\]/);
  assert.match(built.out, /OK loaded seed file main\.ports \.+ \[INSERT 2 in/);
  assert.match(built.out, /START sql table model archive\.main\.routes \.+ \[RUN\]/);
  assert.match(built.out, /OK created sql table model archive\.main\.routes \.+ \[OK in/);
  assert.match(built.out, /START snapshot archive\.main\.ports_snap \.+ \[RUN\]/);
  assert.match(built.out, /OK snapshotted archive\.main\.ports_snap \.+ \[/);
  assert.match(built.out, /OK created sql table model main\.local_routes \.+ \[OK in/);
});
