// End to end: dbt's runner marks the compile and execute phases of every node it runs with
// NodeCompiling (Q030) and NodeExecuting (Q031), debug, and the events fired in each phase (a
// log() line, the SQL sent) carry that phase as node_info.node_status; the caught error of a
// failing node carries the phase it failed in. Its compiler logs WritingInjectedSQLForNode (Q029,
// debug) as it writes a node's compiled SQL (not a seed's or a snapshot's), and statement('main')
// logs `Writing runtime sql for node "<id>"` (a JinjaLogDebug) before it writes target/run and
// sends the node's main SQL.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, runCli, writeProjectFile } from '../cli/test-helpers.js';

interface Event {
  info: { name: string; code: string; msg: string; level: string; thread: string };
  data: { msg?: string; sql?: string; node_info?: { unique_id: string; node_status: string; node_started_at: string; node_finished_at: string } };
}

let dir = '';

before(async () => {
  dir = await newProject('phases');
  writeProjectFile(dir, 'seeds/people.csv', 'id,name\n1,a\n');
  writeProjectFile(dir, 'models/roster.sql', "{{ config(materialized='table') }}\n{{ log('rendering roster', info=true) }}\nselect * from {{ ref('people') }}\n");
  writeProjectFile(dir, 'snapshots/roster_snap.sql', "{% snapshot roster_snap %}\n{{ config(unique_key='id', strategy='check', check_cols='all') }}\nselect * from {{ ref('roster') }}\n{% endsnapshot %}\n");
  writeProjectFile(dir, 'models/roster.yml', [
    'models:',
    '  - name: roster',
    '    columns:',
    '      - name: id',
    '        data_tests: [not_null]',
    'unit_tests:',
    '  - name: keeps_rows',
    '    model: roster',
    '    given:',
    "      - input: ref('people')",
    '        rows: [{id: 1, name: a}]',
    '    expect:',
    '      rows: [{id: 1, name: a}]',
    '',
  ].join('\n'));
  writeProjectFile(dir, 'models/wont_compile.sql', 'select {{ no_such_macro() }} as x\n');
  writeProjectFile(dir, 'models/wont_run.sql', 'select * from no_such_table\n');
});
after(() => rm(dir, { recursive: true, force: true }));

async function events(...args: string[]): Promise<Event[]> {
  const run = await runCli([...args, '--debug', '--log-format', 'json', '--project-dir', dir, '--profiles-dir', dir]);
  return run.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Event);
}

const FRAME = new Set(['NodeStart', 'LogStartLine', 'NodeCompiling', 'NodeExecuting', 'LogModelResult', 'LogSeedResult', 'LogSnapshotResult', 'LogTestResult', 'NodeFinished']);

test('every kind of node logs NodeCompiling and NodeExecuting between its START line and its result, with that node_status', async () => {
  const all = await events('build', '--exclude', 'wont_compile', 'wont_run');
  const testId = all.find((e) => e.data.node_info?.unique_id.startsWith('test.phases.not_null_roster_id'))?.data.node_info?.unique_id;
  assert.ok(testId);
  for (const id of ['seed.phases.people', 'unit_test.phases.roster.keeps_rows', 'model.phases.roster', testId, 'snapshot.phases.roster_snap']) {
    const own = all.filter((e) => e.data.node_info?.unique_id === id && FRAME.has(e.info.name));
    assert.deepEqual(own.map((e) => [e.info.name, e.data.node_info?.node_status]).slice(0, 4), [
      ['NodeStart', 'started'],
      ['LogStartLine', 'started'],
      ['NodeCompiling', 'compiling'],
      ['NodeExecuting', 'executing'],
    ], id);
    assert.equal(own.length, 6, id);
    const [compiling, executing] = [own[2]!, own[3]!];
    assert.deepEqual([compiling.info.code, compiling.info.level, compiling.info.msg], ['Q030', 'debug', `Began compiling node ${id}`]);
    assert.deepEqual([executing.info.code, executing.info.level, executing.info.msg], ['Q031', 'debug', `Began executing node ${id}`]);
    assert.equal(executing.info.thread, own[0]!.info.thread);
    assert.ok(compiling.data.node_info!.node_started_at !== '' && compiling.data.node_info!.node_finished_at === '');
  }
  // A log() while the model renders is in its compile phase; the SQL it sends, in its execute phase.
  const logLine = all.find((e) => e.info.name === 'JinjaLogInfo' && e.data.node_info?.unique_id === 'model.phases.roster');
  assert.equal(logLine?.data.node_info?.node_status, 'compiling');
  const queries = all.filter((e) => e.info.name === 'SQLQuery' && e.data.node_info?.unique_id === 'model.phases.roster');
  assert.ok(queries.length > 0 && queries.every((e) => e.data.node_info?.node_status === 'executing'));
});

test("a node's caught error names the phase it failed in; one that does not compile never executes", async () => {
  const all = await events('run', '--select', 'wont_compile', 'wont_run');
  const of = (id: string) => all.filter((e) => e.data.node_info?.unique_id === id);
  const phases = (id: string) => of(id).filter((e) => e.info.name === 'NodeCompiling' || e.info.name === 'NodeExecuting').map((e) => e.info.name);
  assert.deepEqual(phases('model.phases.wont_compile'), ['NodeCompiling']);
  assert.deepEqual(phases('model.phases.wont_run'), ['NodeCompiling', 'NodeExecuting']);
  const caught = (id: string) => of(id).find((e) => e.info.name === 'CatchableExceptionOnRun')?.data.node_info;
  assert.deepEqual([caught('model.phases.wont_compile')?.node_status, caught('model.phases.wont_compile')?.node_finished_at], ['compiling', '']);
  assert.deepEqual([caught('model.phases.wont_run')?.node_status, caught('model.phases.wont_run')?.node_finished_at], ['executing', '']);
});

