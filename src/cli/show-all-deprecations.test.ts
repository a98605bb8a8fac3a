// End to end: dbt prints a deprecation the first time it meets it and only counts the others for
// its closing summary; --show-all-deprecations prints every occurrence, each naming its own test
// or exposure, and the summary then drops its hint.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);
const count = (text: string, pattern: RegExp): number => text.split('\n').filter((l) => pattern.test(l)).length;

before(async () => {
  dir = await newProject('tagger');
  writeProjectFile(dir, 'models/fct_tags.sql', "select 1 as id, 'PER' as entity_type\n");
  writeProjectFile(dir, 'models/schema.yml', [
    'version: 2',
    'models:',
    '  - name: fct_tags',
    '    columns:',
    '      - name: entity_type',
    '        data_tests:',
    "          - accepted_values: {values: ['PER', 'ORG']}",
    '      - name: id',
    '        data_tests:',
    '          - accepted_values: {values: [1]}',
    "          - relationships: {to: ref('fct_tags'), field: id}",
    'exposures:',
    '  - name: "Exec Dashboard"',
    '    type: dashboard',
    '    owner: {email: a@example.com}',
    '  - name: "Other Dashboard"',
    '    type: dashboard',
    '    owner: {email: a@example.com}',
    '',
  ].join('\n'));
});
after(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

test('each deprecation is printed once by default and counted for every occurrence', async () => {
  const parse = await cli('parse');
  assert.equal(parse.code, 0, parse.err);
  const all = `${parse.out}\n${parse.err}`;
  assert.equal(count(all, /Found top-level arguments to test/u), 1, all);
  assert.equal(count(all, /the 'name' of an exposure should contain only/u), 1, all);
  assert.match(parse.out, /- MissingArgumentsPropertyInGenericTestDeprecation: 3 occurrences\n- ExposureNameDeprecation: 2 occurrences\nTo see all deprecation instances/u);
});

test('--show-all-deprecations prints every occurrence, each naming its own test', async () => {
  const parse = await cli('parse', '--show-all-deprecations');
  assert.equal(parse.code, 0, parse.err);
  const all = `${parse.out}\n${parse.err}`;
  assert.deepEqual(all.split('\n').flatMap((l) => /Found top-level arguments to test `(\w+)`/u.exec(l)?.[1] ?? []), ['accepted_values', 'accepted_values', 'relationships']);
  assert.equal(count(all, /the 'name' of an exposure should contain only/u), 2, all);
  assert.match(parse.out, /- MissingArgumentsPropertyInGenericTestDeprecation: 3 occurrences\n- ExposureNameDeprecation: 2 occurrences/u);
  assert.doesNotMatch(parse.out, /To see all deprecation instances/u);
});
