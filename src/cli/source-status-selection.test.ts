// End to end: `source_status:fresher` compares the --state folder's sources.json with the one
// `source freshness` just wrote to target/, as dbt does, on run, build, test and ls.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { listLines, newProject, resultStatuses, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);
const landed = (hoursAgo: number) => cli('run-operation', '--sql', `insert into main.catches select 9, now()::timestamp - interval '${hoursAgo} hours'`);

before(async () => {
  dir = await newProject('harbour');
  writeProjectFile(dir, 'models/sources.yml', [
    'sources:',
    '  - name: boats',
    '    schema: main',
    '    loaded_at_field: landed_at',
    '    freshness: {warn_after: {count: 12, period: hour}}',
    '    tables:',
    '      - name: catches',
    '        columns:',
    '          - name: boat_id',
    '            data_tests: [not_null]',
    '',
  ].join('\n'));
  writeProjectFile(dir, 'models/daily_catch.sql', "select count(*) as boats from {{ source('boats', 'catches') }}\n");
  writeProjectFile(dir, 'models/unrelated.sql', 'select 1 as one\n');
  assert.equal((await cli('run-operation', '--sql', "create table main.catches as select 1 as boat_id, now()::timestamp - interval '3 hours' as landed_at")).code, 0);
  assert.equal((await cli('run')).code, 0);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('a source loaded since the state was saved selects itself and, with +, what reads it', async () => {
  assert.equal((await cli('source', 'freshness')).code, 0);
  const state = join(dir, 'saved');
  mkdirSync(state);
  for (const f of ['manifest.json', 'sources.json']) cpSync(join(dir, 'target', f), join(state, f));

  // Nothing new landed: nothing is fresher.
  assert.equal((await cli('source', 'freshness')).code, 0);
  assert.deepEqual(await listLines(dir, '-s', 'source_status:fresher+', '--state', state), []);

  assert.equal((await landed(1)).code, 0);
  assert.equal((await cli('source', 'freshness')).code, 0);
  // The source's own test comes along, as tests of selected nodes do.
  assert.deepEqual(await listLines(dir, '-s', 'source_status:fresher', '--state', state), ['source:harbour.boats.catches', 'harbour.source_not_null_boats_catches_boat_id']);
  const run = await cli('run', '-s', 'source_status:fresher+', '--state', state);
  assert.equal(run.code, 0, run.err);
  assert.deepEqual([...resultStatuses(dir).keys()], ['model.harbour.daily_catch']);
  const tests = await cli('test', '-s', 'source_status:fresher', '--state', state);
  assert.equal(tests.code, 0, tests.err);
  assert.deepEqual([...resultStatuses(dir).keys()].map((id) => id.split('.')[2]), ['source_not_null_boats_catches_boat_id']);
});
