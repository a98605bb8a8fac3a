// Shared by kill.test.ts and the child process it kills: the same models, built the same way.
import type { Adapter } from '../adapters/adapter.js';
import type { CompiledNode } from '../project/types.js';
import { materializeNode } from './materialize-node.js';
import { makeContext, makeNode } from './test-fixtures.js';
import type { NodeExecution } from './types.js';

/** Which materialization a kill scenario exercises. */
export type KillScenario = 'incremental' | 'snapshot';

/** A post-hook slow enough (seconds) that the process can be killed while the transaction is open. */
export const SLOW_HOOK = 'select sum(hash(i)) from range(4000000000) t(i)';

/** The scenario's node; `round` 1 builds the table, round 2 changes it. */
export function scenarioNode(database: string, scenario: KillScenario, round: 1 | 2, slow: boolean): CompiledNode {
  const hooks = slow ? [{ sql: SLOW_HOOK, transaction: true }] : [];
  const rows = round === 1 ? 200_000 : 300_000;
  const shift = round === 1 ? 0 : 1;
  if (scenario === 'incremental') {
    return makeNode(database, {
      name: 'kill_inc',
      compiled_code: `select i as id, (i + ${shift}) % 97 as v from range(${rows}) t(i)`,
      config: { materialized: 'incremental', incremental_strategy: 'merge', unique_key: 'id', 'post-hook': hooks },
    });
  }
  return makeNode(database, {
    name: 'kill_snap',
    resource_type: 'snapshot',
    compiled_code: `select i as id, (i * ${shift + 1}) % 13 as v from range(${rows}) t(i)`,
    config: { materialized: 'snapshot', strategy: 'check', unique_key: 'id', check_cols: ['v'], hard_deletes: 'new_record', 'post-hook': hooks },
  });
}

/** Builds one round; `onHook` is told when the in-transaction post-hook is about to run. */
export async function runScenario(adapter: Adapter, scenario: KillScenario, round: 1 | 2, slow: boolean, onHook?: () => void): Promise<NodeExecution> {
  const node = scenarioNode(adapter.defaultDatabase, scenario, round, slow);
  const now = new Date(round === 1 ? '2024-03-01T00:00:00Z' : '2024-03-02T00:00:00Z');
  return materializeNode(
    makeContext(adapter, node, {
      now: () => now,
      renderHook: (sql) => {
        onHook?.();
        return sql;
      },
    }),
  );
}
