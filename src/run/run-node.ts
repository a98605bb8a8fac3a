import { readFileSync } from 'node:fs';
import { isReelhouseError, userError, type Diagnostic } from '../core/diagnostic.js';
import { allowsPackageOverrides, isExecutable, materializationName, materializations, materializeNode, packageOverrideDeprecation, reloadDays, testMaterializationOverride, runFileSql } from '../materialize/index.js';
import type { DayProgress, DayReloadOptions, RelationHints } from '../materialize/index.js';
import type { CompiledNode } from '../project/types.js';
import { EphemeralCompileError } from '../project/context/index.js';
import { toHooks } from '../project/index.js';
import { writeCompiledSql, writeRunSql, type SqlFileWriter } from './artifacts/index.js';
import { batchCount, isMicrobatch, microbatchOptions, microbatchResultFields, withEarlierBatches } from './microbatch-run.js';
import { isoUtc, nowMs, secondsBetween } from '../core/clock.js';
import { progressLine } from './logger.js';
import { readsDayVars } from './reads-day-vars.js';
import { isEphemeralModel } from './injected-ephemerals.js';
import { displayRelation, type NodeResult, type NodeStatus } from './run-result.js';
import type { ProjectSession } from './project-session.js';
import { locateSqlError, withCompiledLineNumber, type SqlErrorLocation } from './sql-error-location.js';
import { errorMessage, failureKind, indent, isCompilationError } from './node-error-text.js';

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
      await writeCompiledSql(node, settings.targetDir, settings.files);
    }
  } catch (error) {
    await release();
    return compileFailure(session, node, threadId, error, started, timing);
  }
  const compileEnd = nowMs();
  timing.push({ name: 'compile', started_at: isoUtc(started), completed_at: isoUtc(compileEnd) });

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

/** The profile's `external_root` (dbt-duckdb's default: the project directory). */
function externalRootOf(session: ProjectSession): string {
  const root = session.loaded.target['external_root'];
  return typeof root === 'string' && root !== '' ? root : '.';
}

/**
 * A non-microbatch incremental model that reads the day vars (readsDayVars), under
 * `--event-time-start/--event-time-end` (or retry of a failed day), runs once per day with
 * vars `event_time_start`/`event_time_end` set to the
 * day and the next, each day committed on its own, with `Day i of n` progress lines.
 */
function dayReloadOptions(session: ProjectSession, node: CompiledNode, settings: NodeRunSettings): { dayReload?: DayReloadOptions } {
  if (node.resource_type !== 'model' || node.config.materialized !== 'incremental' || isMicrobatch(node)) return {};
  const only = settings.retryBatches?.get(node.unique_id);
  let days: [string, string][];
  if (only && only.length > 0) days = only;
  else if (settings.eventTimeStart && settings.eventTimeEnd && readsDayVars(node, session.manifest)) days = reloadDays(settings.eventTimeStart, settings.eventTimeEnd);
  else return {};
  const { logger } = session;
  const rel = displayRelation(node);
  let began = nowMs();
  const prefixed = (p: DayProgress, text: string, status: string) =>
    progressLine(p.index + 1, p.total, text, status).replace(/^\d+ of \d+/, `Day ${p.index + 1} of ${p.total}`);
  return {
    dayReload: {
      days,
      retries: 1,
      resume: !!only && only.length > 0,
      renderForDay: (day) =>
        session.renderer.compile(node, session.manifest, {
          vars: { event_time_start: day.start, event_time_end: day.end },
          macros: { is_incremental: day.incremental },
        }),
      onDay: (p) => {
        const secs = `in ${((nowMs() - began) / 1000).toFixed(2)}s`;
        if (p.phase === 'start') {
          began = nowMs();
          logger.info(prefixed(p, `START ${p.day} of ${rel}`, 'RUN'), 'LogStartBatch', { batch: p.day });
        } else if (p.phase === 'success') {
          logger.info(prefixed(p, `OK ${p.day} of ${rel}`, `INSERT ${p.rowsAffected} ${secs}`), 'LogBatchResult');
        } else {
          const retried = p.attempts > 1 ? ` after ${p.attempts} attempts` : '';
          logger.event('error', 'LogBatchResult', prefixed(p, `ERROR ${p.day} of ${rel}${retried}`, `ERROR ${secs}`));
        }
      },
    },
  };
}

/**
 * A warehouse error as dbt-duckdb raises it (a Runtime Error, which names no compiled file): the node,
 * the warehouse's message (its `LINE n` made the compiled file's line) and the line (and column) in
 * the node's own .sql file.
 */
function databaseErrorMessage(node: CompiledNode, compiled: string | null, detail: string, statement?: string): string {
  const loc = compiled === null ? undefined : locateSqlError(detail, compiled, sourceTextOf(node) ?? '', statement);
  const text = loc ? withCompiledLineNumber(detail, loc.compiledLine) : detail;
  return `Runtime Error in ${node.resource_type} ${node.name} (${node.original_file_path})\n${indent(text)}${loc ? locatedAt(node, loc) : ''}`;
}

/** The model's own file, when the node is a whole .sql file whose lines the error can be mapped to. */
function sourceTextOf(node: CompiledNode): string | undefined {
  if (!node.original_file_path.endsWith('.sql') || !node.origin?.file) return undefined;
  try {
    return readFileSync(node.origin.file, 'utf8');
  } catch {
    return node.raw_code;
  }
}

/** The statement that embedded the compiled SQL (the last one: cleanup runs after a failure). */
function lastStatementHolding(statements: string[], compiled: string | null): string | undefined {
  const body = compiled?.trim();
  if (!body) return undefined;
  for (let i = statements.length - 1; i >= 0; i--) if (statements[i]!.includes(body)) return statements[i];
  return undefined;
}

/** The line (or lines) of the node's own file the error was placed at. */
function locatedAt(node: CompiledNode, loc: SqlErrorLocation): string {
  if (loc.sourceLine === undefined) return '';
  return loc.sourceLineEnd !== undefined
    ? `\n  in ${node.original_file_path} lines ${loc.sourceLine}-${loc.sourceLineEnd} (Jinja there expands to compiled line ${loc.compiledLine})`
    : `\n  in ${node.original_file_path} line ${loc.sourceLine}${loc.sourceColumn !== undefined ? `, column ${loc.sourceColumn}` : ''}`;
}

/** Whether the node has pre- or post-hooks. */
function hasHooks(node: CompiledNode): boolean {
  return toHooks(node.config['pre-hook']).length > 0 || toHooks(node.config['post-hook']).length > 0;
}
