// End to end: with --log-format json, a build's events carry dbt's names, codes and `data` fields —
// LogStartLine and a result event per resource type (LogModelResult, LogSeedResult, LogSnapshotResult,
// LogTestResult) on the console, NodeStart/NodeFinished at debug level, SkippingDetails for a skipped
// node, StatsLine for `Done.` — and every line's `info` has dbt's fields. Tools that run dbt
// (orchestrators, catalogs) look events up by these names.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
before(async () => {
  dir = await newProject('wharf', "on-run-start: ['select 1']\n");
  writeProjectFile(dir, 'seeds/cranes.csv', 'crane_id,name\n1,alpha\n2,beta\n');
  writeProjectFile(dir, 'models/crane_list.sql', "select * from {{ ref('cranes') }}\n");
  writeProjectFile(dir, 'models/broken.sql', "{{ config(materialized='table') }}\nselect 'not a number'::int as n\n");
  writeProjectFile(dir, 'models/after_broken.sql', "select * from {{ ref('broken') }}\n");
  writeProjectFile(dir, 'models/schema.yml', 'version: 2\nmodels:\n  - name: crane_list\n    columns:\n      - name: crane_id\n        data_tests: [unique, {accepted_values: {values: [1]}}]\n');
  writeProjectFile(
    dir,
    'snapshots/crane_history.sql',
    "{% snapshot crane_history %}\n{{ config(unique_key='crane_id', strategy='check', check_cols='all', target_schema='main') }}\nselect * from {{ ref('cranes') }}\n{% endsnapshot %}\n",
  );
});
after(() => rm(dir, { recursive: true, force: true }));

interface LogLine {
  info: Record<string, unknown> & { name: string; level: string; msg: string };
  data: Record<string, unknown> & { node_info?: { unique_id?: string; node_status?: string } };
}

test("a build's JSON events carry dbt's names, codes and data fields", async () => {
  const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir, '--log-format', 'json', '--log-level', 'debug']);
  assert.equal(run.code, 1, run.out + run.err);
  const events = run.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine);
  // dbt writes each line with json.dumps(sort_keys=True): every mapping's keys in order, `extra` even when empty.
  for (const e of events) assert.deepEqual(Object.keys(e.info), ['category', 'code', 'extra', 'invocation_id', 'level', 'msg', 'name', 'pid', 'thread', 'ts']);
  for (const line of run.out.split('\n').filter((l) => l.startsWith('{'))) assert.match(line, /^\{"data": \{.*\}, "info": \{"category": "", "code": ".*"\}\}$/u);
  assert.deepEqual(events.find((e) => e.info.name === 'Formatting')?.data, { msg: '' }, "a Formatting event's data is its text, as dbt's");
  const of = (name: string, id: string) => events.find((e) => e.info.name === name && e.data.node_info?.unique_id === id);

  const start = of('LogStartLine', 'model.wharf.crane_list');
  assert.equal(start?.info.code, 'Q011');
  assert.equal(start?.data['description'], 'sql view model main.crane_list');
  assert.equal(typeof start?.data['index'], 'number');
  assert.equal(of('NodeStart', 'model.wharf.crane_list')?.info.level, 'debug');

  const model = of('LogModelResult', 'model.wharf.crane_list');
  assert.equal(model?.info.code, 'Q012');
  assert.equal(model?.data.node_info?.node_status, 'success');
  assert.equal(typeof model?.data['execution_time'], 'number');
  const broken = of('LogModelResult', 'model.wharf.broken');
  assert.equal(broken?.info.level, 'error');
  assert.equal(broken?.data['status'], 'error');
  const finished = of('NodeFinished', 'model.wharf.crane_list');
  assert.equal((finished?.data['run_result'] as { status?: string } | undefined)?.status, 'success');

  const seed = of('LogSeedResult', 'seed.wharf.cranes');
  assert.equal(seed?.info.code, 'Q016');
  assert.equal(seed?.data['relation'], 'cranes');
  // As dbt's SeedRunner and SnapshotRunner fire them: the result's status, and its message apart.
  assert.deepEqual([seed?.data['status'], seed?.data['result_message']], ['success', 'INSERT 2']);
  const snapshot = of('LogSnapshotResult', 'snapshot.wharf.crane_history');
  assert.equal(snapshot?.info.code, 'Q015');
  assert.deepEqual([snapshot?.data['status'], snapshot?.data['result_message']], ['success', 'OK']);
  // Its config as dbt's cfg: unset values left out, each value as Python's str() writes it.
  const cfg = snapshot?.data['cfg'] as Record<string, string> | undefined;
  assert.deepEqual([cfg?.['strategy'], cfg?.['check_cols'], cfg?.['unique_key'], cfg?.['enabled'], cfg?.['docs'], cfg?.['tags']], ['check', 'all', 'crane_id', 'True', "{'show': True}", '[]']);
  assert.equal('alias' in (cfg ?? {}), false);

  const tests = events.filter((e) => e.info.name === 'LogTestResult');
  assert.deepEqual(tests.map((e) => e.data['status']).sort(), ['fail', 'pass']);
  const failing = tests.find((e) => e.data['status'] === 'fail');
  assert.equal(failing?.data['num_failures'], 1);
  assert.equal(failing?.data['attached_node'], 'model.wharf.crane_list');

  const skipped = of('SkippingDetails', 'model.wharf.after_broken');
  assert.equal(skipped?.info.code, 'Q034');
  assert.equal(skipped?.data['node_name'], 'after_broken');
  assert.equal((of('NodeFinished', 'model.wharf.after_broken')?.data['run_result'] as { status?: string } | undefined)?.status, 'skipped');

  const hookEnd = events.find((e) => e.info.name === 'LogHookEndLine');
  assert.equal(hookEnd?.data['statement'], 'wharf.on-run-start.0');
  assert.equal(hookEnd?.data.node_info?.unique_id, 'operation.wharf.wharf-on-run-start-0');
  assert.equal(hookEnd?.data.node_info?.node_status, 'success');
  assert.equal((events.find((e) => e.info.name === 'StatsLine')?.data['stats'] as { error?: number } | undefined)?.error, 2);
  assert.equal(events.find((e) => e.info.name === 'EndOfRunSummary')?.data['num_errors'], 2);
  const completed = events.find((e) => e.info.name === 'CommandCompleted');
  assert.equal(completed?.data['success'], false);
  assert.equal(completed?.info.code, 'Q039');
  assert.ok(!events.some((e) => e.info.name === 'LogNodeResult' || e.info.name === 'LogSkipResult'));

  const data = (name: string) => events.find((e) => e.info.name === name)?.data;
  assert.match(String(data('FoundStats')?.['stat_line']), /^3 models, 1 snapshot, 1 seed/u);
  assert.deepEqual(data('ConcurrencyLine'), { num_threads: 1, target_name: 'dev', node_count: 7 });
  // dbt 1.8 and later print no HooksRunning heading before the project hooks.
  assert.equal(data('HooksRunning'), undefined);
  assert.equal(typeof data('FinishedRunningStats')?.['execution_time'], 'number');
  assert.ok(events.some((e) => e.info.name === 'Formatting' && e.info.msg === '' && e.info.code === 'Z017'));
});

