import { cancelReason } from '../adapters/cancellable-adapter.js';
import { nowMs, secondsBetween } from '../core/clock.js';
import type { CompiledNode, GraphNode, Manifest } from '../project/types.js';
import { RelationHints } from '../materialize/index.js';
import { SqlFileWriter, writeGraphSummary, writeManifest, writeRunResults } from './artifacts/index.js';
import { logConcurrency, logFoundStats, logNothingToDo } from './run-header.js';
import { progressLine } from './logger.js';
import { logMarkSkippedChildren, logNodeResult, logNodeSkipped, logNodeStart } from './node-events.js';
import { eventTime, nodeInfo } from './node-info.js';
import { inNodeLogScope, inSyncNodeLogScope } from './node-log-scope.js';
import { planTasks, unitTestsInModelTurn, unitTestsWithoutTheirModel } from './plan-tasks.js';
import { hookResultsBeforeAbort, runProjectHooks, skipNodesIfOnRunStartFails, type HookResult } from './project-hooks.js';
import { onRunEndContext } from './on-run-end-context.js';
import { targetDirOf, type ProjectSession } from './project-session.js';
import { runNode } from './run-node.js';
import { compileEphemeral, ephemeralSkip, type NodeRunSettings } from './node-compile-results.js';
import { resultText, startText } from './progress-text.js';
import { isErrorSkip, isErrorStatus, type NodeResult } from './run-result.js';
import { runDag, type TaskOutcome } from './scheduler.js';
import { compileNodeNow } from './compile-node.js';
import { printEphemeralCause, printFinishedRunning, printRunSummary } from './run-summary.js';
import { runUnitTest } from './unit-test-runner.js';
import { isNoOpNode, lookupNoOpNode, noOpResult } from './no-op-nodes.js';
import { injectedEphemerals, isEphemeralModel } from './injected-ephemerals.js';
import { FirstInlinedEphemerals } from './first-inlined-ephemerals.js';
import { EphemeralSkipCause, FailedEphemerals } from './ephemeral-skip-cause.js';

import { COMMAND_TYPES, selectForCommand, type InvocationOptions, type InvocationResult, type RunnableNode } from './invocation-options.js';

export type { InvocationOptions, InvocationResult, NodeCommand, RunnableNode, SelectionFlags } from './invocation-options.js';

/** Selects, schedules and runs nodes for one command, printing dbt-style output and writing artifacts. */
export async function executeInvocation(session: ProjectSession, options: InvocationOptions): Promise<InvocationResult> {
  const { logger, manifest } = session;
  const started = nowMs();
  const targetDir = targetDirOf(session);
  const selection = options.uniqueIds !== undefined
    ? { selected: session.graph.sortTopologically(options.uniqueIds.filter((id) => lookupNode(manifest, id) !== undefined)), warnings: [] }
    : selectForCommand(session, options, COMMAND_TYPES[options.command]);
  // dbt compiles the graph (its Found line) before it selects, so selection warnings come after it.
  logFoundStats(logger, manifest);
  for (const warning of selection.warnings) logger.diagnostic(warning);
  // dbt writes graph_summary.json each time it compiles the graph, before any node runs.
  if (options.writeJson !== false) writeGraphSummary(manifest, session.invocationId, targetDir, options.command === 'build');
  // manifest.json is written once, when the nodes are done (with their compiled code and paths),
  // as dbt does; a run that stops on an unexpected error still leaves it written.
  try {
    return await runSelected(session, options, selection.selected, targetDir, started, 'defaultSelector' in selection ? selection.defaultSelector : undefined);
  } catch (error) {
    if (options.writeJson !== false) await writeManifest(manifest, targetDir).catch(() => undefined);
    throw error;
  }
}

