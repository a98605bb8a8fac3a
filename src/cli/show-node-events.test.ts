// End to end: dbt's show is a compile task whose runner executes the compiled SQL, so each node it
// previews (a selected one, or the inline query's sql_operation node) is started, compiled (its SQL
// written, with the ephemeral models it first inlines), executed and finished as a node, with
// dbt's node events on the first worker and its statements on a connection named after it; the
// previews (ShowNode) are printed once every node has finished. --inline-direct runs no node.
// compile --inline runs its inline query's node the same way.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { scenarioProject, type ScenarioProject } from './incremental-scenario-kit.js';

interface Event {
  info: { name: string; msg: string; thread: string };
  data: { node_info?: { unique_id: string; node_status: string }; conn_name?: string };
}

let p: ScenarioProject;
before(async () => {
  p = await scenarioProject({
    'models/base_e.sql': "{{ config(materialized='ephemeral') }}\nselect 1 as id",
    'models/a.sql': "select * from {{ ref('base_e') }}",
  });
});
after(async () => {
  await p.dispose();
});

const NAMES = new Set(['NodeStart', 'NodeCompiling', 'WritingInjectedSQLForNode', 'NodeExecuting', 'SQLQuery', 'NodeFinished', 'ShowNode']);

async function events(...args: string[]): Promise<Event[]> {
  const run = await p.ok('show', ...args, '--debug', '--log-format', 'json');
  return run.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Event).filter((e) => NAMES.has(e.info.name));
}

const turn = (id: string, writes: number) => [
  ['NodeStart', id, 'started'],
  ['NodeCompiling', id, 'compiling'],
  ...Array.from({ length: writes }, () => ['WritingInjectedSQLForNode', id, 'compiling']),
  ['NodeExecuting', id, 'executing'],
  ['SQLQuery', id, 'executing'],
  ['NodeFinished', id, 'success'],
  ['ShowNode', '', ''],
];

const shape = (all: Event[]) => all.map((e) => [e.info.name, e.data.node_info?.unique_id ?? '', e.data.node_info?.node_status ?? '']);

test('a selected node is run as a node: started, compiled, executed and finished before its preview prints', async () => {
  const all = await events('--select', 'a');
  // The ephemeral model a inlines is compiled and written first, in a's context.
  assert.deepEqual(shape(all), turn('model.scenario.a', 2));
  assert.ok(all.filter((e) => e.info.name !== 'ShowNode').every((e) => e.info.thread === 'Thread-1 (worker)'));
  assert.equal(all.find((e) => e.info.name === 'SQLQuery')?.data.conn_name, 'model.scenario.a');
});

test('inline SQL is run as its sql_operation node; --inline-direct runs no node', async () => {
  assert.deepEqual(shape(await events('--inline', 'select 1 as x')), turn('sql_operation.scenario.inline_query', 1));
  assert.deepEqual(shape(await events('--inline-direct', 'select 1 as x')).map((e) => e[0]), ['SQLQuery', 'ShowNode']);
});

test("compile's inline SQL is run as its node too, before the compiled SQL prints", async () => {
  const run = await p.ok('compile', '--inline', 'select 1 as x', '--debug', '--log-format', 'json');
  const all = run.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Event);
  const id = 'sql_operation.scenario.inline_query';
  assert.deepEqual(shape(all.filter((e) => NAMES.has(e.info.name) || e.info.name === 'CompiledNode')).map((e) => e.slice(0, 2)), [
    ['NodeStart', id], ['NodeCompiling', id], ['WritingInjectedSQLForNode', id], ['NodeExecuting', id], ['NodeFinished', id], ['CompiledNode', ''],
  ]);
});
