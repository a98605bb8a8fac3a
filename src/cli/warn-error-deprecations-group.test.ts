// End to end: --warn-error-options and the warn_error_options project flag take dbt 1.10's
// 'Deprecations' group (every deprecation warning at once, below a name listed on its own), and
// refuse what dbt refuses: a name that is no dbt event ('all' inside a list, a typo) and a `warn`
// list with nothing broader in `error` or `silence` to carve it out of.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { hasStackTrace, newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const parse = (options: string) => runCli(['parse', '--project-dir', dir, '--profiles-dir', dir, '--warn-error-options', options]);

before(async () => {
  dir = await newProject('mill');
  writeProjectFile(dir, 'models/sacks.sql', "select 1 as sack_id, 'rye' as grain\n");
  // A generic test's input written outside arguments: is a deprecation in dbt 1.10.
  writeProjectFile(dir, 'models/schema.yml', [
    'models:',
    '  - name: sacks',
    '    columns:',
    '      - name: grain',
    '        data_tests:',
    "          - accepted_values: {values: ['rye']}",
    '',
  ].join('\n'));
});
after(() => rm(dir, { recursive: true, force: true }));

test("'Deprecations' in error raises a deprecation warning as an error", async () => {
  const run = await parse('{"error": ["Deprecations"]}');
  assert.equal(run.code, 2, run.out + run.err);
  assert.match(run.err, /MissingArgumentsPropertyInGenericTestDeprecation is a warning raised as an error/u);
});

test("a deprecation named in warn stays a warning under 'Deprecations' in error; 'Deprecations' in warn keeps it one under all", async () => {
  const named = await parse('{"error": ["Deprecations"], "warn": ["MissingArgumentsPropertyInGenericTestDeprecation"]}');
  assert.equal(named.code, 0, named.out + named.err);
  assert.match(named.out + named.err, /Found top-level arguments/u);
  const group = await parse('{"error": "all", "warn": ["Deprecations"]}');
  assert.equal(group.code, 0, group.out + group.err);
});

test("'Deprecations' in silence hides every deprecation warning, unless error names it", async () => {
  const silenced = await parse('{"silence": ["Deprecations"]}');
  assert.equal(silenced.code, 0, silenced.out + silenced.err);
  assert.doesNotMatch(silenced.out + silenced.err, /Found top-level arguments/u);
  const named = await parse('{"error": ["MissingArgumentsPropertyInGenericTestDeprecation"], "silence": ["Deprecations"]}');
  assert.equal(named.code, 2, named.out + named.err);
});

test("a name dbt has no event for is refused, 'all' inside a list included", async () => {
  for (const [options, name] of [['{"error": ["all"]}', 'all'], ['{"silence": ["NoNodesForSelection"]}', 'NoNodesForSelection']] as const) {
    const run = await parse(options);
    assert.equal(run.code, 2, run.out + run.err);
    assert.match(run.err, new RegExp(`${name} is not a valid dbt error name`, 'u'));
    assert.ok(!hasStackTrace(run.err), run.err);
  }
});

test('warn is refused when error is neither all nor holds Deprecations, in the project flag too', async () => {
  const run = await parse('{"error": ["NoNodesForSelectionCriteria"], "warn": ["LogTestResult"]}');
  assert.equal(run.code, 2, run.out + run.err);
  assert.match(run.err, /'warn' can only be given when 'error' is 'all'/u);
  writeProjectFile(dir, 'dbt_project.yml', "name: mill\nversion: '1.0.0'\nprofile: mill\nflags:\n  warn_error_options:\n    warn: [LogTestResult]\n");
  try {
    const flagged = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(flagged.code, 2, flagged.out + flagged.err);
    assert.match(flagged.err, /flags: warn_error_options in dbt_project\.yml: 'warn' can only be given/u);
  } finally {
    writeProjectFile(dir, 'dbt_project.yml', "name: mill\nversion: '1.0.0'\nprofile: mill\n");
  }
});
