// End to end: a command that meets deprecations closes with dbt's DeprecationsSummary, each
// deprecation counted once per occurrence, after the Done line; --show-all-deprecations drops
// the hint, --quiet hides it, a silenced deprecation still counts, and a command without
// deprecations prints none.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);
const lines = (text: string): string[] => text.split('\n').map((line) => line.replace(/^\d\d:\d\d:\d\d {2}/u, ''));

before(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'reelhouse-deprecations-summary-')), 'kiln');
  writeProjectFile(dir, 'dbt_project.yml', 'name: kiln\nprofile: kiln\n');
  writeProjectFile(dir, 'profiles.yml', 'kiln:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: kiln.duckdb\n');
  writeProjectFile(dir, 'models/pots.sql', "select 1 as pot_id, 'jar' as shape\n");
  writeProjectFile(dir, 'models/schema.yml', [
    'models:',
    '  - name: pots',
    '    columns:',
    '      - name: pot_id',
    '        data_tests: [unique]',
    '      - name: shape',
    '        data_tests:',
    "          - accepted_values: {values: ['jar']}",
    "          - accepted_values: {values: ['jar', 'vase'], config: {severity: warn}}",
    '',
  ].join('\n'));
});
after(() => rm(join(dir, '..'), { recursive: true, force: true }));

test('the summary closes the output, after the Done line, counting each test with top-level arguments', async () => {
  const run = await cli('build');
  assert.equal(run.code, 0, run.out + run.err);
  const out = lines(run.out.trimEnd());
  const done = out.findIndex((l) => l.startsWith('Done. '));
  assert.ok(done >= 0, run.out);
  assert.deepEqual(out.slice(done + 1), [
    '[WARNING][DeprecationsSummary]: Deprecated functionality',
    'Summary of encountered deprecations:',
    '- MissingArgumentsPropertyInGenericTestDeprecation: 2 occurrences',
    'To see all deprecation instances instead of just the first occurrence of each,',
    'run command again with the `--show-all-deprecations` flag. You may also need to',
    'run with `--no-partial-parse` as some deprecations are only encountered during',
    'parsing.',
  ]);
});

test('--show-all-deprecations drops the hint, --quiet hides the summary, JSON logs carry the counts', async () => {
  const all = lines((await cli('parse', '--show-all-deprecations')).out.trimEnd());
  assert.deepEqual(all.slice(-2), ['Summary of encountered deprecations:', '- MissingArgumentsPropertyInGenericTestDeprecation: 2 occurrences']);
  assert.doesNotMatch((await cli('parse', '-q')).out, /DeprecationsSummary/u);
  const events = (await cli('parse', '--log-format', 'json')).out.trim().split('\n').map((l) => JSON.parse(l) as { info: { name: string; level: string }; data: Record<string, unknown> });
  const summary = events.at(-1)!;
  assert.equal(summary.info.name, 'DeprecationsSummary');
  assert.equal(summary.info.level, 'warn');
  assert.deepEqual(summary.data['summaries'], [{ event_name: 'MissingArgumentsPropertyInGenericTestDeprecation', event_code: 'D039', occurrences: 2 }]);
});

test('a deprecation silenced by --warn-error-options is not printed but still counted in the summary, as dbt counts it', async () => {
  const run = await cli('parse', '--warn-error-options', '{"silence": ["MissingArgumentsPropertyInGenericTestDeprecation"]}');
  assert.equal(run.code, 0, run.out + run.err);
  assert.doesNotMatch(run.err, /Found top-level arguments/u);
  assert.match(run.out, /- MissingArgumentsPropertyInGenericTestDeprecation: 2 occurrences/u);
});

test('a project without deprecations prints no summary', async () => {
  writeProjectFile(dir, 'models/schema.yml', 'models:\n  - name: pots\n    columns:\n      - name: pot_id\n        data_tests: [unique]\n');
  const run = await cli('build');
  assert.equal(run.code, 0, run.out + run.err);
  assert.doesNotMatch(run.out + run.err, /DeprecationsSummary|Summary of encountered deprecations/u);
});

test('a ref to a model version slated for deprecation warns, but is no deprecation of dbt’s and is left out of the summary', async () => {
  const shelf = join(dir, '..', 'shelf');
  writeProjectFile(shelf, 'dbt_project.yml', 'name: shelf\nprofile: shelf\n');
  writeProjectFile(shelf, 'profiles.yml', 'shelf:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: shelf.duckdb\n');
  writeProjectFile(shelf, 'models/glazes_v1.sql', 'select 1 as glaze_id\n');
  writeProjectFile(shelf, 'models/glazes_v2.sql', 'select 2 as glaze_id\n');
  writeProjectFile(shelf, 'models/firings.sql', "select * from {{ ref('glazes') }}\n");
  writeProjectFile(shelf, 'models/schema.yml', [
    'models:',
    '  - name: glazes',
    '    latest_version: 2',
    '    versions:',
    '      - v: 1',
    '      - v: 2',
    '        deprecation_date: 2999-01-01',
    '',
  ].join('\n'));
  const run = await runCli(['parse', '--project-dir', shelf, '--profiles-dir', shelf]);
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out + run.err, /Found a reference to glazes\.v2, which is slated for deprecation/u);
  assert.doesNotMatch(run.out + run.err, /DeprecationsSummary|Summary of encountered deprecations|UpcomingReferenceDeprecation: /u);
});
