// End to end: a macro run on its own (run-operation) cannot ref() an ephemeral model: there is no
// node to put its CTE in, and dbt fails the operation with a compilation error. A model may.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

before(async () => {
  dir = await newProject('lockgate');
  writeProjectFile(dir, 'models/sluice.sql', "{{ config(materialized='ephemeral') }}\nselect 1 as id\n");
  writeProjectFile(dir, 'models/basin.sql', 'select * from {{ ref(\'sluice\') }}\n');
  writeProjectFile(dir, 'macros/ref_sluice.sql', "{% macro ref_sluice() %}{% do log('ref=' ~ ref('sluice'), info=True) %}{% endmacro %}\n");
});
after(async () => rm(dir, { recursive: true, force: true }));

test('run-operation fails on a ref() to an ephemeral model', async () => {
  const run = await cli('run-operation', 'ref_sluice');
  assert.equal(run.code, 1, run.out + run.err);
  assert.match(run.out + run.err, /Operations can not ref\(\) ephemeral nodes, but sluice is ephemeral/u);
  assert.doesNotMatch(run.out, /ref=__dbt__cte__sluice/u);
});

test('a model refs it as a CTE', async () => {
  const run = await cli('compile', '--select', 'basin');
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /__dbt__cte__sluice/u);
});
