// End to end: dbt's compile compiles the ephemeral models it selects, writing their SQL under
// target/compiled; it lists them among the results (and prints them) only when --select names them.
// run compiles them as well, and never lists them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);
type Results = { results: { unique_id: string; status: string }[] };
const compiledApples = (): string => join(dir, 'target', 'compiled', 'orchard', 'models', 'apples.sql');

before(async () => {
  dir = await newProject('orchard');
  writeProjectFile(dir, 'models/apples.sql', "{{ config(materialized='ephemeral') }}\nselect 'gala' as variety, 12 as picked\n");
  writeProjectFile(dir, 'models/baskets.sql', "select sum(picked) as apples from {{ ref('apples') }}\n");
});
after(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

test('compile --select naming an ephemeral model compiles it, prints it and lists it in run_results.json', async () => {
  const compile = await cli('compile', '--select', 'apples');
  assert.equal(compile.code, 0, `${compile.out}\n${compile.err}`);
  assert.doesNotMatch(compile.out, /Nothing to do/);
  assert.match(compile.out, /Compiled node 'apples' is:\n+select 'gala' as variety, 12 as picked/);
  assert.deepEqual(readArtifact<Results>(dir, 'run_results.json').results.map((r) => [r.unique_id, r.status]), [['model.orchard.apples', 'success']]);
  assert.match(readFileSync(compiledApples(), 'utf8'), /select 'gala' as variety, 12 as picked/);
});

test('compile without --select writes the ephemeral model under target/compiled but leaves it out of run_results.json', async () => {
  await rm(join(dir, 'target'), { recursive: true, force: true });
  const compile = await cli('compile');
  assert.equal(compile.code, 0, `${compile.out}\n${compile.err}`);
  assert.ok(existsSync(compiledApples()), 'target/compiled holds the ephemeral model');
  assert.deepEqual(readArtifact<Results>(dir, 'run_results.json').results.map((r) => r.unique_id), ['model.orchard.baskets']);
});

test('run writes the ephemeral model under target/compiled too, and lists only the models it built', async () => {
  await rm(join(dir, 'target'), { recursive: true, force: true });
  const run = await cli('run');
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  assert.match(readFileSync(compiledApples(), 'utf8'), /select 'gala' as variety, 12 as picked/);
  assert.deepEqual(readArtifact<Results>(dir, 'run_results.json').results.map((r) => r.unique_id), ['model.orchard.baskets']);
  assert.match(run.out, /Done\. PASS=1 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=1/);
});
