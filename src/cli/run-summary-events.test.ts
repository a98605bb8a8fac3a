// End to end: the closing summary of a run is logged as dbt logs it — a failed test as a heading
// (RunResultFailure), its indented message (RunResultError), the compiled path (SQLCompiledPath)
// and, when it stored its failures, where to find them (CheckNodeTestFailure), each an event of its
// own, and so for a failed unit test and, as dbt 1.10 prints it, an errored model; a failed node's
// message indented under the summary, its further lines printed as written.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readArtifact, runCli, writeProjectFile } from './test-helpers.js';

describe('run summary events', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-summary-events-'));
    writeProjectFile(dir, 'dbt_project.yml', 'name: kiln\nprofile: kiln\n');
    writeProjectFile(dir, 'profiles.yml', 'kiln:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: kiln.duckdb\n');
    writeProjectFile(dir, 'models/bricks.sql', 'select 1 as id union all select 1 as id\n');
    writeProjectFile(dir, 'models/cracked.sql', 'select no_such_column\n');
    writeProjectFile(dir, 'models/schema.yml', 'version: 2\nmodels:\n  - name: bricks\n    columns:\n      - name: id\n        data_tests:\n          - unique:\n              config:\n                store_failures: true\n');
    // The unit tested model reads a model of its own: below bricks, its failing test would skip
    // the model and so its unit tests (run in the model's turn).
    writeProjectFile(dir, 'models/pebbles.sql', 'select 1 as id\n');
    writeProjectFile(dir, 'models/doubled.sql', "select id * 2 as twice from {{ ref('pebbles') }}\n");
    writeProjectFile(dir, 'models/units.yml', "unit_tests:\n  - name: doubles_ids\n    model: doubled\n    given:\n      - input: ref('pebbles')\n        rows: [{id: 1}]\n    expect:\n      rows: [{twice: 3}]\n");
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('on the console: one time per event, the failure block in parts, the error message indented', async () => {
    const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 1, run.out + run.err);
    const lines = run.out.split('\n');
    const at = lines.findIndex((l) => /^\d\d:\d\d:\d\d {2}Failure in test unique_bricks_id \(models\/schema\.yml\)$/u.test(l));
    assert.ok(at >= 0, run.out);
    const stamped = (l: string): string => l.replace(/^\d\d:\d\d:\d\d {2}/u, '');
    assert.ok(lines.slice(at, at + 5).every((l) => /^\d\d:\d\d:\d\d {2}/u.test(l)), run.out);
    assert.deepEqual(lines.slice(at + 1, at + 6).map(stamped), [
      '  Got 1 result, configured to fail if != 0',
      '',
      '  compiled code at target/compiled/kiln/models/schema.yml/unique_bricks_id.sql',
      '',
      '  See test failures:',
    ]);
    // The three further lines of that one event carry no time.
    assert.match(lines[at + 6]!, /^ {2}-+$/u);
    assert.match(lines[at + 7]!, /^ {2}select \* from "kiln"\."main_dbt_test__audit"\."unique_bricks_id"$/u);
    const error = lines.findIndex((l) => /^\d\d:\d\d:\d\d {4}Runtime Error in model cracked \(models\/cracked\.sql\)$/u.test(l));
    assert.ok(error >= 0, run.out);
    assert.match(lines[error + 1]!, /^ {2}Binder Error: /u);
    // dbt 1.10 heads an errored model as a failure and ends its block with the compiled SQL's path.
    assert.match(lines[error - 1]!, /^\d\d:\d\d:\d\d {2}Failure in model cracked \(models\/cracked\.sql\)$/u);
    const path = lines.findIndex((l, i) => i > error && /^\d\d:\d\d:\d\d {4}compiled code at target\/compiled\/kiln\/models\/cracked\.sql$/u.test(l));
    assert.ok(path > error && /^\d\d:\d\d:\d\d {2}$/u.test(lines[path - 1]!), run.out);
    // A failed unit test: its heading, then its message (which starts with two line breaks) indented.
    const unit = lines.findIndex((l) => /^\d\d:\d\d:\d\d {2}Failure in unit_test doubles_ids \(models\/units\.yml\)$/u.test(l));
    assert.ok(unit >= 0, run.out);
    assert.match(lines[unit + 1]!, /^\d\d:\d\d:\d\d {4}$/u);
    assert.deepEqual(lines.slice(unit + 2, unit + 4), ['', 'actual differs from expected:']);
    const results = readArtifact<{ results: { unique_id: string; message: string | null }[] }>(dir, 'run_results.json').results;
    assert.match(results.find((r) => r.unique_id.startsWith('unit_test.'))?.message ?? '', /^\n\nactual differs from expected/u);
  });

  test('in JSON logs: each part is its own event, the message as data and indented as text', async () => {
    const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir, '--log-format', 'json']);
    const events = run.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { info: { name: string; msg: string }; data: Record<string, unknown> });
    const named = (name: string) => events.filter((e) => e.info.name === name);
    // dbt's event codes for the parts of the block.
    const code = (name: string) => (named(name)[0]?.info as { code?: string } | undefined)?.code;
    assert.deepEqual(['RunResultFailure', 'RunResultError', 'SQLCompiledPath', 'CheckNodeTestFailure'].map(code), ['Z022', 'Z024', 'Z026', 'Z027']);
    // dbt 1.10 heads an errored model as it heads a failure.
    assert.deepEqual(named('RunResultFailure').map((e) => e.info.msg).sort(), [
      'Failure in model cracked (models/cracked.sql)',
      'Failure in test unique_bricks_id (models/schema.yml)',
      'Failure in unit_test doubles_ids (models/units.yml)',
    ]);
    const failed = named('RunResultError').find((e) => e.data['msg'] === 'Got 1 result, configured to fail if != 0');
    assert.equal(failed?.info.msg, '  Got 1 result, configured to fail if != 0');
    assert.ok(named('SQLCompiledPath').some((e) => e.data['path'] === 'target/compiled/kiln/models/schema.yml/unique_bricks_id.sql'), JSON.stringify(named('SQLCompiledPath')));
    assert.equal(named('CheckNodeTestFailure')[0]?.data['relation_name'], '"kiln"."main_dbt_test__audit"."unique_bricks_id"');
    const broken = named('RunResultError').find((e) => String(e.data['msg']).startsWith('Runtime Error in model cracked'));
    assert.ok(broken?.info.msg.startsWith('  Runtime Error in model cracked'), JSON.stringify(broken));
  });
});
