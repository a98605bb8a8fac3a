// End to end: dbt 1.10 hands each batch of a microbatch model to a runner of its own, announcing it
// first (MicrobatchExecutionDebug, Q044, "<batch> is being run sequentially"), and the batch's
// materialization runs the model's hooks: the first batch keeps the pre-hooks, which run once it
// is compiled and executing, before its main statement; the last keeps the post-hooks, which run
// after its main statement and before its result line. A failing hook fails its batch.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { csv, dayFromToday as day, ORDERS_SOURCE_YML as SOURCES, scenarioProject, type ScenarioProject } from './incremental-scenario-kit.js';

// With --vars {bad_hook: true} the pre-hook fails.
const MODEL = `{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='sold_at', batch_size='day', begin='${day(-2)}',
    pre_hook="select {{ 'cast(''x'' as integer)' if var('bad_hook', false) else 1 }} as pre_marker",
    post_hook="select 2 as post_marker") }}
select order_id, sold_at, amount from {{ source('shop', 'orders') }}
`;

const ORDERS = csv('order_id,sold_at,amount', [1, `${day(-2)} 09:00:00`, 10], [2, `${day(-1)} 10:00:00`, 20]);

interface Event {
  info: { name: string; msg: string; thread: string; code: string; level: string };
  data: { msg?: string; sql?: string; description?: string; node_info?: { unique_id: string } };
}

let p: ScenarioProject;
before(async () => {
  p = await scenarioProject({ 'models/sources.yml': SOURCES, 'models/mb_orders.sql': MODEL, 'data/orders.csv': ORDERS });
});
after(async () => {
  await p.dispose();
});

// The events that place the hooks among a batch's own, named by what they are.
async function order(end: number, ...args: string[]): Promise<{ steps: string[]; events: Event[] }> {
  const run = await p.run('run', '--event-time-start', day(-2), '--event-time-end', day(end), '--debug', '--log-format', 'json', ...args);
  const events = run.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Event);
  const steps: string[] = [];
  for (const e of events) {
    const name = e.info.name;
    if (name === 'MicrobatchExecutionDebug') steps.push('announce');
    else if (name === 'LogStartBatch') steps.push('start');
    else if (name === 'NodeExecuting' && steps.length > 0) steps.push('executing');
    else if (name === 'SQLQuery' && /pre_marker/u.test(e.data.sql ?? '')) steps.push('pre-hook');
    else if (name === 'SQLQuery' && /post_marker/u.test(e.data.sql ?? '')) steps.push('post-hook');
    else if (name === 'JinjaLogDebug' && /^Writing runtime sql/u.test(e.info.msg)) steps.push('main');
    else if (name === 'LogBatchResult') steps.push('result');
  }
  return { steps, events };
}

test('the pre-hooks run inside the first batch before its main statement, the post-hooks inside the last after it', async () => {
  const { steps, events } = await order(0, '--full-refresh');
  assert.deepEqual(steps, [
    'announce', 'start', 'executing', 'pre-hook', 'main', 'result',
    'announce', 'start', 'executing', 'main', 'post-hook', 'result',
  ]);
  const announced = events.filter((e) => e.info.name === 'MicrobatchExecutionDebug');
  const started = events.filter((e) => e.info.name === 'LogStartBatch');
  assert.deepEqual(announced.map((e) => e.data.msg), started.map((e) => `${e.data.description} is being run sequentially`));
  assert.deepEqual([announced[0]!.info.code, announced[0]!.info.level, announced[0]!.data.node_info], ['Q044', 'debug', undefined]);
  assert.equal(announced[0]!.info.thread, started[0]!.info.thread);
});

test('a single batch runs both: pre-hooks before its main statement, post-hooks after it', async () => {
  const { steps } = await order(-1, '--full-refresh');
  assert.deepEqual(steps, ['announce', 'start', 'executing', 'pre-hook', 'main', 'post-hook', 'result']);
});

test('a failing pre-hook fails the first batch; the rest are announced and skipped, and no post-hook runs', async () => {
  const { steps, events } = await order(0, '--full-refresh', '--vars', '{bad_hook: true}');
  assert.deepEqual(steps, ['announce', 'start', 'executing', 'pre-hook', 'result', 'announce', 'result']);
  const results = events.filter((e) => e.info.name === 'LogBatchResult').map((e) => e.info.msg);
  assert.match(results[0]!, /ERROR creating batch/u);
  assert.match(results[1]!, /SKIP batch/u);
});