/** Runs the selected nodes and writes run_results.json and manifest.json. */
/** Runs the selected nodes and writes run_results.json and manifest.json. */
async function runSelected(session: ProjectSession, options: InvocationOptions, selected: string[], targetDir: string, started: number, defaultSelector?: string): Promise<InvocationResult> {
  const { logger, manifest } = session;
  // dbt's compile compiles the ephemeral models it selects too, writing their SQL to target/compiled.
  const compiling = options.command === 'compile';
  const runnable = selected
    .map((id) => lookupNode(manifest, id))
    .filter((n): n is RunnableNode => n !== undefined && (isRunnable(n) || (compiling && isEphemeralModel(n)) || (options.command === 'build' && isNoOpNode(n))));
  // dbt's build runs a unit test only in its model's turn: one whose model is not selected does not
  // run (only unit tests selected: nothing to do), though dbt's `N of M` total still counts it.
  const orphanUnitTests = options.command === 'build' ? unitTestsWithoutTheirModel(runnable) : new Set<string>();
  const nodes = orphanUnitTests.size === 0 ? runnable : runnable.filter((n) => !orphanUnitTests.has(n.unique_id));
  // dbt names the selector marked `default: true` when it picks the nodes (its DefaultSelector event).
  if (defaultSelector) logger.info(`Using default selector ${defaultSelector}`, 'DefaultSelector', { name: defaultSelector });
  // dbt's run and build count an ephemeral model they select among the nodes to do (they compile
  // it), so selecting only ephemeral models is no NothingToDo: the run goes on with no node to run.
  const selectsEphemeral = (options.command === 'run' || options.command === 'build') && selected.some((id) => {
    const node = manifest.nodes[id];
    return node !== undefined && isEphemeralModel(node);
  });
  if (nodes.length === 0 && !selectsEphemeral) {
    logNothingToDo(logger);
    if (options.writeJson !== false) {
      await writeRunResults({ results: [], elapsedSeconds: 0, invocationId: session.invocationId, generatedAt: nowMs(), args: options.args }, targetDir);
      await writeManifest(manifest, targetDir);
    }
    // dbt's run, test, build and snapshot end messages print only when there are results, but its
    // seed task prints them for none too: `Completed successfully` and `Done. PASS=0 ... TOTAL=0`.
    if (options.command === 'seed') printRunSummary(logger, [], 0, [], { finishedLine: false });
    return { results: [], elapsedSeconds: 0, success: true, selected: [] };
  }
  logConcurrency(logger, session, nodes.length);

  const executes = options.command !== 'compile';
  // dbt's selected_resources: what hooks (register_upstream_external_models, audit macros) and models see.
  session.renderer.setSelectedResources(nodes.map((n) => n.unique_id));
  // A failing on-run-start hook is a result like a failing node: dbt records it, runs the
  // selected nodes anyway (skips them when the project turns skip_nodes_if_on_run_start_fails on)
  // and goes on.
  let startHooks: HookResult[] = [];
  try {
    if (executes) startHooks = await runProjectHooks(session, 'on-run-start');
  } catch (error) {
    // dbt still prints its Finished line, counting the hooks that ran, before the error ends the command.
    const before = hookResultsBeforeAbort(error);
    if (before) printFinishedRunning(logger, [], before, secondsBetween(started));
    throw error;
  }
  const skipAll = startHooks.some((h) => h.status === 'error') && skipNodesIfOnRunStartFails(session);

  const build = options.command === 'build';
  const { tasks, unitTestsOf } = unitTestsInModelTurn(planTasks(session, nodes, build), build ? nodes : []);
  const byId = new Map(nodes.map((n) => [n.unique_id, n]));
  const results: NodeResult[] = [];
  const total = nodes.length + orphanUnitTests.size;
  let counter = 0;
  let failed = false;
  const freeThreads = Array.from({ length: session.threads }, (_, i) => `Thread-${i + 1} (worker)`);
  // When each node started, for the node_info of its result event.
  const startedAt = new Map<string, string>();
  // target/compiled and target/run files are written in the background, flushed after the last node.
  const files = new SqlFileWriter();
  // Shared by every node's run (one object, not one per node).
  const settings: NodeRunSettings = {
    fullRefresh: options.fullRefresh,
    storeFailures: options.storeFailures,
    compileOnly: !executes,
    targetDir,
    files,
    eventTimeStart: options.eventTimeStart,
    eventTimeEnd: options.eventTimeEnd,
    retryBatches: options.retryBatches,
    retrySucceeded: options.retrySucceeded,
    sample: options.sample,
    ...(executes && session.adapter ? { relationHints: new RelationHints(session.adapter) } : {}),
    inlined: new FirstInlinedEphemerals(manifest, new Set(selected)),
  };

  // dbt's build names a skipped ephemeral model as the cause of the skips below it (see EphemeralSkipCause).
  const ephemeralCause = new EphemeralSkipCause(session.graph, manifest, new Set(build ? selected.filter((id) => manifest.nodes[id] !== undefined && isEphemeralModel(manifest.nodes[id])) : []));
  // run's: an ephemeral model that failed to compile skips every node below it (see FailedEphemerals).
  const failedEphemerals = new FailedEphemerals(session.graph);
  // Records a node that will not run and prints its SKIP line (none for what fail-fast left unrun).
  const skipNode = (node: RunnableNode, thread: string, failingFast = false): void => {
    const index = ++counter;
    const result = skippedResult(node, thread);
    const failure = failingFast || build ? undefined : failedEphemerals.causeOf(node.unique_id);
    const cause = failingFast ? undefined : (failure?.node.unique_id ?? ephemeralCause.causeOf(node.unique_id));
    if (failingFast) result.message = 'Skipping due to fail_fast';
    else if (cause) result.message = `Compilation Error in ${node.unique_id}, caused by compilation error in referenced ephemeral model ${cause}`;
    results.push(result);
    ephemeralCause.done(node.unique_id, 'skipped');
    if (executes && !failingFast) {
      const { text, status } = resultText(result);
      const printCause = failure && (() => printEphemeralCause(logger, failure));
      logNodeSkipped(logger, result, { index, total, nodeInfo: nodeInfo(node, { status: 'skipped', startedAt: eventTime(), finishedAt: '' }) }, progressLine(index, total, text, status), printCause);
      // dbt's build passes a skip on from each skipped node, and says so.
      if (options.command === 'build') logMarkSkippedChildren(logger, result);
    }
  };

  if (skipAll) {
    for (const node of nodes) {
      const result = skippedResult(node, MAIN_THREAD);
      results.push(result);
      const index = ++counter;
      logNodeSkipped(logger, result, { index, total, nodeInfo: nodeInfo(node, { status: 'skipped', startedAt: eventTime(), finishedAt: '' }) }, progressLine(index, total, resultText(result).text, 'SKIP'));
    }
    logger.info('');
  } else await runDag(
    tasks,
    session.threads,
    (id) => {
      const thread = freeThreads.shift() ?? 'Thread-0 (worker)';
      // Records a node's result and prints its line; returns whether it fails what lies below.
      const record = (node: RunnableNode, index: number, result: NodeResult): boolean => {
        if (options.warnErrorTests && result.status === 'warn') {
          result.status = 'fail';
          result.message = result.message?.replace(', configured to warn if ', ', configured to fail if ') ?? null;
        }
        results.push(result);
        ephemeralCause.done(node.unique_id, result.status);
        failedEphemerals.done(node.unique_id, result.status, result.skip_cause);
        if (executes) {
          const { text, status } = resultText(result, session.loaded.target.database);
          // A partial success's line is an `OK created` line, at info level as dbt logs it.
          const level = (isErrorStatus(result.status) && result.status !== 'partial success') || isErrorSkip(result) ? 'error' : result.status === 'warn' ? 'warn' : 'info';
          const info = nodeInfo(node, { status: result.status, startedAt: startedAt.get(node.unique_id), finishedAt: eventTime() });
          result.node_info = info;
          const line = progressLine(index, total, text, status);
          // A node an ephemeral model it inlines skipped (found before it started) logs a skip, then that model's error, as dbt's.
          const cause = result.skip_cause;
          if (result.status === 'skipped') logNodeSkipped(logger, result, { index, total, nodeInfo: info }, line, cause && (() => printEphemeralCause(logger, cause)));
          else logNodeResult(logger, level, result, { index, total, nodeInfo: info }, line);
        }
        const bad = isErrorStatus(result.status) || isErrorSkip(result);
        if (bad) failed = true;
        // Only build skips what lies below a failing test (dbt's other commands, an error only).
        if (bad && executes && (result.status !== 'fail' || options.command === 'build')) logMarkSkippedChildren(logger, result);
        return bad;
      };
      // A node's result is recorded (and its thread freed) when it finishes.
      const finish = (node: RunnableNode, index: number, result: NodeResult): TaskOutcome => {
        freeThreads.push(thread);
        return { blocksDownstream: record(node, index, result) };
      };
      const startAndRun = async (node: RunnableNode, index: number): Promise<NodeResult> => {
        // dbt compiles an ephemeral model in its own turn: one that fails skips the node before it starts (no START line).
        const skipped = node.resource_type === 'unit_test' ? undefined : ephemeralSkip(session, node, thread);
        if (skipped) return skipped;
        const started = eventTime();
        startedAt.set(node.unique_id, started);
        const info = nodeInfo(node, { status: 'started', startedAt: started, finishedAt: '' });
        logNodeStart(logger, node, { index, total, nodeInfo: info, thread }, progressLine(index, total, startText(node, session.loaded.target.database), 'RUN'));
        return inNodeLogScope({ nodeInfo: () => info, thread }, () =>
          node.resource_type === 'unit_test' ? runUnitTest(session, node, thread, { targetDir, files }) : runNode(session, node, thread, settings));
      };
      const node = byId.get(id)!;
      // A compile awaits nothing: the node is compiled now and finishes in its turn (see runDag),
      // sparing the awaits of tens of thousands of nodes.
      if (!executes) {
        const index = ++counter;
        const scope = { nodeInfo: () => nodeInfo(node, { status: 'started', startedAt: eventTime(), finishedAt: '' }), thread };
        const result = node.resource_type === 'unit_test' ? skippedResult(node, thread) : inSyncNodeLogScope(scope, () => compileNodeNow(session, node, thread, settings));
        return () => finish(node, index, result);
      }
      // An exposure or saved query prints no START line and does nothing (dbt's NoOpRunner).
      if (isNoOpNode(node)) {
        const index = ++counter;
        startedAt.set(node.unique_id, eventTime());
        return Promise.resolve().then(() => finish(node, index, noOpResult(node, thread)));
      }
      return (async () => {
        // The model's unit tests run first, in its worker; once one fails, dbt skips the rest and the model.
        let unitFailed = false;
        for (const unitId of unitTestsOf.get(id) ?? []) {
          const unit = byId.get(unitId)!;
          if (unitFailed) {
            skipNode(unit, thread);
            continue;
          }
          const unitIndex = ++counter;
          if (record(unit, unitIndex, await startAndRun(unit, unitIndex))) unitFailed = true;
        }
        if (unitFailed) {
          skipNode(node, thread);
          freeThreads.push(thread);
          return { blocksDownstream: true };
        }
        const index = ++counter;
        return finish(node, index, await startAndRun(node, index));
      })();
    },
    (id) => {
      // dbt's fail-fast marks every node it did not run with this message, and prints no line for them.
      const failingFast = options.failFast && failed;
      // dbt skips a node below a failure on the worker that picks it up (a model's unit tests first),
      // but marks the nodes fail-fast left unrun from its main thread.
      const thread = failingFast ? MAIN_THREAD : (freeThreads[0] ?? 'Thread-1 (worker)');
      for (const unitId of unitTestsOf.get(id) ?? []) skipNode(byId.get(unitId)!, thread, failingFast);
      skipNode(byId.get(id)!, thread, failingFast);
    },
    // A cancelled command (a pipeline step past its timeout) starts no further node.
    () => (options.failFast && failed) || session.signal?.aborted === true,
  );
  // The last files are written while run_results.json and manifest.json are serialized.
  // dbt's run and build compile the ephemeral models they select too (their SQL in target/compiled), listing none.
  if (executes && !skipAll && !session.signal?.aborted) {
    for (const id of selected) {
      const node = manifest.nodes[id];
      if (node && isEphemeralModel(node)) await compileEphemeral(session, node as CompiledNode, settings);
    }
  }
  // dbt also writes the compiled SQL of each ephemeral model it injects as a CTE, selected or not.
  if (!skipAll && !session.signal?.aborted) {
    for (const id of injectedEphemerals(manifest, results, selected)) await compileEphemeral(session, manifest.nodes[id] as CompiledNode, settings);
  }
  const filesWritten = files.flush();
  filesWritten.catch(() => undefined);

  if (session.signal?.aborted) logger.warn(`Cancelled: ${cancelReason(session.signal)}; the nodes not started were skipped and on-run-end hooks not run`, 'RunCancelled');
  let endHooks: HookResult[] = [];
  // dbt writes run_results.json before an on-run-end hook's compile failure ends the command.
  let endAbort: { error: unknown } | undefined;
  try {
    if (executes && !session.signal?.aborted) endHooks = await runProjectHooks(session, 'on-run-end', onRunEndContext(startHooks, results, manifest));
  } catch (error) {
    const before = hookResultsBeforeAbort(error);
    if (!before) throw error;
    endHooks = before;
    endAbort = { error };
  }
  const hooks: HookResult[] = [...startHooks, ...endHooks];
  const elapsedSeconds = secondsBetween(started);
  // dbt lists a compiled ephemeral model among the results only when --select named the nodes.
  const listed = compiling && !options.select?.length ? results.filter((r) => !isEphemeralModel(r.node)) : results;
  if (options.writeJson !== false) {
    // dbt 1.10 also lists its no-op nodes (exposures, saved queries) with status `no-op`, which
    // dbt's published run_results v6 schema does not allow: those are left out, as dbt 1.9 did.
    // One skipped below a failure is listed (`skipped` is a v6 status), so retry runs it again.
    const written = listed.filter((r) => !(isNoOpNode(r.node) && r.status === 'no-op'));
    await writeRunResults(
      { results: [...startHooks, ...written, ...endHooks], elapsedSeconds, invocationId: session.invocationId, generatedAt: nowMs(), args: options.args },
      targetDir,
    );
    await writeManifest(manifest, targetDir);
  }
  await filesWritten;
  if (endAbort) {
    // dbt's summary of a run an on-run-end compile error ended: worded as an interrupted run, its Finished line last.
    printRunSummary(logger, results, elapsedSeconds, hooks, { interrupted: true });
    throw endAbort.error;
  }
  const cancelled = session.signal?.aborted === true;
  const success = !cancelled && !results.some((r) => isErrorStatus(r.status) || isErrorSkip(r)) && !hooks.some((h) => h.status === 'error');
  // A cancelled run has no summary to give ("Completed successfully" would be false): the Cancelled line says why it stopped.
  // dbt prints no closing summary for a run with no result at all (only ephemeral models selected, no hooks).
  if (executes && !cancelled && results.length + hooks.length === 0) printFinishedRunning(logger, results, hooks, elapsedSeconds);
  else if (executes && !cancelled) {
    if (options.beforeEndMessages) {
      printFinishedRunning(logger, results, hooks, elapsedSeconds);
      await options.beforeEndMessages(results);
    }
    printRunSummary(logger, results, elapsedSeconds, hooks, { finishedLine: !options.beforeEndMessages });
  }
  return { results: listed, elapsedSeconds, success, selected: nodes.map((n) => n.unique_id) };
}

