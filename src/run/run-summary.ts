import type { CompiledNode, GraphNode } from '../project/types.js';
import type { Logger } from './logger.js';
import type { HookResult } from './project-hooks.js';
import { COLORED_TEXT } from './colored-text.js';
import { isErrorSkip, type NodeResult } from './run-result.js';
import { unitTestVersionedName } from './unit-test-versioned-name.js';

/** dbt's `Finished running 3 table models, 2 seeds in 0 hours 0 minutes and 1.20 seconds (1.20s).` */
export function finishedRunningLine(parts: string[], elapsedSeconds: number): string {
  const mins = Math.floor(elapsedSeconds / 60);
  const hours = Math.floor(mins / 60);
  return `Finished running ${parts.join(', ')} in ${hours} hours ${mins % 60} minutes and ${(elapsedSeconds % 60).toFixed(2)} seconds (${elapsedSeconds.toFixed(2)}s).`;
}

/** dbt's plural of a resource type's name, where it is not the name and an s. */
const PLURALS: Record<string, string> = { test: 'data tests', analysis: 'analyses', saved_query: 'saved queries', unit_test: 'unit tests' };

/**
 * The parts of dbt's `Finished running` line from counts keyed as dbt keys them (a resource type, `<materialized> model`,
 * `project hook`): sorted by that key, so the line does not depend on which thread finished first, and worded by dbt's
 * pluralize, which leaves a single one under its type's own name (`1 test`, `4 data tests`, `1 unit test`).
 */
export function statLineParts(counts: Map<string, number>): string[] {
  return [...counts]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, n]) => `${n} ${n === 1 ? key : (PLURALS[key] ?? `${key}s`)}`.replace(/_/gu, ' '));
}

/** The `data` of dbt's FinishedRunningStats event: what ran, and how long it took. */
export function finishedRunningData(parts: string[], elapsedSeconds: number): Record<string, unknown> {
  const mins = Math.floor(elapsedSeconds / 60);
  return { stat_line: parts.join(', '), execution: ` in ${Math.floor(mins / 60)} hours ${mins % 60} minutes and ${(elapsedSeconds % 60).toFixed(2)} seconds`, execution_time: elapsedSeconds };
}

/** dbt's FinishedRunningStats after a blank line: what ran (project hooks counted as such) and how long it took. */
export function printFinishedRunning(logger: Logger, results: NodeResult[], hooks: HookResult[], elapsedSeconds: number): void {
  const kinds = new Map<string, number>();
  for (const r of results) {
    const node = r.node;
    const key = node.resource_type === 'model' ? `${(node as CompiledNode).config.materialized} model` : node.resource_type;
    kinds.set(key, (kinds.get(key) ?? 0) + 1);
  }
  if (hooks.length > 0) kinds.set('project hook', hooks.length);
  const parts = statLineParts(kinds);
  logger.info('');
  logger.info(finishedRunningLine(parts, elapsedSeconds), 'FinishedRunningStats', finishedRunningData(parts, elapsedSeconds));
}

/**
 * Prints dbt's closing block: `Finished running ...`, the failures, and `Done. PASS=..`; project hooks count as results, as in dbt.
 * `finishedLine: false` leaves out the first line, as dbt's clone does. `interrupted` is dbt's block when an on-run-end
 * hook's compile error ends the command: its summary says the run was interrupted, and the Finished line comes last.
 */
