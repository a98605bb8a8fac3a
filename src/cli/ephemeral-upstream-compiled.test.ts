// End to end: when a selected node carries an unselected ephemeral model as a CTE, dbt writes that
// ephemeral model's compiled SQL under target/compiled too (without listing it among the results).
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);
const compiled = (model: string): string => join(dir, 'target', 'compiled', 'bakery', 'models', `${model}.sql`);
type Results = { results: { unique_id: string }[] };

before(async () => {
  dir = await newProject('bakery');
  writeProjectFile(dir, 'models/flour.sql', "{{ config(materialized='ephemeral') }}\nselect 'rye' as grain, 5 as kilos\n");
  writeProjectFile(dir, 'models/dough.sql', "{{ config(materialized='ephemeral') }}\nselect grain, kilos * 2 as loaves from {{ ref('flour') }}\n");
  writeProjectFile(dir, 'models/loaves.sql', "select * from {{ ref('dough') }}\n");
  writeProjectFile(dir, 'models/crumbs.sql', "select 1 as crumb\n");
});
after(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

test('compile --select of a model writes the compiled SQL of the ephemeral models injected into it', async () => {
  const run = await cli('compile', '--select', 'loaves');
  assert.equal(run.code, 0, run.err);
  assert.match(readFileSync(compiled('flour'), 'utf8'), /select 'rye' as grain, 5 as kilos/);
  assert.match(readFileSync(compiled('dough'), 'utf8'), /with __dbt__cte__flour as \(/);
  assert.ok(!existsSync(compiled('crumbs')), 'an unrelated model is not compiled');
  assert.deepEqual(readArtifact<Results>(dir, 'run_results.json').results.map((r) => r.unique_id), ['model.bakery.loaves']);
});

test('run --select writes them too, and an ephemeral model selected alone writes only its own chain', async () => {
  await rm(join(dir, 'target'), { recursive: true, force: true });
  assert.equal((await cli('run', '--select', 'loaves')).code, 0);
  assert.ok(existsSync(compiled('flour')) && existsSync(compiled('dough')));
  await rm(join(dir, 'target'), { recursive: true, force: true });
  assert.equal((await cli('compile', '--select', 'dough')).code, 0);
  assert.ok(existsSync(compiled('flour')) && existsSync(compiled('dough')));
  assert.ok(!existsSync(compiled('loaves')), 'a child of the selection is not compiled');
});
