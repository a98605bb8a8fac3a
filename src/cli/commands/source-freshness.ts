import { isoUtc as clockIso, nowMs, secondsBetween } from '../../core/clock.js';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { isReelhouseError, userError } from '../../core/diagnostic.js';
import { selectNodes } from '../../graph/index.js';
import type { FreshnessRule, SourceNode } from '../../project/types.js';
import { duckdbResponse } from '../../project/context/index.js';
import { DBT_VERSION } from '../../run/artifacts/index.js';
import { EVENT_THREAD, progressLine, type Logger } from '../../run/logger.js';
import { inNodeLogScope } from '../../run/node-log-scope.js';
import { logNodePhase } from '../../run/node-events.js';
import { logConcurrency, logFoundStats, logNothingToDo } from '../../run/run-header.js';
import { runProjectHooks, type HookResult } from '../../run/project-hooks.js';
import { finishedRunningLine, printHookFailure, statLineParts } from '../../run/run-summary.js';
import { indent, isCompilationError } from '../../run/node-error-text.js';
import { makeLogger, sessionFor, type CliIo } from '../cli-context.js';
import type { SelectionFlags } from '../global-options.js';
import { freshnessStates, stateOf, writeParseArtifacts } from './node-commands.js';
import { freshnessResultsForJinja, type FreshnessRecord } from '../../run/artifacts/freshness-result-jinja.js';
import { freshnessFromMacro } from './freshness-macro.js';
import { targetDirOf, type ProjectSession } from '../../run/project-session.js';

// The worker a freshness check runs on, as dbt names it (checks run one after another here).
const WORKER = 'Thread-1 (worker)';

const PERIOD_SECONDS = { minute: 60, hour: 3600, day: 86400 } as const;
/** 0001-01-01T00:00:00Z: the max_loaded_at dbt reports for a source with no loaded_at value. */
const YEAR_ONE_MS = Date.parse('0001-01-01T00:00:00Z');

type Threshold = NonNullable<FreshnessRule['warn_after']>;

function limitSeconds(t: Threshold | null | undefined): number | undefined {
  if (!t || t.count === null || t.count === undefined || !t.period) return undefined;
  return t.count * PERIOD_SECONDS[t.period];
}

/** dbt's node_info of a source in its freshness events (ISO times without a zone, as dbt writes them). */
function sourceNodeInfo(source: SourceNode, status: string, startedAt: string, finishedAt: string): Record<string, unknown> {
  const noZone = (t: string): string => (t ? t.slice(0, -1) : '');
  return {
    node_path: source.path,
    node_name: source.name,
    unique_id: source.unique_id,
    resource_type: 'source',
    materialized: '',
    node_status: status,
    node_started_at: noZone(startedAt),
    node_finished_at: noZone(finishedAt),
    meta: source.meta ?? {},
    node_relation: { database: source.database, schema: source.schema, alias: source.identifier, relation_name: source.relation_name },
  };
}

/** dbt's NodeFinished (debug) of a freshness check, after its result line: the node_info that line carries, and the result as dbt's RunResultMsg. */
function logNodeFinished(logger: Logger, resultData: Record<string, unknown>, result: { status: string; message: string; timing: { name: string; started_at: string; completed_at: string }[]; execution_time: number; adapter_response: Record<string, unknown> }): void {
  if (!logger.debugging) return;
  const nodeInfo = resultData['node_info'] as { unique_id: string };
  logger.event('debug', 'NodeFinished', `Finished running node ${nodeInfo.unique_id}`, {
    node_info: nodeInfo,
    run_result: { status: result.status, message: result.message, timing_info: result.timing, thread: WORKER, execution_time: result.execution_time, adapter_response: result.adapter_response, num_failures: 0 },
    [EVENT_THREAD]: WORKER,
  });
}