/** The name of Python's main thread, which records the nodes dbt skips outside its workers. */
const MAIN_THREAD = 'MainThread';

function skippedResult(node: RunnableNode, thread: string): NodeResult {
  return {
    unique_id: node.unique_id,
    status: 'skipped',
    message: null,
    failures: null,
    timing: [],
    thread_id: thread,
    execution_time: 0,
    adapter_response: {},
    // A seed, exposure or saved query is no compiled resource in dbt's run_results: nothing to say of its compilation or relation.
    compiled: node.resource_type === 'seed' || isNoOpNode(node) ? null : false,
    compiled_code: null,
    relation_name: node.resource_type === 'unit_test' || node.resource_type === 'seed' || isNoOpNode(node) ? null : node.relation_name,
    node,
  };
}

function lookupNode(manifest: Manifest, id: string): GraphNode | undefined {
  return manifest.nodes[id] ?? manifest.unit_tests[id] ?? lookupNoOpNode(manifest, id);
}

/** Nodes that do work: ephemeral models are inlined into their children, sources and exposures are not run. */
function isRunnable(node: GraphNode): boolean {
  if (node.resource_type === 'model') return (node as CompiledNode).config.materialized !== 'ephemeral';
  return RUNNABLE_TYPES.has(node.resource_type);
}

const RUNNABLE_TYPES = new Set(['seed', 'snapshot', 'test', 'analysis', 'unit_test']);
