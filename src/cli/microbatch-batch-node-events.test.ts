// End to end: dbt 1.10 runs each batch of a microbatch model through a runner of its own, so each
// batch is started, compiled, executed and finished as a node (NodeStart, NodeCompiling,
// NodeExecuting, NodeFinished, debug) around its LogStartBatch and LogBatchResult lines, with
// the model's node_info at the batch's own status and times; the model itself compiles nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { csv, dayFromToday as day, ORDERS_SOURCE_YML as SOURCES, scenarioProject, type ScenarioProject } from './incremental-scenario-kit.js';

// The batch named by --vars {broken: ...} fails while it executes.
const MODEL = `{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='sold_at', batch_size='day', begin='${day(-2)}') }}
select order_id, sold_at,
  {% if model.batch and model.batch.event_time_start.strftime('%Y-%m-%d') == var('broken', 'none') %} cast('not a number' as integer) {% else %} amount {% endif %} as amount
from {{ source('shop', 'orders') }}
`;

const ORDERS = csv('order_id,sold_at,amount', [1, `${day(-2)} 09:00:00`, 10], [2, `${day(-1)} 10:00:00`, 20]);

interface Event {
  info: { name: string; msg: string; thread: string };
  data: {
    node_info?: { unique_id: string; node_status: string; node_started_at: string; node_finished_at: string };
    run_result?: { status: string; message: string; num_failures: number; timing_info: { name: string }[]; adapter_response: Record<string, unknown> };
  };
}

const SHOWN = new Set(['NodeStart', 'LogStartLine', 'NodeCompiling', 'WritingInjectedSQLForNode', 'NodeExecuting', 'LogStartBatch', 'GenericExceptionOnRun', 'LogBatchResult', 'LogModelResult', 'NodeFinished']);

let p: ScenarioProject;
before(async () => {
  p = await scenarioProject({ 'models/sources.yml': SOURCES, 'models/mb_orders.sql': MODEL, 'data/orders.csv': ORDERS });
});
after(async () => {
  await p.dispose();
});

async function frame(...args: string[]): Promise<{ all: Event[]; own: Event[] }> {
  const run = await p.run('run', '--event-time-start', day(-2), '--event-time-end', day(0), '--debug', '--log-format', 'json', ...args);
  const all = run.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Event);
  const own = all.filter((e) => e.data.node_info?.unique_id === 'model.scenario.mb_orders' && (SHOWN.has(e.info.name) || /^Writing runtime/u.test(e.info.msg)));
  return { all, own };
}

const batch = (finished: string, failing = false) => [
  ['NodeStart', 'started'],
  ['LogStartBatch', 'started'],
  ['NodeCompiling', 'compiling'],
  ['WritingInjectedSQLForNode', 'compiling'],
  ['NodeExecuting', 'executing'],
  ['JinjaLogDebug', 'executing'],
  ...(failing ? [['GenericExceptionOnRun', 'executing']] : []),
  ['LogBatchResult', finished],
  ['NodeFinished', finished],
];

test('each batch is a node of its own: started, compiled, executed and finished inside the model', async () => {
  const { own } = await frame('--vars', `{broken: '${day(-1)}'}`);
  assert.deepEqual(own.map((e) => [e.info.name, e.data.node_info?.node_status]), [
    ['NodeStart', 'started'],
    ['LogStartLine', 'started'],
    ['NodeCompiling', 'compiling'],
    ['NodeExecuting', 'executing'],
    ...batch('success'),
    ...batch('error', true),
    ['LogModelResult', 'partial success'],
    ['NodeFinished', 'partial success'],
  ]);
  // Each batch starts at its own time, after the model did.
  const starts = own.filter((e) => e.info.name === 'NodeStart').map((e) => e.data.node_info!.node_started_at);
  assert.ok(starts[1]! >= starts[0]! && starts[2]! >= starts[1]!, starts.join(' '));
  assert.ok(own.every((e) => e.info.thread === own[0]!.info.thread));
  // A batch finishes with its own result: OK with dbt-duckdb's response, or ERROR with one failure.
  const finishes = own.filter((e) => e.info.name === 'NodeFinished').map((e) => e.data.run_result!);
  assert.deepEqual(finishes.slice(0, 2).map((r) => [r.status, r.message, r.num_failures, r.timing_info.map((t) => t.name), r.adapter_response]), [
    ['success', 'OK', 0, ['compile', 'execute'], { _message: 'OK' }],
    ['error', 'ERROR', 1, ['compile', 'execute'], {}],
  ]);
  assert.equal(own.find((e) => /^Writing runtime/u.test(e.info.msg))?.info.msg, 'Writing runtime sql for node "model.scenario.mb_orders"');
});

test('batches skipped after the first one failed are started and finished, never compiled', async () => {
  const { own } = await frame('--vars', `{broken: '${day(-2)}'}`, '--full-refresh');
  const skipped = own.slice(own.findLastIndex((e) => e.info.name === 'LogBatchResult' && e.data.node_info?.node_status === 'error') + 2, -2);
  assert.deepEqual(skipped.map((e) => [e.info.name, e.data.node_info?.node_status]), [
    ['NodeStart', 'started'],
    ['LogBatchResult', 'started'],
    ['NodeFinished', 'started'],
  ]);
  const result = skipped[2]!.data.run_result!;
  assert.deepEqual([result.status, result.message, result.num_failures, result.timing_info], ['skipped', 'SKIPPED', 1, []]);
});