export function printRunSummary(
  logger: Logger,
  results: NodeResult[],
  elapsedSeconds: number,
  hooks: HookResult[] = [],
  options: { finishedLine?: boolean; interrupted?: boolean } = {},
): void {
  const interrupted = options.interrupted === true;
  if (options.finishedLine !== false && !interrupted) printFinishedRunning(logger, results, hooks, elapsedSeconds);

  const hookErrors = hooks.filter((h) => h.status === 'error');
  // A node skipped with a message (an ephemeral model it inlines failed, fail-fast) is listed among the
  // errors, as dbt lists it; but not an exposure so skipped, which dbt leaves out of the errors.
  const errors = results.filter((r) => r.status === 'error' || r.status === 'fail' || r.status === 'runtime error' || (isErrorSkip(r) && r.node.resource_type !== 'exposure'));
  const warns = results.filter((r) => r.status === 'warn');
  // Microbatch models some of whose batches failed: counted apart in the summary, as errors in `Done.`.
  const partials = results.filter((r) => r.status === 'partial success').length;
  const partialText = `${partials} partial ${partials === 1 ? 'success' : 'successes'}`;
  const pass = results.filter((r) => r.status === 'success' || r.status === 'pass').length + hooks.filter((h) => h.status === 'success').length;
  const skip = results.filter((r) => r.status === 'skipped').length + hooks.filter((h) => h.status === 'skipped').length;
  const errorCount = errors.length + hookErrors.length;
  const errorSkips = errors.filter(isErrorSkip).length;
  logger.info('');
  const summary = { num_errors: errorCount, num_warnings: warns.length, keyboard_interrupt: interrupted, num_partial_success: partials };
  if (interrupted) {
    logger.info('Exited because of keyboard interrupt.', 'EndOfRunSummary', summary);
  } else if (errorCount === 0 && warns.length === 0 && partials === 0) {
    logger.info('Completed successfully', 'EndOfRunSummary', summary);
  } else if (errorCount === 0 && partials > 0) {
    logger.warn(`Completed with ${partialText} and ${warns.length} warning${warns.length === 1 ? '' : 's'}`, 'EndOfRunSummary', summary);
  } else if (errorCount === 0) {
    logger.warn(`Completed with ${warns.length} warning${warns.length === 1 ? '' : 's'}:`, 'EndOfRunSummary', summary);
  } else {
    logger.event(
      'error',
      'EndOfRunSummary',
      `Completed with ${errorCount} error${errorCount === 1 ? '' : 's'}, ${partialText}, and ${warns.length} warning${warns.length === 1 ? '' : 's'}:`,
      summary,
    );
  }
  // The failures in the order of the results, as dbt prints them: on-run-start hooks, nodes and
  // on-run-end hooks, then the warnings.
  for (const h of hookErrors) if (h.hook.kind === 'on-run-start') printHookFailure(logger, h);
  for (const r of errors) printResultBlock(logger, r);
  for (const h of hookErrors) if (h.hook.kind !== 'on-run-start') printHookFailure(logger, h);
  for (const r of warns) printResultBlock(logger, r);
  logger.info('');
  // NO-OP counts the nodes build runs without doing anything: exposures and saved queries.
  const noop = results.filter((r) => r.status === 'no-op').length;
  const stats = { pass, warn: warns.length, error: errorCount - errorSkips + partials, skip, noop, total: results.length + hooks.length };
  logger.info(`Done. PASS=${stats.pass} WARN=${stats.warn} ERROR=${stats.error} SKIP=${stats.skip} NO-OP=${stats.noop} TOTAL=${stats.total}`, 'StatsLine', { stats });
  if (interrupted && options.finishedLine !== false) printFinishedRunning(logger, results, hooks, elapsedSeconds);
}

/** A node's block in the closing summary: its failure or warning, headed as dbt heads it. */
function printResultBlock(logger: Logger, r: NodeResult): void {
  // A node skipped with a message (fail-fast, a failed ephemeral model) counts among the errors,
  // but dbt writes its message at debug level only: the console shows it under --debug alone.
  if (isErrorSkip(r)) {
    logger.debug('', 'Formatting');
    if (r.message !== null) logger.event('debug', 'RunResultError', `  ${r.message}`, { msg: r.message });
    return;
  }
  logger.info('');
  const node = r.node as CompiledNode;
  const level = r.status === 'warn' ? 'warn' : 'error';
  // dbt's summary events name the node they report on as its result event did.
  const info = r.node_info ? { node_info: r.node_info } : {};
  if (node.resource_type === 'test' && (r.status === 'fail' || r.status === 'warn')) {
    const n = r.failures ?? 0;
    const label = r.status === 'warn' ? 'Warning' : 'Failure';
    const cond = r.status === 'warn' ? (node.config.warn_if ?? '!= 0') : (node.config.error_if ?? '!= 0');
    // dbt prints the result's own message: under --warn-error a warning fails "if <warn_if>".
    const got = r.message?.startsWith('Got ') ? r.message : `Got ${n} result${n === 1 ? '' : 's'}, configured to ${r.status === 'warn' ? 'warn' : 'fail'} if ${String(cond)}`;
    // dbt names a warning's heading RunResultWarning, a failure's RunResultFailure, and logs each
    // part of the block as an event of its own (each line its own time on the console).
    const heading = `${label} in test ${node.name} (${node.original_file_path})`;
    logger.event(level, r.status === 'warn' ? 'RunResultWarning' : 'RunResultFailure', heading, { resource_type: 'test', node_name: node.name, path: node.original_file_path, ...info });
    // dbt indents a failure's message (RunResultError) but prints a warning's as it is (RunResultWarningMessage).
    if (r.status === 'warn') logger.event(level, 'RunResultWarningMessage', got, { msg: got, ...info });
    else runResultError(logger, level, got, undefined, info);
    if (node.compiled_path) compiledPath(logger, node.compiled_path, info);
    testFailuresRelation(logger, r, info);
  } else if (r.status === 'error' || ((node as { resource_type: string }).resource_type === 'unit_test' && r.status === 'fail')) {
    // dbt 1.10's printer heads an errored node's message as it heads a failing unit test's: the
    // Failure heading, the message, and the compiled SQL's path when the node was compiled.
    const type = (node as { resource_type: string }).resource_type;
    // A compiled unit test's result holds dbt's compiled unit test node, named per model version.
    const name = type === 'unit_test' && node.compiled_path ? unitTestVersionedName(node) : node.name;
    logger.event(level, 'RunResultFailure', `Failure in ${type} ${name} (${node.original_file_path})`, { resource_type: type, node_name: name, path: node.original_file_path, ...info });
    if (r.message) runResultError(logger, level, r.message, r.colored_message, info);
    else logger.event(level, 'RunResultErrorNoMessage', `  Status: ${r.status}`, { status: r.status, ...info });
    if (node.compiled_path) compiledPath(logger, node.compiled_path, info);
    // dbt points at a storing test's audit relation whether the test failed or errored.
    if (type === 'test') testFailuresRelation(logger, r, info);
  } else {
    runResultError(logger, level, r.message ?? `Error in ${node.resource_type} ${node.name}`, undefined, info);
  }
}

