// End to end: a node's render holds `defer_relation`, as dbt's ModelContext does: None without
// --defer, and with --defer the relation the --state manifest records for the node.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

before(async () => {
  dir = await newProject('ferry', 'models:\n  ferry:\n    +schema: prod\n');
  writeProjectFile(dir, 'models/deck.sql', "{% if execute %}{% do log('deck defer_relation=' ~ defer_relation, info=True) %}{% endif %}\nselect 1 as id\n");
});
after(async () => rm(dir, { recursive: true, force: true }));

test('defer_relation is None without --defer', async () => {
  const run = await cli('compile');
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /deck defer_relation=None/u);
});

test("with --defer it is the node's relation in the state manifest", async () => {
  const built = await cli('run');
  assert.equal(built.code, 0, built.out + built.err);
  await cp(join(dir, 'target'), join(dir, 'prod-state'), { recursive: true });
  writeProjectFile(dir, 'dbt_project.yml', "name: ferry\nversion: '1.0.0'\nprofile: ferry\nmodels:\n  ferry:\n    +schema: dev\n");
  const run = await cli('compile', '--defer', '--state', join(dir, 'prod-state'));
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /deck defer_relation="ferry"\."main_prod"\."deck"/u);
});
