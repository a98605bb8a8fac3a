// How the run layer drives a microbatch model: how many batches it runs, each batch rendered
// (model.batch set, inputs filtered) with its own compiled and run file, dbt's per-batch lines,
// and the batch_results recorded for it.
import { microbatchBatches, microbatchConfig, shouldFullRefresh, targetRelation } from '../materialize/index.js';
import type { BatchProgress } from '../materialize/index.js';
import type { CompiledNode } from '../project/types.js';
import { formatBatchStart } from '../project/context/index.js';
import { writeBatchSql } from './artifacts/index.js';
import { EVENT_THREAD, eventThread, progressLine, type Logger } from './logger.js';
import { isoUtc } from '../core/clock.js';
import { duckdbResponse } from '../project/context/index.js';
import { eventTime, nodeInfo } from './node-info.js';
import { nodeEventData } from './node-log-scope.js';
import type { ProjectSession } from './project-session.js';
import { isReelhouseError } from '../core/diagnostic.js';
import { isCompilationError } from './node-error-text.js';
import { displayRelation } from './run-result.js';
import type { NodeRunSettings } from './node-compile-results.js';

/** The window a microbatch model's batches cover when one is given: --sample's, else the event-time flags'. */
function batchWindow(settings: NodeRunSettings): { eventTimeStart?: Date; eventTimeEnd?: Date } {
  if (settings.sample) return { eventTimeStart: settings.sample.start, eventTimeEnd: settings.sample.end };
  return { ...(settings.eventTimeStart ? { eventTimeStart: settings.eventTimeStart } : {}), ...(settings.eventTimeEnd ? { eventTimeEnd: settings.eventTimeEnd } : {}) };
}

/** How many batches the materialization will run (for `Batch i of n`); undefined when it cannot tell. */
export async function batchCount(session: ProjectSession, node: CompiledNode, settings: NodeRunSettings): Promise<number | undefined> {
  const only = settings.retryBatches?.get(node.unique_id);
  if (only && only.length > 0) return only.length;
  try {
    const config = microbatchConfig(node);
    const existing = await session.adapter?.getRelation(targetRelation(node));
    return microbatchBatches({
      batchSize: config.batchSize,
      now: new Date(),
      begin: config.begin,
      lookback: config.lookback,
      ...batchWindow(settings),
      incremental: existing?.type === 'table' && !shouldFullRefresh(node, settings.fullRefresh),
    }).length;
  } catch {
    return undefined;
  }
}

/**
 * A microbatch model's batch_results as dbt records them: each list in time order, and on a
 * retry the batches that succeeded before appended to the successful ones.
 */
export function withEarlierBatches(results: { successful: [string, string][]; failed: [string, string][] }, earlier: [string, string][] | undefined) {
  const byStart = (a: [string, string], b: [string, string]) => a[0].localeCompare(b[0]);
  return { successful: [...[...results.successful].sort(byStart), ...(earlier ?? [])], failed: [...results.failed].sort(byStart) };
}

/**
 * What dbt records for a microbatch model itself, whose batches did the work: no adapter
 * response, 0 failures, and `ERROR` when none of its batches succeeded (each batch's error was
 * logged as it failed). dbt compiles only the batches, so the model itself stays uncompiled.
 */
export function microbatchResultFields(status: string, message: string | null) {
  return { message: status === 'error' ? 'ERROR' : message, failures: 0, adapter_response: {}, compiled: false, compiled_code: null };
}

/** True for a model built batch by batch (`incremental_strategy='microbatch'`). */
export function isMicrobatch(node: CompiledNode): boolean {
  return node.resource_type === 'model' && node.config.materialized === 'incremental' && node.config['incremental_strategy'] === 'microbatch';
}

/**
 * A microbatch model's run options: each batch rendered with its bounds (inputs with
 * event_time filtered, model.batch set) and written to its own compiled and run file, the
 * CLI's event-time window or retry's failed batches, and dbt's per-batch progress lines.
 */
