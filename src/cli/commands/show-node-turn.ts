// A query show previews runs as a node of dbt's runner: show's task is a compile task whose runner
// executes the compiled SQL, so each selected node (or the inline query's node) is started,
// compiled, executed and finished with dbt's node events, on the first worker thread.
import type { CompiledNode } from '../../project/types.js';
import type { RunResultEntry } from '../../run/artifacts/index.js';
import type { Logger } from '../../run/logger.js';
import { logNodePhase, logScopedNodeFinished, logScopedNodeStart } from '../../run/node-events.js';
import { logCompiledSqlWrites, type FirstInlinedEphemerals } from '../../run/first-inlined-ephemerals.js';
import { eventTime, nodeInfo } from '../../run/node-info.js';
import { inNodeLogScope } from '../../run/node-log-scope.js';
import type { NodeResult } from '../../run/run-result.js';

/**
 * Runs a previewed node's compile and execute in its logging context (its statements and log()
 * lines carry its node_info), with NodeStart, NodeCompiling, WritingInjectedSQLForNode (not for a
 * seed or snapshot, whose SQL dbt never writes), NodeExecuting and NodeFinished around them. Without
 * a node (--inline-direct runs none) the work runs as it is. The ephemeral models the node's
 * compile inlines first are written (and logged) before it, as in run.
 */
export async function inShowNodeTurn<T>(
  logger: Logger,
  node: CompiledNode | undefined,
  inlined: FirstInlinedEphemerals,
  compile: () => void,
  execute: () => Promise<{ value: T; result: RunResultEntry }>,
): Promise<T> {
  if (node === undefined) {
    compile();
    return (await execute()).value;
  }
  const info = nodeInfo(node, { status: 'started', startedAt: eventTime(), finishedAt: '' });
  return inNodeLogScope({ nodeInfo: () => info, thread: 'Thread-1 (worker)' }, async () => {
    logScopedNodeStart(logger);
    logNodePhase(logger, 'compiling');
    compile();
    if (node.resource_type !== 'seed' && node.resource_type !== 'snapshot') logCompiledSqlWrites(logger, node, inlined);
    logNodePhase(logger, 'executing');
    const { value, result } = await execute();
    logScopedNodeFinished(logger, { ...result, node } as unknown as NodeResult);
    return value;
  });
}
