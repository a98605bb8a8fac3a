// End to end: when the root project defines a source a package also defines, source() in the
// package's own models resolves to the root project's, as dbt searches the root project first,
// then the calling node's package: the compiled SQL reads the table the lineage names.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
before(async () => {
  dir = await newProject('pier');
  writeProjectFile(dir, 'dbt_packages/tug_source/dbt_project.yml', "name: 'tug_source'\nversion: '1.0.0'\n");
  writeProjectFile(dir, 'dbt_packages/tug_source/models/src_tug.yml', 'sources:\n  - name: tug\n    schema: tug_raw\n    tables:\n      - name: tows\n');
  writeProjectFile(dir, 'dbt_packages/tug_source/models/stg_tug__tows.sql', "select * from {{ source('tug', 'tows') }}\n");
  writeProjectFile(dir, 'models/src_tug.yml', 'sources:\n  - name: tug\n    schema: main\n    tables:\n      - name: tows\n        identifier: pier_tows\n');
  writeProjectFile(dir, 'seeds/pier_tows.csv', 'tow_id\n1\n2\n');
});
after(() => rm(dir, { recursive: true, force: true }));

test("a package model's source() finds the root project's source of that name first", async () => {
  // The seed loads the source's table; nothing in the DAG orders it before the model, which
  // dbt's queue (depth, then unique_id) would take first, so it is loaded beforehand.
  const seeded = await runCli(['seed', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(seeded.code, 0, seeded.out + seeded.err);
  const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.out + run.err);
  const compiled = readFileSync(join(dir, 'target/compiled/tug_source/models/stg_tug__tows.sql'), 'utf8');
  assert.match(compiled, /"main"\."pier_tows"/u);
  const manifest = readArtifact<{ nodes: Record<string, { depends_on: { nodes: string[] } }> }>(dir, 'manifest.json');
  assert.deepEqual(manifest.nodes['model.tug_source.stg_tug__tows']!.depends_on.nodes, ['source.pier.tug.tows']);
});
