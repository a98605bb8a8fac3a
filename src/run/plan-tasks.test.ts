import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Graph } from '../graph/index.js';
import type { RunnableNode } from './invocation-options.js';
import { planTasks } from './plan-tasks.js';
import type { ProjectSession } from './project-session.js';

// seed -> stg_a, seed -> stg_b, stg_a + stg_b -> mart, mart -> report; source -> stg_b.
function session(): ProjectSession {
  const graph = Graph.fromEdges(
    ['seed.p.seed', 'source.p.raw.b', 'model.p.stg_a', 'model.p.stg_b', 'model.p.mart', 'model.p.report'],
    [
      ['seed.p.seed', 'model.p.stg_a'],
      ['seed.p.seed', 'model.p.stg_b'],
      ['source.p.raw.b', 'model.p.stg_b'],
      ['model.p.stg_a', 'model.p.mart'],
      ['model.p.stg_b', 'model.p.mart'],
      ['model.p.mart', 'model.p.report'],
    ],
  );
  graph.findCycle();
  return { graph, manifest: { nodes: {} } } as unknown as ProjectSession;
}

const nodes = (...ids: string[]) => ids.map((id) => ({ unique_id: id, resource_type: id.split('.')[0] }) as RunnableNode);

test('a task waits for its selected parents, and through unselected ones for their nearest selected ancestors', () => {
  const all = planTasks(session(), nodes('seed.p.seed', 'model.p.stg_a', 'model.p.stg_b', 'model.p.mart', 'model.p.report'), false);
  assert.deepEqual(all, [
    { id: 'seed.p.seed', dependsOn: [] },
    { id: 'model.p.stg_a', dependsOn: ['seed.p.seed'] },
    // The source is no task: stg_b waits for the seed alone.
    { id: 'model.p.stg_b', dependsOn: ['seed.p.seed'] },
    { id: 'model.p.mart', dependsOn: ['model.p.stg_b', 'model.p.stg_a'] },
    { id: 'model.p.report', dependsOn: ['model.p.mart'] },
  ]);
  const some = planTasks(session(), nodes('seed.p.seed', 'model.p.report', 'model.p.unknown'), false);
  assert.deepEqual(some, [
    { id: 'seed.p.seed', dependsOn: [] },
    { id: 'model.p.report', dependsOn: ['seed.p.seed'] },
    { id: 'model.p.unknown', dependsOn: [] },
  ]);
});
