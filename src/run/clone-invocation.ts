import { isoUtc, nowMs, secondsBetween } from '../core/clock.js';
import type { FreshnessResults } from '../graph/index.js';
import { userError } from '../core/diagnostic.js';
import { cloneFromState, runFileSql, SqlRunner } from '../materialize/index.js';
import type { DeferRelation } from '../project/context/node-relations.js';
import type { CompiledNode, Manifest, ResourceType } from '../project/types.js';
import { writeManifest, writeRunResults, writeRunSql } from './artifacts/index.js';
import { jinjaLogEvent } from './diagnostic-events.js';
import { selectForCommand, type InvocationResult } from './invocation-options.js';
import { logConcurrency, logFoundStats, logNothingToDo } from './run-header.js';
import { targetDirOf, type ProjectSession } from './project-session.js';
import { isErrorStatus, type NodeResult } from './run-result.js';
import { printRunSummary } from './run-summary.js';
import { runDag } from './scheduler.js';

/** The resource types dbt's clone acts on: those with a relation another node can ref(). */
const CLONABLE: ResourceType[] = ['model', 'seed', 'snapshot'];

/** Selection and behaviour flags of one `clone`. */
export interface CloneOptions {
  select?: string[] | undefined;
  exclude?: string[] | undefined;
  selector?: string | undefined;
  /** `--full-refresh`: relations that already exist in this target are replaced too. */
  fullRefresh: boolean;
  /** The --state manifest, for `state:` selectors; nodes carry their `defer_relation` already. */
  state?: Manifest | undefined;
  previousResults?: { results: { unique_id: string; status: string }[] } | undefined;
  previousSources?: FreshnessResults | undefined;
  currentSources?: FreshnessResults | undefined;
  /** `--resource-type`/`--exclude-resource-type`, narrowed to the clonable types. */
  resourceTypes?: ResourceType[] | undefined;
  writeJson?: boolean | undefined;
  /** Recorded in run_results.json. */
  args: Record<string, unknown>;
}

/**
 * dbt clone: every selected model, seed and snapshot (ephemeral models aside) gets a relation in
 * this target that reads its relation in the --state manifest. Nodes are independent of one
 * another, so they run in any order over the threads; no project hooks run and, as in dbt, no
 * line is printed per node, only what the clone materialization logs and the closing summary.
 */
export async function executeClone(session: ProjectSession, options: CloneOptions): Promise<InvocationResult> {
  const { logger, manifest } = session;
  const started = nowMs();
  const targetDir = targetDirOf(session);
  const selection = selectForCommand(session, options, CLONABLE);
  // dbt compiles the graph (its Found line) before it selects, so selection warnings come after it.
  logFoundStats(logger, manifest);
  for (const warning of selection.warnings) logger.diagnostic(warning);
  const selected = selection.selected.map((id) => manifest.nodes[id] as CompiledNode | undefined).filter((n): n is CompiledNode => n !== undefined);
  const write = async (results: NodeResult[], elapsedSeconds: number): Promise<void> => {
    if (options.writeJson === false) return;
    await writeRunResults({ results, elapsedSeconds, invocationId: session.invocationId, generatedAt: nowMs(), args: options.args }, targetDir);
    await writeManifest(manifest, targetDir);
  };
  if (selected.length === 0) {
    logNothingToDo(logger);
    await write([], 0);
    // dbt's clone prints its end messages even with no result: `Completed successfully`, `Done. ... TOTAL=0`.
    printRunSummary(logger, [], 0, [], { finishedLine: false });
    return { results: [], elapsedSeconds: 0, success: true, selected: [] };
  }
  // Ephemeral models are selected but, having no relation, neither run nor reported (as in dbt).
  const nodes = selected.filter((n) => n.config.materialized !== 'ephemeral');
  logConcurrency(logger, session, nodes.length);

  await createSchemas(session, nodes);
  const byId = new Map(nodes.map((n) => [n.unique_id, n]));
  const freeThreads = Array.from({ length: session.threads }, (_, i) => `Thread-${i + 1} (worker)`);
  const results: NodeResult[] = [];
  await runDag(
    nodes.map((n) => ({ id: n.unique_id, dependsOn: [] })),
    session.threads,
    async (id) => {
      const thread = freeThreads.shift() ?? 'Thread-0 (worker)';
      results.push(await cloneOne(session, byId.get(id)!, thread, options.fullRefresh, targetDir));
      freeThreads.push(thread);
      return { blocksDownstream: false };
    },
    () => undefined,
    () => session.signal?.aborted === true,
  );
  const elapsedSeconds = secondsBetween(started);
  await write(results, elapsedSeconds);
  printRunSummary(logger, results, elapsedSeconds, [], { finishedLine: false });
  return { results, elapsedSeconds, success: !results.some((r) => isErrorStatus(r.status)), selected: nodes.map((n) => n.unique_id) };
}

