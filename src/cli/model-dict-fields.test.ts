// End to end: `model` holds the node's fields as dbt's node dict has them, and none of
// Reelhouse's own bookkeeping (where the file was read from).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

before(async () => {
  dir = await newProject('tollgate');
  writeProjectFile(dir, 'models/booth.sql', "{% if execute %}{% do log('origin=' ~ ('origin' in model) ~ ' name=' ~ ('name' in model) ~ ' path=' ~ model.original_file_path, info=True) %}{% endif %}\nselect 1 as id\n");
});
after(async () => rm(dir, { recursive: true, force: true }));

test("a model's dict has dbt's fields and no origin", async () => {
  const run = await cli('compile');
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /origin=False name=True path=models\/booth\.sql/u);
});