/** dbt source freshness: compares each source's newest loaded_at_field with its thresholds. */
export async function sourceFreshnessCommand(flags: SelectionFlags & { output?: string; outputPath?: string }, io: CliIo): Promise<number> {
  const logger = makeLogger(flags, io);
  // dbt names the command by its subcommand: flags.WHICH is `freshness`.
  const session = await sessionFor(flags, io, logger, 'freshness', true);
  try {
    await writeParseArtifacts(session, flags);
    // --state makes `state:modified` and friends usable, as on every dbt command.
    const state = await stateOf(flags, io, session);
    const selection = selectNodes(session.manifest, session.graph, {
      select: [...(flags.select ?? []), ...(flags.models ?? [])],
      exclude: flags.exclude,
      selector: flags.selector,
      selectors: session.loaded.selectors,
      state: state?.manifest,
      previousResults: state?.runResults,
      ...(await freshnessStates(session, state)),
      resourceTypes: ['source'],
    });
    // dbt compiles the graph (its Found line) before it selects, so selection warnings come after it.
    logFoundStats(logger, session.manifest);
    for (const w of selection.warnings) logger.diagnostic(w);
    const sources = selection.selected
      .map((id) => session.manifest.sources[id])
      // As dbt's has_freshness: a warn_after or error_after threshold selects the source, with or
      // without a loaded_at_field (without one, its check fails below, as on any adapter that has
      // no metadata-based freshness).
      .filter((s): s is SourceNode => !!s && hasFreshness(s));
    const started = nowMs();
    // dbt's freshness task runs as its other graph tasks: the Found and Concurrency lines first,
    // the Finished line and `Done.` at the end.
    // dbt names the selector marked `default: true` when it picks the sources (its DefaultSelector event).
    if (selection.defaultSelector) logger.info(`Using default selector ${selection.defaultSelector}`, 'DefaultSelector', { name: selection.defaultSelector });
    if (sources.length > 0) {
      logConcurrency(logger, session, sources.length);
    } else {
      // As dbt's graph tasks: nothing selected is its NothingToDo warning, and then no hooks run
      // and no Finished line is printed; sources.json is still written, with no results.
      logNothingToDo(logger);
    }
    // on-run-start/end run around the checks, as in dbt since 1.10 made the behaviour flag
    // `source_freshness_run_project_hooks` default to true; setting it false opts out.
    const withHooks = sources.length > 0 && (session.loaded.project.flags as Record<string, unknown>)['source_freshness_run_project_hooks'] !== false;
    const startHooks = withHooks ? await runProjectHooks(session, 'on-run-start') : [];
    // The errors (a failed hook, a runtime error's text or a stale source), printed once every check
    // has run, in the order the results came, as dbt's task_end_messages does.
    const errorTexts: { text: string; nodeInfo: Record<string, unknown>; stale?: { name: string; path: string }; hook?: HookResult }[] = [];
    const hookFailed = collectHookErrors(startHooks, errorTexts);
    const results: Record<string, unknown>[] = [];
    let anyError = false;
    let index = 0;
    // dbt warns of a collect_freshness that returns the bare table once per invocation.
    let warnedBareTable = false;
    for (const source of sources) {
      index++;
      const label = `freshness of ${source.source_name}.${source.name}`;
      const t0 = nowMs();
      const startedAt = clockIso(t0);
      const place = { index, total: sources.length };
      // A check's events fire on its worker, as dbt's FreshnessRunner's do (sources.json names the same thread).
      const startedInfo = sourceNodeInfo(source, 'started', startedAt, '');
      // dbt's task runs each check through its node runner, which starts the node first (NodeStart, debug).
      if (logger.debugging) logger.event('debug', 'NodeStart', `Began running node ${source.unique_id}`, { node_info: startedInfo, [EVENT_THREAD]: WORKER });
      logger.info(progressLine(index, sources.length, `START ${label}`, 'RUN'), 'LogStartLine', {
        node_info: startedInfo,
        description: label,
        ...place,
        [EVENT_THREAD]: WORKER,
      });
      // dbt's LogFreshnessResult data: the verdict, the source's node_info and names, its place and time.
      const resultData = (status: string): Record<string, unknown> => ({
        status,
        node_info: sourceNodeInfo(source, status, startedAt, clockIso()),
        ...place,
        execution_time: secondsBetween(t0),
        source_name: source.source_name,
        table_name: source.name,
        [EVENT_THREAD]: WORKER,
      });
      // dbt's runner times a compile step (nothing to compile for a source) and the query's execute step.
      const compileEnd = clockIso();
      try {
        const executeStart = compileEnd;
        const measured = await inNodeLogScope({ nodeInfo: () => startedInfo, thread: WORKER }, () => {
          // The runner's compile phase does nothing for a source; the query runs in its execute phase.
          logNodePhase(logger, 'compiling');
          logNodePhase(logger, 'executing');
          return measureFreshness(session, source);
        });
        if (measured.bareTable && !warnedBareTable) {
          warnedBareTable = true;
          logger.diagnostic({ code: 'collect-freshness-return-signature', severity: 'warning', message: COLLECT_FRESHNESS_SIGNATURE });
        }
        const { age, empty } = measured;
        const warn = limitSeconds(source.freshness!.warn_after);
        const err = limitSeconds(source.freshness!.error_after);
        const status = err !== undefined && age > err ? 'error' : warn !== undefined && age > warn ? 'warn' : 'pass';
        if (status === 'error') anyError = true;
        const secs = secondsBetween(t0);
        const word = status === 'pass' ? 'PASS' : status === 'warn' ? 'WARN' : 'ERROR STALE';
        const data = resultData(status);
        logger.event(status === 'error' ? 'error' : status === 'warn' ? 'warn' : 'info', 'LogFreshnessResult',
          progressLine(index, sources.length, `${word} ${label}`, `${word} in ${secs.toFixed(2)}s`), data);
        // A stale source is an error result with no message: dbt 1.10's printer heads it as a failure.
        if (status === 'error') errorTexts.push({ text: '', nodeInfo: data['node_info'] as Record<string, unknown>, stale: { name: source.name, path: source.original_file_path } });
        const timing = [{ name: 'compile', started_at: startedAt, completed_at: executeStart }, { name: 'execute', started_at: executeStart, completed_at: clockIso() }];
        logNodeFinished(logger, data, { status, message: '', timing, execution_time: secs, adapter_response: measured.adapterResponse });
        results.push({
          unique_id: source.unique_id,
          max_loaded_at: empty ? '0001-01-01T00:00:00+00:00' : measured.maxLoadedAt,
          snapshotted_at: measured.snapshottedAt,
          max_loaded_at_time_ago_in_s: age,
          status,
          criteria: source.freshness,
          adapter_response: measured.adapterResponse,
          timing,
          thread_id: WORKER,
          execution_time: secs,
        });
      } catch (error) {
        anyError = true;
        const msg = error instanceof Error ? error.message : String(error);
        // dbt's runner times a failed check too (its error result carries an execution time), so
        // the line reads `[ERROR in 0.01s]` as other result lines do.
        // As str() of dbt's exception: its kind, the node by resource type and own name (the table's), the cause.
        const text = `${freshnessErrorKind(error)} in source ${source.name} (${source.original_file_path})\n${indent(msg)}`;
        // dbt's runner logs the error it caught in the execute phase (CatchableExceptionOnRun, debug) before the result line.
        if (logger.debugging) {
          const caughtIn = { ...startedInfo, node_status: 'executing' };
          logger.event('debug', 'CatchableExceptionOnRun', text, { node_info: caughtIn, exc: text, exc_info: '', [EVENT_THREAD]: WORKER });
        }
        const failed = resultData('runtime error');
        logger.event('error', 'LogFreshnessResult', progressLine(index, sources.length, `ERROR ${label}`, `ERROR in ${secondsBetween(t0).toFixed(2)}s`), failed);
        // A failed execute phase is never timed: the result keeps the compile phase only, and no adapter response.
        const timing = [{ name: 'compile', started_at: startedAt, completed_at: compileEnd }];
        logNodeFinished(logger, failed, { status: 'runtime error', message: text, timing, execution_time: failed['execution_time'] as number, adapter_response: {} });
        errorTexts.push({ text, nodeInfo: failed['node_info'] as Record<string, unknown> });
        // dbt's SourceFreshnessRuntimeError has exactly these three members (no timing or thread).
        results.push({ unique_id: source.unique_id, error: text, status: 'runtime error' });
      }
    }
    const endHooks = withHooks ? await runProjectHooks(session, 'on-run-end', { results: freshnessResultsForJinja(results as unknown as FreshnessRecord[], session.manifest.sources), schemas: [], database_schemas: [] }) : [];
    if (collectHookErrors(endHooks, errorTexts)) anyError = true;
    if (hookFailed) anyError = true;
    if (sources.length > 0) {
      const hooks = startHooks.length + endHooks.length;
      const parts = statLineParts(new Map([...(hooks > 0 ? [['project hook', hooks] as const] : []), ['source', sources.length] as const]));
      logger.info('');
      logger.info(finishedRunningLine(parts, secondsBetween(started)), 'FinishedRunningStats');
    }
    for (const { text, nodeInfo, stale, hook } of errorTexts) {
      if (hook) {
        printHookFailure(logger, hook);
        continue;
      }
      logger.info('');
      if (stale) {
        // dbt 1.10 heads a result whose status is error as a failure; a stale source has no message, so its status follows.
        logger.event('error', 'RunResultFailure', `Failure in source ${stale.name} (${stale.path})`, { resource_type: 'source', node_name: stale.name, path: stale.path, node_info: nodeInfo });
        logger.event('error', 'RunResultErrorNoMessage', '  Status: error', { status: 'error', node_info: nodeInfo });
        continue;
      }
      // dbt's RunResultError line indents the message's first line by two spaces; it names the source by its node_info.
      logger.event('error', 'RunResultError', `  ${text}`, { msg: text, node_info: nodeInfo });
    }
    const outputPath = flags.outputPath ?? flags.output;
    const out = outputPath
      ? resolve(io.cwd ?? process.cwd(), outputPath)
      : join(targetDirOf(session), 'sources.json');
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, JSON.stringify({
      metadata: {
        dbt_schema_version: 'https://schemas.getdbt.com/dbt/sources/v3.json',
        dbt_version: DBT_VERSION,
        generated_at: clockIso(),
        invocation_id: session.invocationId,
        env: {},
      },
      results,
      // dbt's graph task reports 0.0 when nothing was selected: it never times an empty run.
      elapsed_time: sources.length > 0 ? secondsBetween(started) : 0,
    }, null, 2));
    logger.info('Done.', 'FreshnessCheckComplete');
    return anyError ? 1 : 0;
  } finally {
    await session.close();
  }
}


