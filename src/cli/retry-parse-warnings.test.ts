// End to end: `retry` reads the project once as dbt does, so the warnings met while parsing it
// are printed once and its deprecations counted once, though it opens the project twice; what a
// template logs while the project is parsed is printed once too, from the parse on the target retry runs on.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);
const count = (text: string, pattern: RegExp): number => text.match(new RegExp(pattern.source, 'g'))?.length ?? 0;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelhouse-retry-warnings-'));
  writeProjectFile(dir, 'dbt_project.yml', 'name: kiln\nprofile: kiln\n');
  writeProjectFile(dir, 'profiles.yml', 'kiln:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: kiln.duckdb\n    other:\n      type: duckdb\n      path: other.duckdb\n');
  writeProjectFile(dir, 'models/pots.sql', "{{ log('parsing pots for ' ~ target.name, info=True) }}select 'glazed' as finish\n");
  writeProjectFile(dir, 'models/cracked.sql', 'select * from no_such_kiln_table\n');
  writeProjectFile(dir, 'models/schema.yml', [
    'version: 2',
    'models:',
    '  - name: pots',
    '    columns:',
    '      - name: finish',
    '        tests:',
    '          - accepted_values:',
    "              values: ['glazed', 'raw']",
    '  - name: vases',
    '    description: not built yet',
    '',
  ].join('\n'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('retry prints each parse warning once and counts each deprecation once', async () => {
  assert.equal((await cli('build')).code, 1);
  const retry = await cli('retry');
  assert.equal(retry.code, 1, `${retry.out}\n${retry.err}`);
  const all = `${retry.out}\n${retry.err}`;
  assert.equal(count(all, /Did not find matching node for patch with name 'vases'/), 1, all);
  assert.equal(count(all, /Found top-level arguments to test `accepted_values`/), 1, all);
  assert.match(all, /MissingArgumentsPropertyInGenericTestDeprecation: 1 occurrence\n/);
});

test("retry prints a template's parse-time log() once, from the parse on the failed run's target", async () => {
  assert.equal((await cli('build', '--target', 'other')).code, 1);
  const retry = await cli('retry');
  assert.equal(retry.code, 1, `${retry.out}\n${retry.err}`);
  const all = `${retry.out}\n${retry.err}`;
  assert.equal(count(all, /parsing pots for /), 1, all);
  assert.equal(count(all, /parsing pots for other/), 1, all);
});

test('retry with nothing left to rerun still prints the parse-time log() once', async () => {
  writeProjectFile(dir, 'models/cracked.sql', "select 'mended' as state\n");
  assert.equal((await cli('build')).code, 0);
  const retry = await cli('retry');
  assert.equal(retry.code, 0, `${retry.out}\n${retry.err}`);
  assert.equal(count(retry.out, /parsing pots for dev/), 1, retry.out);
});