/** dbt's clone creates the schemas of every selected node first, those of nodes it then leaves alone included. */
async function createSchemas(session: ProjectSession, nodes: CompiledNode[]): Promise<void> {
  if (!session.adapter) throw new Error('clone needs an open warehouse connection');
  const runner = new SqlRunner(session.adapter);
  const schemas = new Map(nodes.map((n) => [`${n.database}\u0000${n.schema}`, { database: n.database, schema: n.schema, identifier: '' }]));
  for (const ref of schemas.values()) {
    try {
      await runner.createSchema(ref);
    } catch (error) {
      throw userError('database-error', `Could not create schema ${ref.schema}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** Clones one node and records its result as dbt's clone runner does (it compiles nothing). */
async function cloneOne(session: ProjectSession, node: CompiledNode, threadId: string, fullRefresh: boolean, targetDir: string): Promise<NodeResult> {
  const started = nowMs();
  const compiledAt = isoUtc(started);
  const adapter = session.adapter;
  if (!adapter) throw new Error('clone needs an open warehouse connection');
  const from = (node as CompiledNode & { defer_relation?: DeferRelation | null }).defer_relation ?? undefined;
  let message: string;
  let execution: Awaited<ReturnType<typeof cloneFromState>> | undefined;
  try {
    execution = await cloneFromState(
      {
        node,
        adapter,
        // A hook inside the build's transaction sends its templates' statements there, as in runNode.
        renderHook: (sql: string, txSession?: string) => {
          const render = () => session.renderer.renderString(sql, node);
          return txSession !== undefined && session.bridge ? session.bridge.on(txSession, render) : render();
        },
        fullRefresh,
        storeFailuresDefault: false,
        targetSchema: session.loaded.target.schema,
        projectDir: session.loaded.projectDir,
      },
      from,
    );
    if (execution.note) session.logger.event(execution.note.level, jinjaLogEvent(execution.note.level), execution.note.text);
    // dbt's clone writes its view materialization's main statement, the create view.
    const runSql = runFileSql(execution);
    if (runSql.length > 0) await writeRunSql(node, targetDir, runSql.join(';\n\n'));
    message = execution.status === 'error' ? errorText(node, execution.message) : execution.message;
  } catch (error) {
    // A hook that fails to render, or any other error of the node's own: the node errors, the clone goes on.
    message = errorText(node, error instanceof Error ? error.message : String(error));
  }
  // dbt's clone runner compiles nothing: a seed is no compiled node at all, so its result names no relation.
  const compiledNode = node.resource_type !== 'seed';
  return {
    unique_id: node.unique_id,
    status: execution?.status === 'success' ? 'success' : 'error',
    message,
    failures: null,
    timing: [
      { name: 'compile', started_at: compiledAt, completed_at: compiledAt },
      ...(execution?.timing ?? []),
    ],
    thread_id: threadId,
    execution_time: secondsBetween(started),
    adapter_response: execution?.adapterResponse ?? {},
    compiled: compiledNode ? false : null,
    compiled_code: null,
    relation_name: compiledNode ? node.relation_name : null,
    node,
  };
}

/** dbt's wording for a node that failed: `Runtime Error in model x (models/x.sql)` and the cause, indented. */
function errorText(node: CompiledNode, detail: string): string {
  const lines = detail.split('\n').filter((l) => l.trim() !== '').map((l) => `  ${l}`);
  return `Runtime Error in ${node.resource_type} ${node.name} (${node.original_file_path})\n${lines.join('\n')}`;
}