const COLLECT_FRESHNESS_SIGNATURE = "The 'collect_freshness' macro signature has changed to return the full query result, rather than just a table of values. See the v1.5 migration guide for details on how to update your custom macro: https://docs.getdbt.com/guides/migration/versions/upgrading-to-v1.5";

/** A source's newest load time, the time now (UTC ISO text) and the age in seconds; `empty` when it has no loaded_at value. */
interface Measured {
  maxLoadedAt: unknown;
  snapshottedAt: unknown;
  age: number;
  empty: boolean;
  bareTable: boolean;
  adapterResponse: Record<string, unknown>;
}

// A loaded_at_field is measured through collect_freshness (the project's or a package's, else
// dbt's own), as dbt's adapter runs it; a loaded_at_query by its own query.
async function measureFreshness(session: ProjectSession, source: SourceNode): Promise<Measured> {
  if (!source.loaded_at_field && !source.loaded_at_query) {
    throw userError('freshness-no-loaded-at', `Could not compute freshness for source ${source.name}: no 'loaded_at_field' provided and ${session.loaded.target.type} adapter does not support metadata-based freshness checks.`);
  }
  if (!source.loaded_at_query) {
    const byMacro = freshnessFromMacro(session, source);
    return { maxLoadedAt: byMacro.maxLoadedAt, snapshottedAt: byMacro.snapshottedAt, age: byMacro.ageSeconds, empty: byMacro.maxLoadedAt === null, bareTable: byMacro.bareTable, adapterResponse: byMacro.adapterResponse };
  }
  const res = await session.adapter!.execute(freshnessSql(session, source));
  const row = res.rows[0] ?? [];
  // No loaded_at value at all (an empty table) is "infinitely long ago", as dbt has it: the
  // start of year 1, so sources.json still holds a timestamp and a finite age.
  const empty = row[2] === null || row[2] === undefined;
  const age = empty ? (Date.now() - YEAR_ONE_MS) / 1000 : Number(row[2]);
  // dbt runs the query in collect_freshness_custom_sql's statement: its response is dbt-duckdb's.
  return { maxLoadedAt: isoUtc(row[0]), snapshottedAt: isoUtc(row[1]), age, empty, bareTable: false, adapterResponse: duckdbResponse().toSetDict() };
}

