// End to end: a var() that nothing defines fails the node that runs it with dbt's words: the
// var's name, then on its own line the node (by its name) and every var it could have used,
// as json.dumps(sort_keys=True, indent=4) prints them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from '../../cli/test-helpers.js';

test('a missing var names the node and lists the vars it was given, sorted and indented as dbt prints them', async () => {
  const dir = await newProject('orchard', "vars:\n  region: north\n  batch: 2\n");
  try {
    writeProjectFile(dir, 'models/crops.sql', "select '{{ var(\"harvest_day\") }}' as harvest_day\n");
    const run = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir, '--vars', '{picker: ada}']);
    assert.notEqual(run.code, 0, run.out);
    const lines = (run.out + '\n' + run.err).split('\n').map((line) => line.trim());
    const at = lines.indexOf("Required var 'harvest_day' not found in config:");
    assert.ok(at >= 0, run.out + run.err);
    assert.deepEqual(lines.slice(at + 1, at + 6), ['Vars supplied to crops = {', '"batch": 2,', '"picker": "ada",', '"region": "north"', '}']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a var missing while dbt_project.yml renders is reported for <Configuration>, with the --vars given', async () => {
  const dir = await newProject('orchard', "models:\n  orchard:\n    +schema: \"{{ var('zone') }}\"\n");
  try {
    writeProjectFile(dir, 'models/crops.sql', 'select 1 as crop_id\n');
    const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir, '--vars', '{picker: ada}']);
    assert.notEqual(run.code, 0, run.out);
    const lines = (run.out + '\n' + run.err).split('\n').map((line) => line.trim());
    const at = lines.findIndex((line) => line.endsWith("Required var 'zone' not found in config:"));
    assert.ok(at >= 0, run.out + run.err);
    assert.deepEqual(lines.slice(at + 1, at + 4), ['Vars supplied to <Configuration> = {', '"picker": "ada"', '}']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
