// End to end: `freshness:` written as a top-level property of a source or source table warns as
// dbt 1.10's PropertyMovedToConfigDeprecation (once per file and name, printed once, counted in
// the summary); under `config:` it does not, and --warn-error-options can raise it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);
const FRESHNESS = '{warn_after: {count: 1, period: day}}';

before(async () => {
  dir = await newProject('quarry');
  writeProjectFile(dir, 'models/stones.sql', 'select 1 as id\n');
});
after(async () => rm(dir, { recursive: true, force: true }));

test('a top-level freshness on a source and on one of its tables warns once and counts two occurrences', async () => {
  writeProjectFile(dir, 'models/sources.yml', [
    'sources:',
    '  - name: pit',
    '    loaded_at_field: loaded_at',
    `    freshness: ${FRESHNESS}`,
    '    tables:',
    '      - name: granite',
    '      - name: marble',
    `        freshness: ${FRESHNESS}`,
    '',
  ].join('\n'));
  const run = await cli('parse');
  assert.equal(run.code, 0, run.out + run.err);
  const warnings = run.err.split('\n').filter((l) => l.includes('as a top-level property of'));
  assert.equal(warnings.length, 1, run.err);
  assert.match(warnings[0]!, /Found `freshness` as a top-level property of `pit` in file `models\/sources\.yml`\. The `freshness` top-level property should be moved into the `config` of `pit`\./u);
  assert.match(run.out, /- PropertyMovedToConfigDeprecation: 2 occurrences/u);
});

test('freshness under config: does not warn, and the warning can be raised as an error', async () => {
  writeProjectFile(dir, 'models/sources.yml', [
    'sources:',
    '  - name: pit',
    '    loaded_at_field: loaded_at',
    `    config: {freshness: ${FRESHNESS}}`,
    '    tables:',
    '      - name: granite',
    '',
  ].join('\n'));
  const clean = await cli('parse');
  assert.equal(clean.code, 0, clean.out + clean.err);
  assert.doesNotMatch(clean.out + clean.err, /PropertyMovedToConfigDeprecation|top-level property/u);

  writeProjectFile(dir, 'models/sources.yml', `sources:\n  - name: pit\n    loaded_at_field: loaded_at\n    freshness: ${FRESHNESS}\n    tables:\n      - name: granite\n`);
  const raised = await cli('parse', '--warn-error-options', '{error: [PropertyMovedToConfigDeprecation]}');
  assert.equal(raised.code, 2, raised.out + raised.err);
});