export function microbatchOptions(session: ProjectSession, node: CompiledNode, settings: NodeRunSettings, total: number | undefined) {
  const { logger } = session;
  const rel = displayRelation(node, session.loaded.target.database);
  const size = String(node.config['batch_size'] ?? 'day').toLowerCase();
  // dbt names a batch by its start at the batch size's grain (format_batch_start): 2024-01-31T05, 2024-01-31, 2024-01, 2024
  const label = (d: Date) => formatBatchStart(d, size);
  const started = new Map<string, number>();
  // When each batch began, as its events' node_info gives it (dbt runs each batch as a node of its own).
  const startedAt = new Map<string, string>();
  // When each batch finished compiling (its compile timing ends, its execute timing begins).
  const compiledAt = new Map<string, string>();
  let announced = '';
  let count = 0;
  const only = settings.retryBatches?.get(node.unique_id);
  // Errors raised while a batch compiled: dbt reports those at debug level only (its batch line says ERROR).
  const compileFailures = new WeakSet<object>();
  return {
    renderForBatch: (bounds: { start: Date; end: Date }): string => {
      const key = bounds.start.toISOString();
      const fresh = key !== announced && !started.has(key);
      const at = (status: string) => batchEventData(node, { status, startedAt: startedAt.get(key), finishedAt: '' });
      if (fresh) {
        announced = key;
        started.set(key, Date.now());
        startedAt.set(key, eventTime());
        count++;
        const description = `batch ${label(bounds.start)} of ${rel}`;
        announceExecution(logger, description);
        batchNodeEvent(logger, 'NodeStart', node, at('started'));
        logger.info(batchLine(count, total, `START ${description}`, 'RUN'), 'LogStartBatch', {
          ...at('started'),
          description,
          batch_index: count,
          total_batches: total ?? count,
        });
        batchNodeEvent(logger, 'NodeCompiling', node, at('compiling'));
      }
      let sql: string;
      try {
        sql = session.renderer.compile(node, session.manifest, { batch: bounds });
      } catch (error) {
        if (error !== null && typeof error === 'object') compileFailures.add(error);
        throw error;
      }
      if (fresh) {
        compiledAt.set(key, isoUtc());
        // As dbt: each batch's compiled SQL in a file of its own, target/compiled/<pkg>/models/x/x_<batch>.sql.
        batchNodeEvent(logger, 'WritingInjectedSQLForNode', node, at('compiling'));
        writeBatchSql(node, settings.targetDir, 'compiled', formatBatchStart(bounds.start, size), sql, settings.files);
        // The batch then executes (its runtime SQL is announced as its main statement is sent).
        batchNodeEvent(logger, 'NodeExecuting', node, at('executing'));
      }
      return sql;
    },
    microbatch: {
      ...batchWindow(settings),
      ...(only && only.length > 0 ? { onlyBatches: only } : {}),
      // As dbt's statement('main') does in the batch's materialization, after the first batch's pre-hooks.
      beforeMain: (bounds: { start: Date }) => {
        const key = bounds.start.toISOString();
        batchNodeEvent(logger, 'JinjaLogDebug', node, batchEventData(node, { status: 'executing', startedAt: startedAt.get(key), finishedAt: '' }));
      },
      onBatch: (p: BatchProgress) => {
        const key = p.start.toISOString();
        // A skipped batch is started by dbt's runner too (and never leaves `started`).
        if (p.status === 'skipped') announceExecution(logger, `batch ${label(p.start)} of ${rel}`);
        if (p.status === 'skipped') startedAt.set(key, eventTime());
        if (p.status === 'skipped') batchNodeEvent(logger, 'NodeStart', node, batchEventData(node, { status: 'started', startedAt: startedAt.get(key), finishedAt: '' }));
        const began = started.get(key) ?? Date.now();
        const elapsed = p.status === 'skipped' ? 0 : (Date.now() - began) / 1000;
        const secs = `in ${elapsed.toFixed(2)}s`;
        if (p.statements.length > 0) writeBatchSql(node, settings.targetDir, 'run', formatBatchStart(p.start, size), p.statements.join(';\n\n'), settings.files);
        const description = `batch ${label(p.start)} of ${rel}`;
        // dbt's LogBatchResult: the batch's status (its result message when it ran, else error or
        // skipped) and node_info as the batch's run left it; a skipped batch never leaves `started`.
        const finished = p.status === 'skipped' ? { status: 'started', finishedAt: '' } : { status: p.status, finishedAt: eventTime() };
        const result = (status: string) => ({
          ...batchEventData(node, { ...finished, startedAt: startedAt.get(key) ?? eventTime() }),
          description,
          status,
          batch_index: p.index + 1,
          total_batches: p.total,
          execution_time: elapsed,
        });
        if (p.status === 'success') {
          // dbt shows a batch's result message, which dbt-duckdb's adapter response makes `OK` (the row count stays out of it).
          logger.info(batchLine(p.index + 1, p.total, `OK created ${description}`, `OK ${secs}`), 'LogBatchResult', result('OK'));
        } else if (p.status === 'skipped') {
          logger.info(batchLine(p.index + 1, p.total, `SKIP ${description}`, 'SKIPPED in 0.00s'), 'LogBatchResult', result('skipped'));
        } else {
          // The batch's own error in dbt's words for an exception on a batch's worker thread (the
          // batch's line below names the batch); the model's result only counts the batches.
          const compiling = p.error !== null && typeof p.error === 'object' && compileFailures.has(p.error);
          const running = batchEventData(node, { status: compiling ? 'compiling' : 'executing', startedAt: startedAt.get(key), finishedAt: '' });
          if (compiling) {
            // A batch that did not compile fails as dbt's catchable error: logged at debug level only.
            logger.event('debug', 'CatchableExceptionOnRun', batchErrorText(p), { ...running, exc: batchErrorText(p), exc_info: '' });
          } else {
            const exc = `Exception on worker thread. ${batchErrorText(p)}`;
            logger.event('error', 'GenericExceptionOnRun', `Unhandled error while executing ${node.unique_id}\n${exc}`, { ...running, unique_id: node.unique_id, exc });
          }
          // A batch runs once here (no retries are asked for), as in dbt.
          logger.event('error', 'LogBatchResult', batchLine(p.index + 1, p.total, `ERROR creating ${description}`, `ERROR ${secs}`), result('error'));
        }
        if (logger.debugging) {
          // dbt's runner then finishes the batch (NodeFinished) with the batch's own result.
          const compiledEnd = compiledAt.get(key);
          const timing = compiledEnd === undefined ? [] : [
            { name: 'compile', started_at: isoUtc(began), completed_at: compiledEnd },
            { name: 'execute', started_at: compiledEnd, completed_at: isoUtc() },
          ];
          const outcome =
            p.status === 'success' ? { status: 'success', message: 'OK', num_failures: 0, adapter_response: duckdbResponse().toSetDict() }
            : p.status === 'skipped' ? { status: 'skipped', message: 'SKIPPED', num_failures: 1, adapter_response: {} }
            // A batch that did not compile fails with its error and no timing; one that failed as it ran, as ERROR.
            : compiledEnd === undefined ? { status: 'error', message: batchErrorText(p), num_failures: 0, adapter_response: {} }
            : { status: 'error', message: 'ERROR', num_failures: 1, adapter_response: {} };
          const data = batchEventData(node, { ...finished, startedAt: startedAt.get(key) ?? eventTime() });
          logger.event('debug', 'NodeFinished', `Finished running node ${node.unique_id}`, {
            node_info: data['node_info'],
            run_result: { status: outcome.status, message: outcome.message, timing_info: timing, thread: eventThread(data), execution_time: elapsed, adapter_response: outcome.adapter_response, num_failures: outcome.num_failures },
            [EVENT_THREAD]: eventThread(data),
          });
        }
      },
    },
  };
}

