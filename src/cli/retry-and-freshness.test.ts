// End to end: `retry` reruns only what failed or was skipped; `source freshness` checks
// loaded_at_field against warn/error thresholds and writes sources.json.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DBT_VERSION } from '../run/artifacts/index.js';
import { copyProject, queryDb, readArtifact, resultStatuses, runCli, writeProjectFile } from './test-helpers.js';

describe('retry', () => {
  let dir = '';
  before(async () => {
    dir = await copyProject('test/fixtures/jaffle');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('without a previous run it is a project error', async () => {
    const run = await runCli(['retry', '--project-dir', dir]);
    assert.equal(run.code, 2);
    assert.match(run.err, /Could not find previous run in 'target' target directory/);
  });

  test('after a failure is fixed, retry runs only the failed and skipped nodes', async () => {
    const file = join(dir, 'models/staging/stg_payments.sql');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('payment_method,', 'payment_methd,'));
    const failed = await runCli(['build', '--project-dir', dir]);
    assert.equal(failed.code, 1);
    const first = resultStatuses(dir);
    const redo = [...first].filter(([, s]) => s === 'error' || s === 'skipped' || s === 'fail').map(([id]) => id).sort();
    assert.ok(redo.includes('model.jaffle_shop.stg_payments'));
    assert.ok(redo.includes('model.jaffle_shop.orders'));
    assert.ok(redo.length < first.size);

    writeFileSync(file, original);
    const retry = await runCli(['retry', '--project-dir', dir]);
    assert.equal(retry.code, 0, `${retry.out}\n${retry.err}`);
    // The rerun runs the project's on-run-start hooks again (operation.* results); the nodes are exactly those that failed or were skipped.
    const second = new Map([...resultStatuses(dir)].filter(([id]) => !id.startsWith('operation.')));
    // The exposure skipped below orders (listed as skipped) is rerun too, as the no-op it is in
    // build, and a no-op stays out of run_results.json.
    assert.ok(redo.includes('exposure.jaffle_shop.weekly_revenue'));
    assert.match(retry.out, /NO-OP exposure weekly_revenue/);
    assert.deepEqual([...second.keys()].sort(), redo.filter((id) => !id.startsWith('exposure.')));
    assert.ok([...second.values()].every((s) => s === 'success' || s === 'pass'), JSON.stringify([...second]));
    const rr = readArtifact<{ args: { which: string } }>(dir, 'run_results.json');
    assert.equal(rr.args.which, 'build', 'retry reruns the previous command');
    const [rows] = await queryDb(join(dir, 'jaffle_shop.duckdb'), 'select count(*) from main.orders');
    assert.ok(Number(rows![0]![0]) > 0);

    const nothing = await runCli(['retry', '--project-dir', dir]);
    assert.equal(nothing.code, 0);
    // As dbt: the previous command runs again on nothing, and says so with its NothingToDo warning.
    assert.match(`${nothing.out}${nothing.err}`, /Found \d+ models?[\s\S]*Nothing to do\. Try checking your model configs and model specification args/u);
    assert.equal(readArtifact<{ results: unknown[] }>(dir, 'run_results.json').results.length, 0);
  });
});

describe('source freshness', () => {
  let dir = '';
  const db = (): string => join(dir, 'fresh.duckdb');
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-fresh-'));
    writeProjectFile(dir, 'dbt_project.yml', "name: fresh\nversion: '1.0.0'\nprofile: fresh\n");
    writeProjectFile(dir, 'profiles.yml', 'fresh:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: fresh.duckdb\n');
    writeProjectFile(dir, 'models/sources.yml', `version: 2
sources:
  - name: raw
    schema: raw
    loaded_at_field: loaded_at
    freshness:
      warn_after: {count: 1, period: hour}
      error_after: {count: 1, period: day}
    tables:
      - name: recent
      - name: lagging
      - name: stale
      - name: filtered
        freshness:
          warn_after: {count: 1, period: hour}
          error_after: {count: 1, period: day}
          filter: "kind = 'old'"
      - name: unchecked
        freshness: null
      - name: stale_own_warn
        identifier: stale
        loaded_at_field: "{{ var('stamp_column', 'loaded_at') | as_text }}"
        freshness:
          warn_after: {count: 2, period: hour}
      - name: stale_blank_error
        identifier: stale
        freshness:
          error_after: {}
      - name: stale_no_error
        identifier: stale
        freshness:
          error_after: null
      - name: empty
      - name: missing
  - name: queried
    schema: raw
    config:
      freshness:
        warn_after: {count: 1, period: hour}
        error_after: {count: 1, period: day}
    tables:
      - name: lagging_by_query
        identifier: lagging
        loaded_at_query: "select max(loaded_at) from {{ this }}"
      - name: stale_by_config_query
        config:
          loaded_at_query: "select now()::timestamp - interval 50 hour"
      - name: recent_by_config_field
        identifier: recent
        config:
          loaded_at_field: loaded_at
          freshness:
            warn_after: {count: 1, period: minute}
`);
    await queryDb(
      db(),
      'create schema raw',
      "create table raw.recent as select now()::timestamp - interval 5 minute as loaded_at",
      "create table raw.lagging as select now()::timestamp - interval 3 hour as loaded_at",
      "create table raw.stale as select now()::timestamp - interval 3 day as loaded_at",
      "create table raw.filtered as select * from (values (now()::timestamp, 'new'), (now()::timestamp - interval 2 day, 'old')) t(loaded_at, kind)",
      "create table raw.unchecked as select timestamp '2000-01-01' as loaded_at",
      'create table raw.empty (loaded_at timestamp)',
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('pass, warn and error by threshold; exit 1 on an error; sources.json written', async () => {
    const run = await runCli(['source', 'freshness', '--project-dir', dir]);
    assert.equal(run.code, 1, `${run.out}\n${run.err}`);
    assert.match(run.out, /PASS freshness of raw\.recent/);
    assert.match(run.out, /WARN freshness of raw\.lagging/);
    assert.match(run.out, /ERROR STALE freshness of raw\.stale/);
    const sources = readArtifact<{ metadata: { dbt_schema_version: string }; results: { unique_id: string; status: string; max_loaded_at_time_ago_in_s: number }[] }>(dir, 'sources.json');
    const byId = new Map(sources.results.map((r) => [r.unique_id, r]));
    assert.equal(byId.get('source.fresh.raw.recent')?.status, 'pass');
    assert.equal(byId.get('source.fresh.raw.lagging')?.status, 'warn');
    assert.equal(byId.get('source.fresh.raw.stale')?.status, 'error');
    assert.equal(byId.get('source.fresh.raw.filtered')?.status, 'error', 'the filter keeps only the old row');
    assert.ok(!byId.has('source.fresh.raw.unchecked'), 'freshness: null turns the check off');
    const lagAge = byId.get('source.fresh.raw.lagging')!.max_loaded_at_time_ago_in_s;
    assert.ok(lagAge > 3 * 3600 - 60 && lagAge < 3 * 3600 + 600, String(lagAge));
    assert.match(sources.metadata.dbt_schema_version, /sources\/v3\.json/);
    assert.equal((sources.metadata as { dbt_version?: string }).dbt_version, DBT_VERSION, 'the dbt version every artifact declares');
  });

  test("a stale source's summary block is dbt 1.10's Failure heading and its status; a runtime error's is its message", async () => {
    const run = await runCli(['source', 'freshness', '--project-dir', dir, '-s', 'source:raw.stale', 'source:raw.missing', 'source:raw.recent']);
    assert.equal(run.code, 1, `${run.out}\n${run.err}`);
    const lines = run.out.split('\n').map((l) => l.replace(/^\d\d:\d\d:\d\d {2}/u, ''));
    const heading = lines.indexOf('Failure in source stale (models/sources.yml)');
    assert.ok(heading > 0 && lines[heading - 1] === '' && lines[heading + 1] === '  Status: error', run.out);
    assert.ok(heading > lines.findIndex((l) => l.startsWith('Finished running')), run.out);
    // The runtime error keeps its message alone, and nothing heads the passing source.
    assert.ok(lines.some((l) => /^ {2}Runtime Error in source missing /u.test(l)), run.out);
    assert.equal(lines.filter((l) => l.startsWith('Failure in')).length, 1, run.out);
  });

  test("a failed query and an empty table are written in dbt's sources.json shapes", async () => {
    const run = await runCli(['source', 'freshness', '--project-dir', dir, '-s', 'source:raw.missing', 'source:raw.empty']);
    assert.equal(run.code, 1, `${run.out}\n${run.err}`);
    const sources = readArtifact<{ results: Record<string, unknown>[] }>(dir, 'sources.json');
    const byId = new Map(sources.results.map((r) => [r['unique_id'], r]));
    // dbt's SourceFreshnessRuntimeError is a closed object of exactly these members.
    const failed = byId.get('source.fresh.raw.missing')!;
    assert.deepEqual(Object.keys(failed).sort(), ['error', 'status', 'unique_id']);
    assert.equal(failed['status'], 'runtime error');
    assert.match(String(failed['error']), /missing/);
    // No loaded_at value is "infinitely long ago": year 1 and a finite age, never null.
    const empty = byId.get('source.fresh.raw.empty')!;
    assert.equal(empty['status'], 'error');
    assert.equal(empty['max_loaded_at'], '0001-01-01T00:00:00+00:00');
    assert.equal(typeof empty['max_loaded_at_time_ago_in_s'], 'number');
    assert.ok(Number(empty['max_loaded_at_time_ago_in_s']) > 2000 * 365 * 86400);
    for (const key of ['snapshotted_at', 'criteria', 'adapter_response', 'timing', 'thread_id', 'execution_time']) assert.ok(key in empty, key);
  });

  test("a table's thresholds merge into the source's one level deep; timestamps are written as dbt's isoformat", async () => {
    const run = await runCli(['source', 'snapshot-freshness', '--project-dir', dir, '-s', 'source:raw.stale_own_warn', 'source:raw.stale_blank_error', 'source:raw.stale_no_error']);
    assert.equal(run.code, 1, `${run.out}\n${run.err}`);
    const sources = readArtifact<{ results: { unique_id: string; status: string; criteria: unknown; max_loaded_at: string; snapshotted_at: string }[] }>(dir, 'sources.json');
    const byId = new Map(sources.results.map((r) => [r.unique_id.replace('source.fresh.raw.', ''), r]));
    const day = { count: 1, period: 'day' };
    assert.deepEqual(byId.get('stale_own_warn')?.criteria, { warn_after: { count: 2, period: 'hour' }, error_after: day, filter: null });
    assert.deepEqual(byId.get('stale_blank_error')?.criteria, { warn_after: { count: 1, period: 'hour' }, error_after: day, filter: null });
    assert.deepEqual(byId.get('stale_no_error')?.criteria, { warn_after: { count: 1, period: 'hour' }, error_after: null, filter: null });
    assert.deepEqual([...byId].map(([name, r]) => [name, r.status]).sort(), [['stale_blank_error', 'error'], ['stale_no_error', 'warn'], ['stale_own_warn', 'error']]);
    for (const r of sources.results) {
      assert.match(r.max_loaded_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?\+00:00$/);
      assert.match(r.snapshotted_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?\+00:00$/);
    }
  });

  test("dbt 1.10's loaded_at_query, and freshness and loaded_at_field under config:, are checked too", async () => {
    const run = await runCli(['source', 'freshness', '--project-dir', dir, '-s', 'source:queried']);
    assert.equal(run.code, 1, `${run.out}\n${run.err}`);
    const sources = readArtifact<{ results: { unique_id: string; status: string; criteria: { warn_after: unknown } }[] }>(dir, 'sources.json');
    const byId = new Map(sources.results.map((r) => [r.unique_id.replace('source.fresh.queried.', ''), r]));
    assert.deepEqual([...byId].map(([name, r]) => [name, r.status]).sort(), [['lagging_by_query', 'warn'], ['recent_by_config_field', 'warn'], ['stale_by_config_query', 'error']]);
    assert.deepEqual(byId.get('recent_by_config_field')?.criteria.warn_after, { count: 1, period: 'minute' });
  });

  test('selecting fresh and lagging sources only warns and exits 0', async () => {
    const run = await runCli(['source', 'freshness', '--project-dir', dir, '-s', 'source:raw.recent', 'source:raw.lagging']);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const sources = readArtifact<{ results: { status: string }[] }>(dir, 'sources.json');
    assert.deepEqual(sources.results.map((r) => r.status).sort(), ['pass', 'warn']);
  });
});

describe('source freshness and project hooks', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-fresh-hooks-'));
    writeProjectFile(dir, 'profiles.yml', 'dock:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: dock.duckdb\n');
    writeProjectFile(dir, 'models/sources.yml', 'sources:\n  - name: yard\n    schema: main\n    loaded_at_field: arrived_at\n    freshness: {warn_after: {count: 1, period: day}}\n    tables:\n      - name: crates\n');
    await queryDb(join(dir, 'dock.duckdb'), 'create table main.crates as select now()::timestamp as arrived_at');
  });
  after(() => rm(dir, { recursive: true, force: true }));
  const project = (flags: string) => writeProjectFile(dir, 'dbt_project.yml', `name: dock\nprofile: dock\n${flags}on-run-start: ["{{ log('yard opened', info=True) }}"]\non-run-end: ["{{ log('yard closed', info=True) }}"]\n`);

  test('hooks run around the checks by default; flags: source_freshness_run_project_hooks: false turns them off', async () => {
    project('');
    const hooked = await runCli(['source', 'freshness', '--project-dir', dir]);
    assert.equal(hooked.code, 0, `${hooked.out}\n${hooked.err}`);
    assert.match(hooked.out, /yard opened[\s\S]*PASS freshness of yard\.crates[\s\S]*yard closed/);
    project('flags:\n  source_freshness_run_project_hooks: false\n');
    const plain = await runCli(['source', 'freshness', '--project-dir', dir]);
    assert.equal(plain.code, 0, `${plain.out}\n${plain.err}`);
    assert.doesNotMatch(plain.out, /yard opened/);
  });

  test("a failed hook is reported in the closing summary after the Finished line, under dbt 1.10's Failure heading", async () => {
    writeProjectFile(dir, 'dbt_project.yml', 'name: dock\nprofile: dock\non-run-start: ["select * from main.no_such_gate"]\n');
    const run = await runCli(['source', 'freshness', '--project-dir', dir]);
    assert.equal(run.code, 1, `${run.out}\n${run.err}`);
    const lines = run.out.split('\n').map((l) => l.replace(/^\d\d:\d\d:\d\d {2}/u, ''));
    const finished = lines.findIndex((l) => l.startsWith('Finished running'));
    const heading = lines.indexOf('Failure in operation dock-on-run-start-0 (./dbt_project.yml)');
    assert.ok(finished > 0 && heading > finished, run.out);
    assert.equal(lines[heading + 1], '  dock.on-run-start.0 failed, error:', run.out);
    assert.ok(lines.includes('  compiled code at target/compiled/dock/./dbt_project.yml/hooks/dock-on-run-start-0.sql'), run.out);
    // The message is not printed before the checks run.
    assert.equal(lines.filter((l) => l.includes('dock.on-run-start.0 failed, error:')).length, 1, run.out);
  });
});