test("ls, show and compile answer in JSON events with dbt's data fields", async () => {
  const answer = async (args: string[], name: string) => {
    const run = await runCli([...args, '--project-dir', dir, '--profiles-dir', dir, '--log-format', 'json']);
    assert.equal(run.code, 0, run.out + run.err);
    return run.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine).filter((e) => e.info.name === name);
  };
  const listed = await answer(['ls', '-s', 'crane_list', '--resource-type', 'model'], 'ListCmdOut');
  assert.deepEqual(listed.map((e) => e.data['msg']), ['wharf.crane_list']);
  const [shown] = await answer(['show', '-s', 'crane_list', '--output', 'json'], 'ShowNode');
  assert.equal(shown?.info.code, 'Q041');
  assert.equal(shown?.data['node_name'], 'crane_list');
  assert.equal(shown?.data['unique_id'], 'model.wharf.crane_list');
  assert.equal(shown?.data['output_format'], 'json');
  assert.equal(typeof shown?.data['preview'], 'string');
  assert.deepEqual(JSON.parse(String(shown?.data['preview'])), [{ crane_id: 1, name: 'alpha' }, { crane_id: 2, name: 'beta' }]);
  const [compiled] = await answer(['compile', '-s', 'crane_list'], 'CompiledNode');
  assert.equal(compiled?.data['node_name'], 'crane_list');
  assert.equal(compiled?.data['is_inline'], false);
});

test('a node skipped for its inlined ephemeral model failing is a LogSkipBecauseError', async () => {
  const pit = await newProject('pit');
  try {
    writeProjectFile(pit, 'models/chips.sql', "{{ config(materialized='ephemeral') }}\n{{ adapter.no_such_method() }}\nselect 1 as chip_id\n");
    writeProjectFile(pit, 'models/gravel.sql', "select * from {{ ref('chips') }}\n");
    const run = await runCli(['run', '--project-dir', pit, '--profiles-dir', pit, '--log-format', 'json']);
    assert.equal(run.code, 1, run.out + run.err);
    const events = run.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine);
    const skip = events.find((e) => e.info.name === 'LogSkipBecauseError');
    assert.equal(skip?.info.code, 'Z034');
    assert.equal(skip?.data['relation'], 'gravel');
    assert.equal(skip?.data['status'], 'error');
  } finally {
    await rm(pit, { recursive: true, force: true });
  }
});

test("source freshness's JSON events carry the source's node_info and names", async () => {
  const fresh = await newProject('quay');
  try {
    writeProjectFile(fresh, 'dbt_project.yml', "name: quay\nversion: '1.0'\nprofile: quay\non-run-start: ['create table if not exists main.arrivals as select now()::timestamp as landed_at']\n");
    writeProjectFile(
      fresh,
      'models/sources.yml',
      'version: 2\nsources:\n  - name: port\n    schema: main\n    loaded_at_field: landed_at\n    freshness: {warn_after: {count: 1, period: day}}\n    tables:\n      - name: arrivals\n',
    );
    const run = await runCli(['source', 'freshness', '--project-dir', fresh, '--profiles-dir', fresh, '--log-format', 'json']);
    assert.equal(run.code, 0, run.out + run.err);
    const events = run.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine);
    const start = events.find((e) => e.info.name === 'LogStartLine');
    assert.equal(start?.data.node_info?.unique_id, 'source.quay.port.arrivals');
    const result = events.find((e) => e.info.name === 'LogFreshnessResult');
    assert.equal(result?.info.code, 'Q018');
    assert.equal(result?.data['status'], 'pass');
    assert.equal(result?.data['source_name'], 'port');
    assert.equal(result?.data['table_name'], 'arrivals');
    assert.equal(result?.data.node_info?.node_status, 'pass');
    // Each check runs on a worker, as sources.json's thread_id says and dbt's FreshnessRunner logs it.
    assert.deepEqual([start?.info.thread, result?.info.thread], ['Thread-1 (worker)', 'Thread-1 (worker)']);
  } finally {
    await rm(fresh, { recursive: true, force: true });
  }
});
