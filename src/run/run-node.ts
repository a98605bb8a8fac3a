// One node's compile and materialization, as dbt's runner does both for each node it reaches.
import { isReelhouseError, userError, type Diagnostic } from '../core/diagnostic.js';
import { allowsPackageOverrides, isExecutable, materializationName, materializations, materializeNode, packageOverrideDeprecation, testMaterializationOverride, runFileSql } from '../materialize/index.js';
import type { CompiledNode } from '../project/types.js';
import { toHooks } from '../project/index.js';
import { writeCompiledSql, writeRunSql } from './artifacts/index.js';
import { batchCount, isMicrobatch, microbatchOptions, microbatchResultFields, withEarlierBatches } from './microbatch-run.js';
import { isoUtc, nowMs, secondsBetween } from '../core/clock.js';
import type { NodeResult, NodeStatus } from './run-result.js';
import type { ProjectSession } from './project-session.js';
import { errorMessage, failureKind, isCompilationError } from './node-error-text.js';
import { compileFailure, compiledOnly, type NodeRunSettings } from './node-compile-results.js';
import { databaseErrorMessage, lastStatementHolding } from './database-error-message.js';
import { dayReloadOptions } from './day-reload.js';
import { logNodePhase, logRuntimeSql } from './node-events.js';
import { logCompiledSqlWrites } from './first-inlined-ephemerals.js';

// Names of the sessions nodes compile and run on when their templates send statements.
let nodeSessions = 0;

