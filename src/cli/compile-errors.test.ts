// End to end: `compile` reports a node that fails to render instead of exiting silently.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, writeProjectFile } from './test-helpers.js';

let dir = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelhouse-compile-'));
  writeProjectFile(dir, 'dbt_project.yml', 'name: shop\nprofile: shop\n');
  writeProjectFile(dir, 'profiles.yml', 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: shop.duckdb\n');
  writeProjectFile(dir, 'models/fine.sql', 'select 1 as id\n');
  // fails only once execute is true, the way package macros check their inputs at run time
  writeProjectFile(dir, 'models/broken.sql', "{% if execute %}{{ exceptions.raise_compiler_error('the input relation is not usable here') }}{% endif %}\nselect 2 as id\n");
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('compile prints the render error of a failing node as a runtime error and exits 2', async () => {
  const run = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir, '-s', 'broken']);
  // dbt's compile raises at its first failing node: an unhandled error, not a model error.
  assert.equal(run.code, 2);
  const text = `${run.out}\n${run.err}`;
  assert.match(text, /Encountered an error:\n.*Runtime Error\n.*  Compilation Error in model broken \(models\/broken\.sql\)\n.*    the input relation is not usable here/);
});

test('docs generate stops at a node that fails to compile, exits 2 and writes no catalog', async () => {
  await rm(join(dir, 'target'), { recursive: true, force: true });
  const run = await runCli(['docs', 'generate', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 2, run.out + run.err);
  assert.match(`${run.out}\n${run.err}`, /the input relation is not usable here/);
  assert.equal(existsSync(join(dir, 'target', 'catalog.json')), false);
  assert.equal(existsSync(join(dir, 'target', 'manifest.json')), true);
});

test('compile of healthy nodes prints no error', async () => {
  const run = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir, '-s', 'fine']);
  assert.equal(run.code, 0, run.err);
  assert.doesNotMatch(`${run.out}\n${run.err}`, /Encountered an error/);
});
