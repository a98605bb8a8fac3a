// End to end: a unit test whose `model:` names no model stops parsing with dbt's message
// ("Unable to find model '<project>.<name>' for unit test '<test>' in <file>"), pointing at the
// test's own line in its YAML file.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('cinema');
  writeProjectFile(dir, 'models/films.sql', 'select 1 as film_id\n');
  writeProjectFile(dir, 'models/films_tests.yml', [
    'unit_tests:',
    '  - name: test_films',
    '    model: films',
    '    given: []',
    '    expect:',
    '      rows:',
    '        - {film_id: 1}',
    '  - name: test_ghost_reels',
    '    model: ghost_reels',
    '    given: []',
    '    expect:',
    '      rows:',
    '        - {film_id: 1}',
    '',
  ].join('\n'));
});
after(() => rm(dir, { recursive: true, force: true }));

test("a unit test of a model that does not exist fails parsing with dbt's message, file and line", async () => {
  const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 2, run.out + run.err);
  assert.match(run.err, /models\/films_tests\.yml:8: Unable to find model 'cinema\.ghost_reels' for unit test 'test_ghost_reels' in models\/films_tests\.yml/u);
  assert.doesNotMatch(run.err, /depends on a node named/u);
});
