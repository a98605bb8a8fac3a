// Per-invocation settings of a node's run, and the results of nodes that only compile (compile,
// an ephemeral model's own turn) or that fail before they execute.
import type { FirstInlinedEphemerals } from './first-inlined-ephemerals.js';
import type { CompiledNode } from '../project/types.js';
import { EphemeralCompileError } from '../project/context/index.js';
import type { RelationHints } from '../materialize/index.js';
import { writeCompiledSql, type SqlFileWriter } from './artifacts/index.js';
import { isoUtc, nowMs, secondsBetween } from '../core/clock.js';
import { isEphemeralModel } from './injected-ephemerals.js';
import type { NodeResult } from './run-result.js';
import type { ProjectSession } from './project-session.js';
import { errorMessage, failureKind } from './node-error-text.js';

/** Per-invocation settings every node run shares. */
export interface NodeRunSettings {
  fullRefresh: boolean;
  storeFailures: boolean;
  /** Compile only (dbt compile): render and write target/compiled, run nothing. */
  compileOnly: boolean;
  targetDir: string;
  /** Writes target/compiled and target/run files in the background; the invocation flushes it. */
  files?: SqlFileWriter | undefined;
  /** `--event-time-start` / `--event-time-end` for microbatch models. */
  eventTimeStart?: Date | undefined;
  eventTimeEnd?: Date | undefined;
  /** What `retry` re-runs of microbatch models: the failed batches by unique_id. */
  retryBatches?: Map<string, [string, string][]> | undefined;
  /** retry: the batches of those models that succeeded before, added to their batch_results as dbt does. */
  retrySucceeded?: Map<string, [string, string][]> | undefined;
  /** `--sample`: in sample mode a microbatch model builds the batches of this window (dbt puts it in place of the event-time flags). */
  sample?: { start: Date; end: Date } | undefined;
  /** Which relations stand where, listed once per schema and kept by this invocation's builds. */
  relationHints?: RelationHints | undefined;
  /** The ephemeral models compiled so far, which the nodes inlining them do not compile again. */
  inlined?: FirstInlinedEphemerals | undefined;
}

/**
 * Compiles an ephemeral model on its own and writes its SQL under target/compiled, as dbt's run
 * and build do for the ephemeral models they select. A failure is left to the models inlining it,
 * which report it as their cause.
 */
export async function compileEphemeral(session: ProjectSession, node: CompiledNode, settings: NodeRunSettings): Promise<void> {
  try {
    node.compiled_code = session.renderer.compile(node, session.manifest);
  } catch {
    return;
  }
  await writeCompiledSql(node, settings.targetDir, settings.files);
}

/**
 * The skipped result of a node whose ephemeral parents (or theirs) fail to compile, found before
 * the node starts, as dbt finds it in the ephemeral model's own turn; undefined when they compile
 * (each is kept for the node's compile) or the node inlines none.
 */
export function ephemeralSkip(session: ProjectSession, node: CompiledNode, threadId: string): NodeResult | undefined {
  const parents = node.depends_on?.nodes?.filter((id) => {
    const parent = session.manifest.nodes[id];
    return parent !== undefined && isEphemeralModel(parent);
  });
  if (!parents || parents.length === 0) return undefined;
  const started = nowMs();
  try {
    session.renderer.renderEphemerals(parents, session.manifest);
    return undefined;
  } catch (error) {
    // Any other error is the node's compile's to report, in its turn.
    return error instanceof EphemeralCompileError ? compileFailure(session, node, threadId, error, started, []) : undefined;
  }
}

/** The result of a node whose compilation failed (`timing` so far is extended with the compile step). */
export function compileFailure(session: ProjectSession, node: CompiledNode, threadId: string, error: unknown, started: number, timing: NodeResult['timing']): NodeResult {
  timing.push({ name: 'compile', started_at: isoUtc(started), completed_at: isoUtc(nowMs()) });
  const base = { unique_id: node.unique_id, thread_id: threadId, adapter_response: {}, relation_name: node.resource_type === 'seed' ? null : node.relation_name, node };
  // As dbt: a node whose inlined ephemeral model fails to compile is skipped, with the
  // ephemeral's error as the cause (and the run still fails, see isErrorSkip).
  if (error instanceof EphemeralCompileError) {
    const ephemeral = session.manifest.nodes[error.ephemeralId];
    const cause = ephemeral ? errorMessage('Compilation Error', ephemeral, error.original) : error.message;
    return {
      ...base,
      status: 'skipped',
      message: `Compilation Error in ${node.unique_id}, caused by compilation error in referenced ephemeral model ${error.ephemeralId}`,
      // Printed under the node's skip line, as dbt prints the ephemeral model's own result there.
      skip_cause: { node: ephemeral ?? node, message: cause },
      failures: null,
      timing,
      execution_time: secondsBetween(started),
      compiled: false,
      compiled_code: null,
    };
  }
  return {
    ...base,
    status: 'error',
    message: errorMessage(failureKind(error, node, 'Compilation Error'), node, error),
    failures: null,
    timing,
    execution_time: secondsBetween(started),
    compiled: false,
    compiled_code: null,
  };
}

/** The result of a node compiled and not executed (`timing` holds its compile step). */
export function compiledOnly(node: CompiledNode, threadId: string, started: number, timing: NodeResult['timing'], compiled: string | null): NodeResult {
  // dbt's run_results name the relation and compiled state of compiled resources only: a seed is none.
  const seed = node.resource_type === 'seed';
  // dbt times an execute step for every node it compiles, though compile executes nothing.
  const now = isoUtc(nowMs());
  timing.push({ name: 'execute', started_at: now, completed_at: now });
  // Written out rather than spread from a base object: compile makes one of these per node.
  return {
    unique_id: node.unique_id,
    thread_id: threadId,
    adapter_response: {},
    relation_name: seed ? null : node.relation_name,
    node,
    status: 'success',
    message: null,
    failures: null,
    timing,
    execution_time: secondsBetween(started),
    compiled: seed ? null : true,
    compiled_code: compiled,
  };
}