/** Compiles and materializes one node, returning its result; never throws for user errors. */
export async function runNode(
  session: ProjectSession,
  node: CompiledNode,
  threadId: string,
  settings: NodeRunSettings,
): Promise<NodeResult> {
  const timing: NodeResult['timing'] = [];
  const started = nowMs();
  logNodePhase(session.logger, 'compiling');
  // dbt's run_results name the relation and compiled state of compiled resources only: a seed
  // is none, so its result has null for all three, whatever the command.
  const seed = node.resource_type === 'seed';
  const relationName = seed ? null : node.relation_name;
  // Made only where a result is built from it: a compile of a large project never needs it.
  const baseOf = () => ({
    unique_id: node.unique_id,
    thread_id: threadId,
    adapter_response: {},
    relation_name: relationName,
    node,
  });

  let compiled: string | null = null;
  // As in dbt, where a node compiles and runs on one connection, statements its templates send
  // while it compiles (a temporary table made with run_query) go to a session of its own, which
  // it then runs on. A compile alone that sends none keeps the pooled sessions.
  const home = session.bridge && !settings.compileOnly && !isMicrobatch(node) ? `node-${++nodeSessions}` : undefined;
  let pinned = false;
  const release = async (): Promise<void> => {
    if (pinned && home !== undefined) await session.adapter?.releaseSession?.(home).catch(() => undefined);
  };
  try {
    if (node.resource_type !== 'seed') {
      if (home !== undefined && session.bridge) {
        const out = session.bridge.statementsOn(home, () => session.renderer.compile(node, session.manifest));
        pinned = out.sent;
        compiled = out.value;
      } else compiled = session.renderer.compile(node, session.manifest);
      node.compiled_code = compiled ?? undefined;
      // A microbatch model compiles batch by batch (microbatch-run.ts announces each batch's file).
      if (node.resource_type !== 'snapshot' && !isMicrobatch(node)) logCompiledSqlWrites(session.logger, node, settings.inlined);
      await writeCompiledSql(node, settings.targetDir, settings.files);
    }
  } catch (error) {
    await release();
    return compileFailure(session, node, threadId, error, started, timing);
  }
  const compileEnd = nowMs();
  timing.push({ name: 'compile', started_at: isoUtc(started), completed_at: isoUtc(compileEnd) });
  logNodePhase(session.logger, 'executing');

  if (settings.compileOnly || !isExecutable(node)) {
    await release();
    return compiledOnly(node, threadId, started, timing, compiled);
  }

  const adapter = session.adapter;
  if (!adapter) throw new Error('runNode needs an open warehouse connection');
  // As in dbt, where a node runs on one connection from start to end: a node whose hooks or
  // `{% materialization %}` block send statements of their own runs all of its statements on its
  // session, so what one makes for the session alone (a temporary table from run_query or a
  // pre-hook) is there for the statement that reads it. A built-in materialization with no
  // hooks sends nothing else, and keeps the pooled sessions (a session costs a rollback).
  if (home !== undefined && (hasHooks(node) || materializations[materializationName(node)] === undefined)) pinned = true;
  const executeStart = nowMs();
  // A template rendered inside the node's open transaction sends its statements to that session
  // (else to the node's own, when it has one).
  const renderOn = (txSession: string | undefined, render: () => string): string => {
    // Any other template the node renders now (a macro the project overrides) keeps its
    // statements on the node's session as well.
    if (txSession === undefined && home !== undefined) pinned = true;
    const on = txSession ?? (pinned ? home : undefined);
    return on !== undefined && session.bridge ? session.bridge.on(on, render) : render();
  };
  let failedSql: string[] = [];
  const jinja = {
    macros: session.manifest.macros,
    rootPackage: session.loaded.project.name,
    dispatch: session.loaded.project.dispatch,
    packageOverrides: allowsPackageOverrides(session.loaded.project.flags as Record<string, unknown> | undefined),
    render: (sql: string, extra: Record<string, unknown>, txSession?: string) => renderOn(txSession, () => session.renderer.renderString(sql, node, extra)),
  };
  try {
    // dbt warns each time it looks up a materialization and settles on a package's block for a
    // built-in name; raised as an error (--warn-error), it fails the node, as there.
    if (node.resource_type === 'test' && materializationName(node) === 'test') {
      const chosen = testMaterializationOverride(jinja, adapter.type);
      if (chosen && chosen.packageName !== jinja.rootPackage) warnOrFail(session, packageOverrideDeprecation(chosen.packageName, 'test', node.original_file_path));
    }
    const execution = await materializeNode({
      node,
      adapter,
      warn: (warning) => warnOrFail(session, warning),
      onFailedSql: (statements) => {
        failedSql = statements;
      },
      // A seed's noop_statement('main') comes once its rows are loaded (below); a microbatch model's batches announce their own.
      ...(seed || isMicrobatch(node) ? {} : { onMainStatement: () => logRuntimeSql(session.logger, node) }),
      // A hook inside the build's transaction sends its templates' statements there (see session-bridge.ts).
      renderHook: (sql: string, txSession?: string, batch?: { start: Date; end: Date }) =>
        renderOn(txSession, () => session.renderer.renderString(sql, node, undefined, undefined, batch ? { batch } : undefined)),
      fullRefresh: settings.fullRefresh,
      storeFailuresDefault: settings.storeFailures,
      ...(settings.relationHints ? { relationHints: settings.relationHints } : {}),
      targetSchema: session.loaded.target.schema,
      ...(session.manifest.metadata.quoting ? { quoting: session.manifest.metadata.quoting } : {}),
      projectDir: session.loaded.projectDir,
      externalRoot: externalRootOf(session),
      jinja,
      ...(isMicrobatch(node) ? microbatchOptions(session, node, settings, await batchCount(session, node, settings)) : {}),
      ...dayReloadOptions(session, node, settings),
      ...(pinned ? { session: home } : {}),
    });
    if (seed && execution.status !== 'error') logRuntimeSql(session.logger, node);
    timing.push({ name: 'execute', started_at: isoUtc(executeStart), completed_at: isoUtc(nowMs()) });
    // A microbatch model's batches wrote their own run files (see microbatchOptions). As dbt's
    // statement('main') writes it, the file holds the main statement, not the drops and renames around it.
    const runSql = runFileSql(execution);
    if (runSql.length > 0 && !isMicrobatch(node)) await writeRunSql(node, settings.targetDir, runSql.join(';\n\n'), settings.files);
    const status = execution.status as NodeStatus;
    // dbt compiles a batched model's batches only: manifest.json keeps the model itself uncompiled.
    if (isMicrobatch(node) && execution.batchResults) {
      node.compiled_code = undefined;
      node.compiled_path = undefined;
    }
    const message =
      status === 'error'
        ? databaseErrorMessage(node, compiled, execution.message ?? '', lastStatementHolding(execution.executedSql, compiled))
        : node.resource_type === 'test' && status === 'pass'
          ? null // dbt records no message for a passing data test
          : execution.message;
    return {
      ...baseOf(),
      status,
      message,
      failures: execution.failures,
      timing,
      execution_time: secondsBetween(started),
      adapter_response: execution.adapterResponse,
      compiled: seed ? null : true,
      compiled_code: compiled,
      ...(execution.batchResults
        ? { batch_results: isMicrobatch(node) ? withEarlierBatches(execution.batchResults, settings.retrySucceeded?.get(node.unique_id)) : execution.batchResults }
        : {}),
      ...(isMicrobatch(node) && execution.batchResults ? microbatchResultFields(status, message) : {}),
    };
  } catch (error) {
    timing.push({ name: 'execute', started_at: isoUtc(executeStart), completed_at: isoUtc(nowMs()) });
    if (failedSql.length > 0) await writeRunSql(node, settings.targetDir, failedSql.join(';\n\n'), settings.files);
    return {
      ...baseOf(),
      status: 'error',
      message: isReelhouseError(error) && error.diagnostic.code !== 'database-error'
        // dbt's report of a macro's Compilation Error ends with its chain of macro calls
        ? errorMessage(failureKind(error, node, isCompilationError(error.diagnostic.code) ? 'Compilation Error' : 'Runtime Error'), node, error)
        : databaseErrorMessage(node, compiled, error instanceof Error ? error.message : String(error)),
      failures: null,
      timing,
      execution_time: secondsBetween(started),
      compiled: seed ? null : compiled !== null,
      compiled_code: compiled,
    };
  } finally {
    await release();
  }
}

// A warning printed for the node; when --warn-error raises it, the node fails with a Compilation
// Error, as dbt's warn_or_error raises an EventCompilationError.
function warnOrFail(session: ProjectSession, warning: Diagnostic): void {
  try {
    session.logger.diagnostic(warning);
  } catch (error) {
    throw isReelhouseError(error) && error.diagnostic.code === 'warn-error' ? userError('compiler-error', warning.message, error.diagnostic.location) : error;
  }
}

/** The profile's `external_root` (dbt-duckdb's default: the project directory). */
function externalRootOf(session: ProjectSession): string {
  const root = session.loaded.target['external_root'];
  return typeof root === 'string' && root !== '' ? root : '.';
}

/** Whether the node has pre- or post-hooks. */
function hasHooks(node: CompiledNode): boolean {
  return toHooks(node.config['pre-hook']).length > 0 || toHooks(node.config['post-hook']).length > 0;
}
