// A unit test reads the model's SQL (and an sql fixture's) as dbt's unit test query wraps it:
// as written, with the closing parenthesis on a line of its own. A trailing `--` comment is
// harmless there, and a trailing semicolon fails as it does under dbt.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resultStatuses, runCli, withProjectFiles } from '../cli/test-helpers.js';

const FILES = {
  'dbt_project.yml': "name: wraps\nversion: '1.0.0'\nprofile: wraps\n",
  'profiles.yml': 'wraps:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: wraps.duckdb\n',
  'models/base.sql': 'select 1 as id',
  'models/doubled.sql': "select id * 2 as doubled from {{ ref('base') }}\n-- doubles the ids\n",
  'models/tripled.sql': "select id * 3 as tripled from {{ ref('base') }};\n",
  'models/unit_tests.yml': [
    'unit_tests:',
    '  - name: doubles',
    '    model: doubled',
    '    given:',
    "      - input: ref('base')",
    '        rows:',
    '          - {id: 2}',
    '    expect:',
    '      rows:',
    '        - {doubled: 4}',
    '  - name: doubles_sql_fixture',
    '    model: doubled',
    '    given:',
    "      - input: ref('base')",
    '        format: sql',
    '        rows: |',
    '          select 5 as id -- the only row',
    '    expect:',
    '      rows:',
    '        - {doubled: 10}',
    '  - name: triples',
    '    model: tripled',
    '    given:',
    "      - input: ref('base')",
    '        rows:',
    '          - {id: 2}',
    '    expect:',
    '      rows:',
    '        - {tripled: 6}',
    '',
  ].join('\n'),
};

describe("a unit test's query around the model's SQL", () => {
  it('passes for a model ending with a comment and an sql fixture ending with one, and errors for a trailing semicolon', async () => {
    await withProjectFiles(FILES, {}, async (dir) => {
      const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
      const statuses = resultStatuses(dir);
      assert.equal(statuses.get('unit_test.wraps.doubled.doubles'), 'pass', run.out);
      assert.equal(statuses.get('unit_test.wraps.doubled.doubles_sql_fixture'), 'pass', run.out);
      assert.equal(statuses.get('unit_test.wraps.tripled.triples'), 'error', run.out);
      assert.match(run.out, /Parser Error: syntax error at or near ";"/u);
      assert.equal(run.code, 1);
    });
  });
});