/**
 * A timestamp as dbt writes it in sources.json (Python's isoformat of a UTC datetime):
 * `2024-05-01T08:30:00+00:00`, with six fractional digits when there are any.
 */
export function isoUtc(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(value.trim());
  if (!m) return value;
  const fraction = m[3] && Number(m[3]) !== 0 ? `.${m[3].padEnd(6, '0').slice(0, 6)}` : '';
  const zone = !m[4] || m[4] === 'Z' ? '+00:00' : m[4].length === 3 ? `${m[4]}:00` : m[4].includes(':') ? m[4] : `${m[4].slice(0, 3)}:${m[4].slice(3)}`;
  return `${m[1]}T${m[2]}${fraction}${zone}`;
}

/**
 * The query giving a source's latest load time, the time now and the age in seconds from dbt
 * 1.10's loaded_at_query (its first value), rendered with {{ this }} as the source's relation.
 */
function freshnessSql(session: { renderer: { renderString(sql: string): string } }, source: SourceNode): string {
  // `this` is a node's own relation in templates; a source has none, so {{ this }} is filled in first.
  const withThis = source.loaded_at_query!.replace(/\{\{\s*this\s*\}\}/g, source.relation_name);
  // As written, on lines of its own as dbt's source_query CTE holds it: a trailing `--` comment
  // ends before the closing parenthesis, and a trailing semicolon fails the check as in dbt.
  const query = session.renderer.renderString(withThis).trim();
  return `select cast(loaded_at as varchar) as max_loaded_at, cast(now() as varchar) as snapshotted_at, epoch(now()) - epoch(loaded_at) as age from (select * from (\n${query}\n) limit 1) as reelhouse_loaded(loaded_at)`;
}