/**
 * Under the skip line of a node an ephemeral model's compile error skipped, dbt reports that
 * model's own failed result, with no blank line first: its Failure heading and message.
 */
export function printEphemeralCause(logger: Logger, cause: { node: GraphNode; message: string }, info: Record<string, unknown> = {}): void {
  const node = cause.node as CompiledNode;
  logger.event('error', 'RunResultFailure', `Failure in ${node.resource_type} ${node.name} (${node.original_file_path})`, { resource_type: node.resource_type, node_name: node.name, path: node.original_file_path, ...info });
  runResultError(logger, 'error', cause.message, undefined, info);
}

/** dbt's CheckNodeTestFailure after a blank line: the relation a test that stores its failures writes them to (one event of four lines). */
function testFailuresRelation(logger: Logger, r: NodeResult, info: Record<string, unknown>): void {
  if (!r.relation_name) return;
  const query = `select * from ${r.relation_name}`;
  const border = '-'.repeat(query.length);
  logger.info('');
  logger.info(`  See test failures:\n  ${border}\n  ${query}\n  ${border}`, 'CheckNodeTestFailure', { relation_name: r.relation_name, ...info });
}

/**
 * A failed project hook's block in a command's closing summary, after a blank line: dbt 1.10 heads
 * a hook's error result as any errored node's (its operation node, the message, the compiled SQL's
 * path when the hook rendered); then, beyond dbt's words, where the hook is written.
 */
export function printHookFailure(logger: Logger, h: HookResult): void {
  logger.info('');
  const path = './dbt_project.yml';
  logger.event('error', 'RunResultFailure', `Failure in operation ${h.hook.name} (${path})`, { resource_type: 'operation', node_name: h.hook.name, path });
  runResultError(logger, 'error', h.message ?? `Error in ${h.hook.kind} hook ${h.hook.index + 1}`);
  if (h.hook.compiledPath) compiledPath(logger, h.hook.compiledPath);
  logger.info('');
  logger.info(`  the hook is written at ${h.hook.where}: fix it (or the macro it calls) and run again`, 'Note');
}

// dbt's RunResultError: the result's message, indented under the summary's heading (only its first
// line: the message's own further lines keep their indentation).
function runResultError(logger: Logger, level: 'error' | 'warn', msg: string, colored?: string, info: Record<string, unknown> = {}): void {
  logger.event(level, 'RunResultError', `  ${msg}`, colored === undefined ? { msg, ...info } : { msg, ...info, [COLORED_TEXT]: `  ${colored}` });
}

// dbt's SQLCompiledPath, after a blank line: where the failed node's compiled SQL was written.
function compiledPath(logger: Logger, path: string, info: Record<string, unknown> = {}): void {
  logger.info('');
  logger.info(`  compiled code at ${path}`, 'SQLCompiledPath', { path, ...info });
}
