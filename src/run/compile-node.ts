// A node compiled for a command that runs nothing (dbt compile): rendered, its SQL written, its
// result made, all before returning. A large project compiles tens of thousands of nodes, and
// each await on the way (runNode's own and its callers') costs a turn and a few objects per node.
import type { CompiledNode } from '../project/types.js';
import { writeCompiledSqlNow } from './artifacts/index.js';
import { isoUtc, nowMs } from '../core/clock.js';
import type { ProjectSession } from './project-session.js';
import type { NodeResult } from './run-result.js';
import { compileFailure, compiledOnly, type NodeRunSettings } from './node-compile-results.js';
import { logNodePhase, logScopedNodeFinished, logScopedNodeStart } from './node-events.js';
import { logCompiledSqlWrites } from './first-inlined-ephemerals.js';

/** runNode for a compile-only invocation (`settings.compileOnly`), with the same result, returned at once. */
export function compileNodeNow(session: ProjectSession, node: CompiledNode, threadId: string, settings: NodeRunSettings): NodeResult {
  // dbt's compile starts, compiles, executes (doing nothing) and finishes each node as run does.
  logScopedNodeStart(session.logger);
  const result = compileNode(session, node, threadId, settings);
  logScopedNodeFinished(session.logger, result);
  return result;
}

function compileNode(session: ProjectSession, node: CompiledNode, threadId: string, settings: NodeRunSettings): NodeResult {
  const timing: NodeResult['timing'] = [];
  const started = nowMs();
  logNodePhase(session.logger, 'compiling');
  let compiled: string | null = null;
  try {
    // A seed has nothing to compile.
    if (node.resource_type !== 'seed') {
      compiled = session.renderer.compile(node, session.manifest);
      node.compiled_code = compiled ?? undefined;
      if (node.resource_type !== 'snapshot') logCompiledSqlWrites(session.logger, node, settings.inlined);
      writeCompiledSqlNow(node, settings.targetDir, settings.files);
    }
  } catch (error) {
    return compileFailure(session, node, threadId, error, started, timing);
  }
  timing.push({ name: 'compile', started_at: isoUtc(started), completed_at: isoUtc(nowMs()) });
  logNodePhase(session.logger, 'executing');
  return compiledOnly(node, threadId, started, timing, compiled);
}