/**
 * The heading dbt's exception types give a failed check: a null or non-timestamp value is a
 * Database Error (UnexpectedNullError, UnexpectedNonTimestampError), a bad collect_freshness result or a Jinja error a
 * Compilation Error, and anything else, DuckDB's errors included (dbt-duckdb raises them as
 * DbtRuntimeError), a Runtime Error.
 */
function freshnessErrorKind(error: unknown): string {
  if (!isReelhouseError(error)) return 'Runtime Error';
  const code = error.diagnostic.code;
  if (code === 'freshness-bad-value') return 'Database Error';
  return isCompilationError(code) ? 'Compilation Error' : 'Runtime Error';
}

/** dbt's has_freshness: the source has a warn_after or error_after threshold (a count and a period). */
export function hasFreshness(source: SourceNode): boolean {
  return !!source.freshness && (limitSeconds(source.freshness.warn_after) !== undefined || limitSeconds(source.freshness.error_after) !== undefined);
}

/** Queues the failed project hooks for the closing summary, where dbt prints them among the errors; true when one failed. */
function collectHookErrors(results: HookResult[], errors: { text: string; nodeInfo: Record<string, unknown>; hook?: HookResult }[]): boolean {
  const failed = results.filter((r) => r.status === 'error');
  for (const hook of failed) errors.push({ text: '', nodeInfo: {}, hook });
  return failed.length > 0;
}
