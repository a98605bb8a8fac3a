// End to end: dbt's compiler logs WritingInjectedSQLForNode (Q029, debug) as it writes a node's
// compiled SQL (not a seed's or a snapshot's), and statement('main') logs `Writing runtime sql for
// node "<id>"` (a JinjaLogDebug) before it writes target/run and sends the node's main SQL.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from '../cli/test-helpers.js';

interface Event {
  info: { name: string; code: string; msg: string; level: string; thread: string };
  data: { msg?: string; sql?: string; node_info?: { unique_id: string; node_status: string } };
}

let dir = '';

before(async () => {
  dir = await newProject('writes');
  writeProjectFile(dir, 'seeds/people.csv', 'id,name\n1,a\n');
  writeProjectFile(dir, 'models/roster.sql', "{{ config(materialized='table') }}\nselect * from {{ ref('people') }}\n");
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
});
after(() => rm(dir, { recursive: true, force: true }));

async function events(...args: string[]): Promise<Event[]> {
  const run = await runCli([...args, '--debug', '--log-format', 'json', '--project-dir', dir, '--profiles-dir', dir]);
  return run.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Event);
}

const SHOWN = new Set(['NodeCompiling', 'WritingInjectedSQLForNode', 'NodeExecuting', 'JinjaLogDebug', 'NodeFinished']);

test('the compiled SQL and the runtime SQL are announced where dbt writes them, in the phase they are written in', async () => {
  const all = await events('build');
  const testId = all.find((e) => e.data.node_info?.unique_id.startsWith('test.writes.not_null_roster_id'))?.data.node_info?.unique_id;
  assert.ok(testId);
  const frame = (id: string) =>
    all.filter((e) => e.data.node_info?.unique_id === id && SHOWN.has(e.info.name) && (e.info.name !== 'JinjaLogDebug' || /^Writing runtime/u.test(e.info.msg)))
      .map((e) => [e.info.name, e.data.node_info?.node_status, e.info.name === 'NodeCompiling' || e.info.name === 'NodeExecuting' || e.info.name === 'NodeFinished' ? '' : e.info.msg]);
  const injected = (id: string) => ['WritingInjectedSQLForNode', 'compiling', `Writing injected SQL for node "${id}"`];
  const runtime = (id: string, word = 'sql') => ['JinjaLogDebug', 'executing', `Writing runtime ${word} for node "${id}"`];
  // A model and a data test: written once compiled, then their main statement is announced once they execute.
  for (const id of ['model.writes.roster', testId]) {
    assert.deepEqual(frame(id).slice(0, 4), [['NodeCompiling', 'compiling', ''], injected(id), ['NodeExecuting', 'executing', ''], runtime(id)], id);
  }
  // A seed and a snapshot have no compiled file; a seed's statement is dbt's noop_statement, which writes `SQL`.
  assert.deepEqual(frame('seed.writes.people').slice(0, 3), [['NodeCompiling', 'compiling', ''], ['NodeExecuting', 'executing', ''], runtime('seed.writes.people', 'SQL')]);
  assert.deepEqual(frame('snapshot.writes.roster_snap').slice(0, 3), [['NodeCompiling', 'compiling', ''], ['NodeExecuting', 'executing', ''], runtime('snapshot.writes.roster_snap')]);
  // A unit test compiles while it executes: each input's fixture is written first, then the test's own SQL.
  const unit = 'unit_test.writes.roster.keeps_rows';
  assert.deepEqual(frame(unit).slice(0, 5), [
    ['NodeCompiling', 'compiling', ''],
    ['NodeExecuting', 'executing', ''],
    [...injected(unit).slice(0, 1), 'executing', injected(unit)[2]],
    [...injected(unit).slice(0, 1), 'executing', injected(unit)[2]],
    runtime(unit),
  ]);
  // The runtime line comes before the statement that builds the model, and at debug level.
  const at = (pred: (e: Event) => boolean) => all.findIndex(pred);
  const line = at((e) => e.info.name === 'JinjaLogDebug' && e.info.msg === 'Writing runtime sql for node "model.writes.roster"');
  const create = at((e) => e.info.name === 'SQLQuery' && e.data.node_info?.unique_id === 'model.writes.roster' && /create\s+table/iu.test(e.data.sql ?? ''));
  assert.ok(line >= 0 && create > line, `${line} ${create}`);
  assert.deepEqual([all[line]!.info.code, all[line]!.info.level], ['I063', 'debug']);
  const written = all.find((e) => e.info.name === 'WritingInjectedSQLForNode')!;
  assert.deepEqual([written.info.code, written.info.level, Object.keys(written.data)], ['Q029', 'debug', ['node_info']]);
});

test('compile announces each compiled file and no runtime SQL', async () => {
  const all = await events('compile', '--select', 'roster');
  const own = all.filter((e) => e.data.node_info?.unique_id === 'model.writes.roster').map((e) => e.info.name);
  assert.ok(own.includes('WritingInjectedSQLForNode'));
  assert.ok(!all.some((e) => /^Writing runtime/u.test(e.info.msg)));
});
