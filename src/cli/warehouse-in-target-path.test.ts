// End to end: a profile whose DuckDB file lives in the project's target folder
// (`path: target/dev.duckdb`) works on a fresh checkout, as with dbt, which has written its
// parse artifacts into target-path before it opens the warehouse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, queryDb, runCli, writeProjectFile } from './test-helpers.js';

test('a warehouse file inside a missing target-path folder is opened, the folder made', async () => {
  const dir = await newProject('lighthouse', 'target-path: build_out\n');
  try {
    writeProjectFile(dir, 'profiles.yml', 'lighthouse:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: build_out/keeper.duckdb\n');
    writeProjectFile(dir, 'seeds/lamps.csv', 'lamp_id,watts\n1,60\n2,100\n');
    writeProjectFile(dir, 'models/bright_lamps.sql', "select lamp_id from {{ ref('lamps') }} where watts > 75");
    assert.equal(existsSync(join(dir, 'build_out')), false);
    const run = await runCli(['build', '--project-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const [rows] = await queryDb(join(dir, 'build_out', 'keeper.duckdb'), 'select lamp_id from main.bright_lamps');
    assert.deepEqual(rows, [[2]]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a warehouse file in some other missing folder is still an error that names the folder', async () => {
  const dir = await newProject('lighthouse');
  try {
    writeProjectFile(dir, 'profiles.yml', 'lighthouse:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: nowhere/keeper.duckdb\n');
    writeProjectFile(dir, 'models/one.sql', 'select 1 as x');
    const run = await runCli(['run', '--project-dir', dir]);
    assert.notEqual(run.code, 0);
    assert.match(run.err + run.out, /The folder .*nowhere does not exist/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
