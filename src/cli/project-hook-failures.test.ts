// End to end: a failing project hook is handled as dbt 1.10 handles it: the hook is an error
// result in run_results.json, the hooks after it are skipped, the selected nodes run anyway (every
// one is skipped when flags: skip_nodes_if_on_run_start_fails is true), on-run-end still runs,
// and the exit code is 1.
// A hook whose Jinja fails to render is not a result: dbt compiles it outside that step, and the
// Compilation Error ends the command (exit 2).
import { after, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasStackTrace, queryDb, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

interface RunResults {
  results: { unique_id: string; status: string; message: string | null }[];
}

describe('failing project hooks', () => {
  let dir = '';
  const db = (): string => join(dir, 'hooks.duckdb');
  const project = (extra: string): string => `name: hk
version: '1.0.0'
profile: hk
${extra}`;

  beforeEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-hook-fail-'));
    writeProjectFile(dir, 'profiles.yml', 'hk:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: hooks.duckdb\n');
    writeProjectFile(dir, 'models/base.sql', 'select 1 as id\n');
    writeProjectFile(dir, 'models/child.sql', "select id + 1 as id from {{ ref('base') }}\n");
  });
  after(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

  const relations = async (): Promise<string[]> => {
    const [rows] = await queryDb(db(), "select table_name from information_schema.tables where table_schema = 'main' order by 1");
    return rows!.map((r) => String(r[0]));
  };

  test('on-run-start with skip_nodes_if_on_run_start_fails: the failing hook is an error, later hooks and every node are skipped, on-run-end runs', async () => {
    writeProjectFile(dir, 'dbt_project.yml', project(`flags:
  skip_nodes_if_on_run_start_fails: true
on-run-start:
  - "create table main.audit (what varchar)"
  - "insert into main.audit select * from main.missing_table"
  - "insert into main.audit values ('never')"
on-run-end:
  - "insert into main.audit values ('end')"
`));
    const run = await runCli(['run', '--project-dir', dir]);
    assert.equal(run.code, 1, `${run.out}\n${run.err}`);
    const rr = readArtifact<RunResults>(dir, 'run_results.json');
    assert.deepEqual(rr.results.map((r) => [r.unique_id, r.status]), [
      ['operation.hk.hk-on-run-start-0', 'success'],
      ['operation.hk.hk-on-run-start-1', 'error'],
      ['operation.hk.hk-on-run-start-2', 'skipped'],
      ['model.hk.base', 'skipped'],
      ['model.hk.child', 'skipped'],
      ['operation.hk.hk-on-run-end-0', 'success'],
    ]);
    const message = rr.results[1]!.message!;
    // dbt's words: the hook by package, kind and place, then DuckDB's message as it is, one space in.
    assert.ok(message.startsWith('hk.on-run-start.1 failed, error:\n Catalog Error: Table with name missing_table does not exist!\n'), message);
    assert.match(message, /\n\nLINE 1: insert into main\.audit select \* from main\.missing_table\n/);
    assert.ok(run.out.includes(`Completed with 1 error, 0 partial successes, and 0 warnings:`), run.out);
    assert.ok(run.out.includes(`  ${message}`), run.out);
    // dbt 1.10 heads the failed hook's result as any errored node's, and points at its compiled SQL.
    const lines = run.out.split('\n').map((l) => l.replace(/^\d\d:\d\d:\d\d {2}/u, ''));
    const heading = lines.indexOf('Failure in operation hk-on-run-start-1 (./dbt_project.yml)');
    assert.ok(heading >= 0 && lines[heading + 1] === `  ${message.split('\n')[0]}`, run.out);
    const path = lines.indexOf('  compiled code at target/compiled/hk/./dbt_project.yml/hooks/hk-on-run-start-1.sql');
    assert.ok(path > heading && lines[path - 1] === '', run.out);
    const hookMessages = rr.results.filter((r, i) => i !== 1 && r.unique_id.startsWith('operation.')).map((r) => r.message);
    assert.deepEqual(hookMessages, ['hk.on-run-start.0 passed', 'hk.on-run-start.2 skipped', 'hk.on-run-end.0 passed']);
    assert.ok(!hasStackTrace(run.err) && !hasStackTrace(run.out));
    assert.match(run.out, /SKIP relation main\.base/);
    assert.match(run.out, /Finished running 4 project hooks, 2 view models/);
    assert.match(run.out, /Done\. PASS=2 WARN=0 ERROR=1 SKIP=3 NO-OP=0 TOTAL=6/);
    assert.deepEqual(await relations(), ['audit'], 'no model was built');
    const [audit] = await queryDb(db(), 'select what from main.audit');
    assert.deepEqual(audit, [['end']], 'the skipped hook did not run; on-run-end did');
  });

  for (const [name, flags] of [
    ['by default (dbt 1.10)', ''],
    ['with skip_nodes_if_on_run_start_fails: false', 'flags:\n  skip_nodes_if_on_run_start_fails: false\n'],
  ] as const) {
    test(`on-run-start ${name}: the nodes run anyway after a failed hook, still exit 1`, async () => {
      writeProjectFile(dir, 'dbt_project.yml', project(`${flags}on-run-start: "select * from main.missing_table"\n`));
      const run = await runCli(['run', '--project-dir', dir]);
      assert.equal(run.code, 1, `${run.out}\n${run.err}`);
      const rr = readArtifact<RunResults>(dir, 'run_results.json');
      assert.deepEqual(rr.results.map((r) => r.status), ['error', 'success', 'success']);
      assert.match(rr.results[0]!.message!, /^hk\.on-run-start\.0 failed, error:\n Catalog Error: /);
      assert.deepEqual(await relations(), ['base', 'child']);
    });
  }

  test('on-run-end: the nodes keep their results, the hook error is recorded and the exit code is 1', async () => {
    writeProjectFile(dir, 'dbt_project.yml', project(`on-run-end:
  - "select 1"
  - "select * from main.missing_table"
  - "select 2"
`));
    rmSync(join(dir, 'target'), { recursive: true, force: true });
    const run = await runCli(['run', '--project-dir', dir]);
    assert.equal(run.code, 1, `${run.out}\n${run.err}`);
    assert.ok(existsSync(join(dir, 'target', 'run_results.json')), 'run_results.json is written');
    const rr = readArtifact<RunResults>(dir, 'run_results.json');
    assert.deepEqual(rr.results.map((r) => [r.unique_id, r.status]), [
      ['model.hk.base', 'success'],
      ['model.hk.child', 'success'],
      ['operation.hk.hk-on-run-end-0', 'success'],
      ['operation.hk.hk-on-run-end-1', 'error'],
      ['operation.hk.hk-on-run-end-2', 'skipped'],
    ]);
    assert.match(rr.results[3]!.message!, /^hk\.on-run-end\.1 failed, error:\n Catalog Error: Table with name missing_table does not exist!\n/);
    assert.equal(rr.results[4]!.message, 'hk.on-run-end.2 skipped');
    assert.match(run.out, /Done\. PASS=3 WARN=0 ERROR=1 SKIP=1 NO-OP=0 TOTAL=5/);
  });

  test('the closing summary lists the failures in result order: on-run-start hooks, nodes, on-run-end hooks, then warnings', async () => {
    writeProjectFile(dir, 'dbt_project.yml', project(`on-run-start: ["select * from main.no_start_table"]
on-run-end: ["select * from main.no_end_table"]
`));
    writeProjectFile(dir, 'models/child.sql', 'select * from main.no_child_table\n');
    writeProjectFile(dir, 'models/base.yml', 'models:\n  - name: base\n    columns:\n      - name: id\n        data_tests:\n          - accepted_values: {arguments: {values: [2]}, config: {severity: warn}}\n');
    const run = await runCli(['build', '--project-dir', dir]);
    assert.equal(run.code, 1, `${run.out}\n${run.err}`);
    const headings = run.out.split('\n').filter((l) => /^\d\d:\d\d:\d\d {2}(Failure|Warning) in /u.test(l)).map((l) => l.slice(10));
    assert.deepEqual(headings, [
      'Failure in operation hk-on-run-start-0 (./dbt_project.yml)',
      'Failure in model child (models/child.sql)',
      'Failure in operation hk-on-run-end-0 (./dbt_project.yml)',
      'Warning in test accepted_values_base_id__2 (models/base.yml)',
    ]);
  });

  test("a hook whose Jinja fails ends the command as dbt's Compilation Error in the operation, exit 2", async () => {
    writeProjectFile(dir, 'macros/guard.sql', "{% macro guard() %}\n  {{ check() }}\n{% endmacro %}\n{% macro check() %}\n  {{ exceptions.raise_compiler_error('preflight check failed') }}\n{% endmacro %}\n");
    writeProjectFile(dir, 'dbt_project.yml', project('on-run-start:\n  - "select 1"\n  - "{{ guard() }}"\n  - "select 2"\n'));
    const run = await runCli(['build', '--project-dir', dir]);
    assert.equal(run.code, 2, `${run.out}\n${run.err}`);
    const text = `${run.out}\n${run.err}`;
    assert.ok(
      text.includes(
        'Encountered an error:\nCompilation Error in operation hk-on-run-start-1 (./dbt_project.yml)\n  preflight check failed\n    (line 5 of macros/guard.sql)\n  \n' +
          '  > in macro check (macros/guard.sql)\n  > called by macro guard (macros/guard.sql)\n  > called by operation hk-on-run-start-1 (./dbt_project.yml)',
      ),
      text,
    );
    // dbt compiles a hook before announcing it: the failing hook has no START line, and nothing runs after it.
    assert.match(run.out, /OK hook: hk\.on-run-start\.0/);
    assert.doesNotMatch(run.out, /hk\.on-run-start\.[12]|START sql/);
    // As dbt's finally block: the Finished line counts the one hook that ran, then the error is reported.
    assert.match(run.out, /OK hook: hk\.on-run-start\.0 [^\n]*\n[^\n]* \n[^\n]*Finished running 1 project hook in 0 hours 0 minutes and [\d.]+ seconds/);
    assert.doesNotMatch(run.out, /Completed|Done\./);
    assert.deepEqual(await relations(), [], 'no model was built');
    assert.ok(!hasStackTrace(run.err) && !hasStackTrace(run.out));
  });

  test("an on-run-end hook naming an undefined macro ends the command the same way, after run_results.json is written", async () => {
    writeProjectFile(dir, 'dbt_project.yml', project('on-run-end:\n  - "select 1"\n  - "{{ no_such_macro() }}"\n'));
    rmSync(join(dir, 'target'), { recursive: true, force: true });
    const run = await runCli(['run', '--project-dir', dir]);
    assert.equal(run.code, 2, `${run.out}\n${run.err}`);
    assert.match(`${run.out}\n${run.err}`, /Encountered an error:\nCompilation Error in operation hk-on-run-end-1 \(\.\/dbt_project\.yml\)\n {2}'no_such_macro' is undefined/);
    assert.deepEqual(await relations(), ['base', 'child'], 'the models ran before it');
    // dbt's summary for a run the error ended: worded as interrupted, the counts so far, then its Finished line.
    assert.match(run.out, /Exited because of keyboard interrupt\.\n[^\n]* \n[^\n]*Done\. PASS=3 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=3\n[^\n]* \n[^\n]*Finished running 1 project hook, 2 view models in /);
    assert.doesNotMatch(run.out, /Completed/);
    // As dbt: the results so far (the models and the hook before it) are written before the command ends.
    const rr = readArtifact<RunResults>(dir, 'run_results.json');
    assert.deepEqual(rr.results.map((r) => [r.unique_id, r.status]), [
      ['model.hk.base', 'success'],
      ['model.hk.child', 'success'],
      ['operation.hk.hk-on-run-end-0', 'success'],
    ]);
  });
});
