// End to end: `source freshness` frames its results as dbt's graph tasks do: the Found and
// Concurrency lines before, the Finished line and `Done.` after.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
before(async () => {
  dir = await newProject('beacon');
  writeProjectFile(dir, 'seeds/pings.csv', 'ping_id,heard_at\n1,2020-01-01 00:00:00\n2,2020-01-02 00:00:00\n');
  writeProjectFile(dir, 'models/sources.yml', [
    'sources:',
    '  - name: radio',
    '    schema: main',
    '    tables:',
    '      - name: pings',
    '        loaded_at_field: heard_at',
    '        freshness: {warn_after: {count: 1, period: day}}',
    '      - name: silent',
    '        identifier: pings',
    '',
  ].join('\n'));
  writeProjectFile(dir, 'models/heard.sql', "select * from {{ source('radio', 'pings') }}\n");
  const seed = await runCli(['seed', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(seed.code, 0, seed.out + seed.err);
});
after(() => rm(dir, { recursive: true, force: true }));

test('freshness prints Found and Concurrency before its results and Finished and Done. after them', async () => {
  const run = await runCli(['source', 'freshness', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.out + run.err);
  const lines = run.out.split('\n').map((l) => l.replace(/^\d\d:\d\d:\d\d {2}/u, '')).filter((l) => l.trim() !== '');
  const at = (pattern: RegExp): number => lines.findIndex((l) => pattern.test(l));
  const found = at(/^Found 1 model, 1 seed, 2 sources, \d+ macros$/u);
  const concurrency = at(/^Concurrency: \d+ threads \(target='dev'\)$/u);
  const start = at(/^1 of 1 START freshness of radio\.pings \.+ \[RUN\]$/u);
  const finished = at(/^Finished running 1 source in 0 hours 0 minutes and \d+\.\d\d seconds \(\d+\.\d\ds\)\.$/u);
  const done = at(/^Done\.$/u);
  assert.ok(found >= 0 && concurrency > found && start > concurrency && finished > start && done > finished, lines.join('\n'));
  // The warning itself is logged at warn level, beside the other lines.
  assert.match(run.out + run.err, /1 of 1 WARN freshness of radio\.pings \.+ \[WARN in \d+\.\d\ds\]/u);
});