test('logs/dbt.log holds the phase lines between the START and OK lines', async () => {
  await runCli(['seed', '--project-dir', dir, '--profiles-dir', dir]);
  const log = readFileSync(join(dir, 'logs', 'dbt.log'), 'utf8');
  const last = log.slice(log.lastIndexOf('Running with'));
  assert.match(last, /START seed file main\.people[^\n]*\n(?:[^\n]*\n)*?[^\n]*\[debug\] \[Thread-1 \(\]: Began compiling node seed\.phases\.people\n[^\n]*\[debug\] \[Thread-1 \(\]: Began executing node seed\.phases\.people\n(?:[^\n]*\n)*?[^\n]*OK loaded seed file main\.people/u);
});

test('compile starts, compiles, executes and finishes each node as run does, printing no START line', async () => {
  const all = await events('compile', '--select', 'roster');
  const own = all.filter((e) => e.data.node_info?.unique_id === 'model.phases.roster');
  assert.deepEqual(own.map((e) => [e.info.name, e.data.node_info?.node_status]), [
    ['NodeStart', 'started'],
    ['NodeCompiling', 'compiling'],
    ['JinjaLogInfo', 'compiling'],
    ['WritingInjectedSQLForNode', 'compiling'],
    ['NodeExecuting', 'executing'],
    ['NodeFinished', 'success'],
  ]);
  assert.ok(own[5]!.data.node_info!.node_finished_at !== '');
});

const SHOWN = new Set(['NodeCompiling', 'WritingInjectedSQLForNode', 'NodeExecuting', 'JinjaLogDebug', 'NodeFinished']);

test('the compiled SQL and the runtime SQL are announced where dbt writes them, in the phase they are written in', async () => {
  const all = await events('build');
  const testId = all.find((e) => e.data.node_info?.unique_id.startsWith('test.phases.not_null_roster_id'))?.data.node_info?.unique_id;
  assert.ok(testId);
  const frame = (id: string) =>
    all.filter((e) => e.data.node_info?.unique_id === id && SHOWN.has(e.info.name) && (e.info.name !== 'JinjaLogDebug' || /^Writing runtime/u.test(e.info.msg)))
      .map((e) => [e.info.name, e.data.node_info?.node_status, e.info.name === 'NodeCompiling' || e.info.name === 'NodeExecuting' || e.info.name === 'NodeFinished' ? '' : e.info.msg]);
  const injected = (id: string) => ['WritingInjectedSQLForNode', 'compiling', `Writing injected SQL for node "${id}"`];
  const runtime = (id: string, word = 'sql') => ['JinjaLogDebug', 'executing', `Writing runtime ${word} for node "${id}"`];
  // A model and a data test: written once compiled, then their main statement is announced once they execute.
  for (const id of ['model.phases.roster', testId]) {
    assert.deepEqual(frame(id).slice(0, 4), [['NodeCompiling', 'compiling', ''], injected(id), ['NodeExecuting', 'executing', ''], runtime(id)], id);
  }
  // A seed and a snapshot have no compiled file; a seed's statement is dbt's noop_statement, which writes `SQL`.
  assert.deepEqual(frame('seed.phases.people').slice(0, 3), [['NodeCompiling', 'compiling', ''], ['NodeExecuting', 'executing', ''], runtime('seed.phases.people', 'SQL')]);
  assert.deepEqual(frame('snapshot.phases.roster_snap').slice(0, 3), [['NodeCompiling', 'compiling', ''], ['NodeExecuting', 'executing', ''], runtime('snapshot.phases.roster_snap')]);
  // A unit test compiles while it executes: each input's fixture is written first, then the test's own SQL.
  const unit = 'unit_test.phases.roster.keeps_rows';
  assert.deepEqual(frame(unit).slice(0, 5), [
    ['NodeCompiling', 'compiling', ''],
    ['NodeExecuting', 'executing', ''],
    [...injected(unit).slice(0, 1), 'executing', injected(unit)[2]],
    [...injected(unit).slice(0, 1), 'executing', injected(unit)[2]],
    runtime(unit),
  ]);
  // The runtime line comes before the statement that builds the model, and at debug level.
  const at = (pred: (e: Event) => boolean) => all.findIndex(pred);
  const line = at((e) => e.info.name === 'JinjaLogDebug' && e.info.msg === 'Writing runtime sql for node "model.phases.roster"');
  const create = at((e) => e.info.name === 'SQLQuery' && e.data.node_info?.unique_id === 'model.phases.roster' && /create\s+table/iu.test(e.data.sql ?? ''));
  assert.ok(line >= 0 && create > line, `${line} ${create}`);
  assert.deepEqual([all[line]!.info.code, all[line]!.info.level], ['I063', 'debug']);
  const written = all.find((e) => e.info.name === 'WritingInjectedSQLForNode')!;
  assert.deepEqual([written.info.code, written.info.level, Object.keys(written.data)], ['Q029', 'debug', ['node_info']]);
});

test('compile announces each compiled file and no runtime SQL', async () => {
  const all = await events('compile', '--select', 'roster');
  const own = all.filter((e) => e.data.node_info?.unique_id === 'model.phases.roster').map((e) => e.info.name);
  assert.ok(own.includes('WritingInjectedSQLForNode'));
  assert.ok(!all.some((e) => /^Writing runtime/u.test(e.info.msg)));
});