/**
 * The node_info and worker of a batch's events: dbt runs each batch as a copy of the model's node,
 * on the model's worker, so the events carry the model's node_info with the batch's own status and times.
 */
function batchEventData(node: CompiledNode, at: { status: string; startedAt: string | undefined; finishedAt: string }): Record<string, unknown> {
  const scope = nodeEventData();
  return { node_info: nodeInfo(node, at), [EVENT_THREAD]: scope ? eventThread(scope) : 'MainThread' };
}

/**
 * One of the debug events dbt's runner fires for a batch it runs as a node of its own, with the
 * batch's node_info: NodeStart, NodeCompiling, NodeExecuting, WritingInjectedSQLForNode, and
 * statement('main')'s runtime-SQL line (a JinjaLogDebug).
 */
function batchNodeEvent(logger: Logger, name: string, node: CompiledNode, data: Record<string, unknown>): void {
  if (!logger.debugging) return;
  const id = node.unique_id;
  const msg =
    name === 'NodeStart' ? `Began running node ${id}`
    : name === 'NodeCompiling' ? `Began compiling node ${id}`
    : name === 'NodeExecuting' ? `Began executing node ${id}`
    : name === 'WritingInjectedSQLForNode' ? `Writing injected SQL for node "${id}"`
    : `Writing runtime sql for node "${id}"`;
  logger.event('debug', name, msg, name === 'JinjaLogDebug' ? { msg, ...data } : data);
}

/**
 * dbt's MicrobatchExecutionDebug, fired as each batch (even one to be skipped) is handed to a
 * runner, before the batch starts. Batches here always run one after another, which is what
 * dbt does for an adapter that does not declare concurrent microbatch support.
 */
function announceExecution(logger: Logger, description: string): void {
  if (!logger.debugging) return;
  // dbt's event carries only its msg (no node_info), on the model's worker.
  const scope = nodeEventData();
  const msg = `${description} is being run sequentially`;
  logger.debug(msg, 'MicrobatchExecutionDebug', { msg, [EVENT_THREAD]: scope ? eventThread(scope) : 'MainThread' });
}

/** A batch's progress line: a node's line, counted as `Batch i of n` (`?` while the total is unknown). */
function batchLine(index: number, total: number | undefined, text: string, status: string): string {
  return progressLine(index, total ?? index, text, status).replace(/^\d+ of \d+/, `Batch ${index} of ${total ?? '?'}`);
}

/**
 * A failed batch's exception as dbt prints it: the error's type as a heading (a DuckDB failure is
 * dbt-duckdb's Runtime Error, a Jinja one a Compilation Error) and its message below, indented.
 */
function batchErrorText(p: BatchProgress): string {
  const heading = isReelhouseError(p.error) && isCompilationError(p.error.diagnostic.code) ? 'Compilation Error' : 'Runtime Error';
  return `${heading}\n${p.message.trim().split('\n').map((line) => `  ${line}`).join('\n')}`;
}
