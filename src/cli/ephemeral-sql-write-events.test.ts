// End to end: dbt's compiler, inlining an ephemeral model that nothing compiled yet in the
// invocation, compiles it (and first the ephemeral models it inlines) and writes its SQL, firing
// WritingInjectedSQLForNode for each write in the context of the node being compiled: the node's
// own id, at `compiling`, before the event for the node's own file. Each ephemeral model is so
// compiled once per invocation; a selected one was compiled in its own turn, before the nodes below it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { scenarioProject, type ScenarioProject } from './incremental-scenario-kit.js';

interface Event {
  info: { name: string; msg: string };
  data: { node_info?: { unique_id: string; node_status: string } };
}

let p: ScenarioProject;
before(async () => {
  p = await scenarioProject({
    'models/base_e.sql': "{{ config(materialized='ephemeral') }}\nselect 1 as id",
    'models/mid_e.sql': "{{ config(materialized='ephemeral') }}\nselect * from {{ ref('base_e') }}",
    'models/a.sql': "select * from {{ ref('mid_e') }}",
    'models/b.sql': "select * from {{ ref('base_e') }}",
  });
});
after(async () => {
  await p.dispose();
});

// Each node's compile events in order: [event, the node_info it carries, its status].
async function writes(...args: string[]): Promise<string[][]> {
  const run = await p.ok(...args, '--debug', '--log-format', 'json');
  return run.out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Event)
    .filter((e) => ['NodeCompiling', 'WritingInjectedSQLForNode', 'NodeExecuting'].includes(e.info.name))
    .map((e) => [e.info.name, e.data.node_info?.unique_id ?? '', e.data.node_info?.node_status ?? '']);
}

const compiles = (id: string, inlined: number) => [
  ['NodeCompiling', id, 'compiling'],
  ...Array.from({ length: inlined + 1 }, () => ['WritingInjectedSQLForNode', id, 'compiling']),
  ['NodeExecuting', id, 'executing'],
];

test('a model whose unselected ephemeral inputs are first compiled writes them, deepest first, before itself', async () => {
  assert.deepEqual(await writes('run', '--select', 'a'), compiles('model.scenario.a', 2));
  assert.deepEqual(await writes('compile', '--select', 'a'), compiles('model.scenario.a', 2));
});

test('an ephemeral model is compiled on the way once per invocation', async () => {
  const events = await writes('run', '--select', 'a', 'b');
  // a writes base_e, mid_e and itself; b then only itself.
  assert.equal(events.filter((e) => e[0] === 'WritingInjectedSQLForNode').length, 4);
});

test('selected ephemeral models were compiled in their own turn: the models below write only themselves', async () => {
  const events = await writes('run', '--select', 'a', 'mid_e', 'base_e');
  assert.deepEqual(events, compiles('model.scenario.a', 0));
});
