// End to end: in `build`, the nodes below an ephemeral model that a failure upstream skipped are
// skipped "due to ephemeral model error", as dbt's build (which marks the children of skipped nodes
// too) names the skipped ephemeral model as their cause: an ERROR SKIP line, a message in
// run_results.json, and a count among the run's errors. `run` skips them plainly.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);
const lines = (text: string): string[] => text.split('\n').map((l) => l.replace(/^\d\d:\d\d:\d\d {2}/u, '').replace(/ \.+ /u, ' ... '));
const messages = (): Record<string, string | null> =>
  Object.fromEntries(readArtifact<{ results: { unique_id: string; message: string | null }[] }>(dir, 'run_results.json').results.map((r) => [r.unique_id, r.message]));

before(async () => {
  dir = await newProject('mill');
  writeProjectFile(dir, 'models/stg_sacks.sql', 'select 1 as sack_id, null as miller_id\n');
  writeProjectFile(dir, 'models/int_flour.sql', "{{ config(materialized='ephemeral') }}\nselect * from {{ ref('stg_sacks') }}\n");
  writeProjectFile(dir, 'models/loaves.sql', "{{ config(materialized='table') }}\nselect * from {{ ref('int_flour') }}\n");
  writeProjectFile(dir, 'models/rolls.sql', "{{ config(materialized='table') }}\nselect count(*) as n from {{ ref('int_flour') }}\n");
  writeProjectFile(dir, 'models/schema.yml', [
    'models:',
    '  - name: stg_sacks',
    '    columns:',
    '      - name: miller_id',
    '        data_tests: [not_null]',
    '  - name: loaves',
    '    columns:',
    '      - name: sack_id',
    '        data_tests: [not_null]',
    '',
  ].join('\n'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('build skips the nodes below a skipped ephemeral model with ERROR SKIP lines, counted among the errors', async () => {
  const result = await cli('build');
  assert.equal(result.code, 1, `${result.out}\n${result.err}`);
  const out = lines(result.out);
  assert.ok(out.includes('3 of 5 SKIP relation main.loaves due to ephemeral model error ... [ERROR SKIP]'), result.out);
  assert.ok(out.includes('4 of 5 SKIP relation main.rolls due to ephemeral model error ... [ERROR SKIP]'), result.out);
  // A test on a skipped model is skipped by that model, plainly.
  assert.ok(out.includes('5 of 5 SKIP test not_null_loaves_sack_id ... [SKIP]'), result.out);
  assert.ok(out.includes('Completed with 3 errors, 0 partial successes, and 0 warnings:'), result.out);
  assert.ok(out.includes('Done. PASS=1 WARN=0 ERROR=1 SKIP=3 NO-OP=0 TOTAL=5'), result.out);
  const byId = messages();
  assert.equal(byId['model.mill.loaves'], 'Compilation Error in model.mill.loaves, caused by compilation error in referenced ephemeral model model.mill.int_flour');
  const testId = Object.keys(byId).find((id) => id.startsWith('test.mill.not_null_loaves_sack_id'));
  assert.ok(testId, JSON.stringify(byId));
  assert.equal(byId[testId], null);
});

test('run skips the nodes below an ephemeral model plainly when the model above it fails', async () => {
  writeProjectFile(dir, 'models/stg_sacks.sql', 'select 1 as sack_id, no_such_column\n');
  const result = await cli('run');
  assert.equal(result.code, 1, `${result.out}\n${result.err}`);
  const out = lines(result.out);
  assert.ok(out.includes('2 of 3 SKIP relation main.loaves ... [SKIP]'), result.out);
  assert.ok(out.includes('Completed with 1 error, 0 partial successes, and 0 warnings:'), result.out);
  assert.equal(messages()['model.mill.loaves'], null);
});
