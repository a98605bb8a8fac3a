// End to end: when no --select, --exclude or --selector is given and selectors.yml marks a
// selector `default: true`, dbt says which one picked the nodes ("Using default selector x",
// its DefaultSelector event) right after the Found line; an explicit selection says nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);
const lines = (text: string): string[] => text.split('\n').map((line) => line.replace(/^\d\d:\d\d:\d\d {2}/u, ''));

before(async () => {
  dir = await newProject('projection');
  writeProjectFile(dir, 'models/screenings.sql', "{{ config(tags=['nightly']) }}\nselect 1 as screening_id\n");
  writeProjectFile(dir, 'models/trailers.sql', "{{ config(tags=['weekly']) }}\nselect 1 as trailer_id\n");
  writeProjectFile(dir, 'selectors.yml', [
    'selectors:',
    '  - name: nightly_run',
    '    default: true',
    '    definition:',
    '      tag: nightly',
    '  - name: weekly_run',
    '    definition:',
    '      tag: weekly',
    '',
  ].join('\n'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('a run without selection names the default selector right after the Found line', async () => {
  const run = await cli('run');
  assert.equal(run.code, 0, run.out + run.err);
  const out = lines(run.out);
  const found = out.findIndex((l) => l.startsWith('Found '));
  assert.ok(found >= 0, run.out);
  assert.equal(out[found + 1], 'Using default selector nightly_run');
  assert.match(run.out, /OK created sql view model main\.screenings/);
  assert.doesNotMatch(run.out, /trailers/);
});

test('the line is printed even when the default selector leaves nothing to do', async () => {
  const run = await cli('seed');
  assert.equal(run.code, 0, run.out + run.err);
  const out = lines(run.out);
  const found = out.findIndex((l) => l.startsWith('Found '));
  assert.deepEqual(out.slice(found + 1, found + 3), ['Using default selector nightly_run', 'Nothing to do. Try checking your model configs and model specification args']);
});

test('an explicit --select or --selector does not mention the default selector', async () => {
  for (const args of [['run', '-s', 'trailers'], ['run', '--selector', 'weekly_run']]) {
    const run = await cli(...args);
    assert.equal(run.code, 0, run.out + run.err);
    assert.doesNotMatch(run.out, /Using default selector/, args.join(' '));
    assert.match(run.out, /main\.trailers/);
  }
});
