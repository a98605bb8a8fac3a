// Project hooks (on-run-start / on-run-end) as dbt runs them since 1.9: each hook is a result
// of the invocation (`operation.<package>.<package>-on-run-start-<i>`), a failing hook is an
// error that skips the hooks after it, and the invocation carries on to write run_results.json.
// Installed packages' hooks run too, as in dbt: packages first, by name, then the root project's.
import { join, relative } from 'node:path';
import { isoUtc, nowMs, secondsBetween } from '../core/clock.js';
import { isReelhouseError } from '../core/diagnostic.js';
import { progressLine } from './logger.js';
import { indent, isCompilationError } from './node-error-text.js';
import { compilationReport, hasMacroChain, operationContext } from '../project/context/index.js';
import type { CompiledNode, Hook } from '../project/types.js';
import { targetDirOf, type ProjectSession } from './project-session.js';
import { targetPrefix, type RunResultEntry } from './artifacts/index.js';
import { writeCreatingFolders } from './artifacts/write-file.js';

/** Which list of project hooks. */
export type ProjectHookKind = 'on-run-start' | 'on-run-end';

/** The outcome of one project hook, shaped like a run_results.json entry. */
export interface HookResult extends RunResultEntry {
  status: 'success' | 'error' | 'skipped';
  /** `compiledPath`: where its compiled SQL was written, once it rendered (the node's compiled_path). */
  hook: { kind: ProjectHookKind; index: number; count: number; name: string; where: string; compiledPath?: string };
}

/** One hook to run: which package wrote it, where, and its index in that package's list. */
export interface PlannedHook {
  pkg: string;
  /** Absolute path of the dbt_project.yml that declares it. */
  projectFile: string;
  hook: Hook | string;
  index: number;
  /** Its line in projectFile, when known. */
  line: number | undefined;
}

/** The hooks of one kind in dbt's order: installed packages sorted by name, each in its own order, then the root project. */
export function plannedHooks(session: ProjectSession, kind: ProjectHookKind): PlannedHook[] {
  const pick = (p: { onRunStart: Hook[]; onRunEnd: Hook[] }) => (kind === 'on-run-start' ? p.onRunStart : p.onRunEnd) ?? [];
  const root = session.loaded.project;
  const installed = session.loaded.packages
    .filter((p) => p.project && p.name !== root.name && p.name !== 'dbt')
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: PlannedHook[] = [];
  for (const p of [...installed.map((x) => x.project!), root]) {
    pick(p).forEach((hook, index) => out.push({ pkg: p.name, projectFile: p.file, hook, index, line: p.hookLines[kind][index] }));
  }
  return out;
}

/**
 * Runs one list of project hooks in order, printing dbt's hook lines. The first failure is an
 * error result and the hooks after it are skipped; nothing is thrown for a hook's own failure.
 */
export async function runProjectHooks(session: ProjectSession, kind: ProjectHookKind, extra?: Record<string, unknown>): Promise<HookResult[]> {
  const hooks = plannedHooks(session, kind);
  if (hooks.length === 0 || !session.adapter) return [];
  const { logger } = session;
  // As dbt (1.8 and later): no heading line; a blank line sets the on-run-end hooks apart from the nodes before them,
  // and the on-run-start hooks from the nodes after them.
  if (kind === 'on-run-end') logger.info('');
  const results: HookResult[] = [];
  let failed = false;
  for (const [i, planned] of hooks.entries()) {
    const { pkg, hook } = planned;
    const name = `${pkg}-${kind}-${planned.index}`;
    // dbt names a hook on the console by its package and its place among all the hooks of this kind (not within its package).
    const label = `hook: ${pkg}.${kind}.${i}`;
    // dbt's LogHookStartLine/LogHookEndLine data: the hook's name as `statement`, its place among the hooks.
    const place = { statement: `${pkg}.${kind}.${i}`, index: i + 1, total: hooks.length };
    const { database, schema } = session.loaded.target;
    // The hook's node_info, as dbt attaches it to hook events: an operation node of its own.
    const info = (status: string, startedAt: string, finishedAt: string): { node_info: Record<string, unknown> } => ({
      node_info: {
        node_path: `hooks/${name}.sql`,
        node_name: name,
        unique_id: `operation.${pkg}.${name}`,
        resource_type: 'operation',
        materialized: '',
        node_status: status,
        node_started_at: startedAt && startedAt.slice(0, -1),
        node_finished_at: finishedAt && finishedAt.slice(0, -1),
        meta: {},
        node_relation: { database, schema, alias: name, relation_name: '' },
      },
    });
    const node = session.manifest.operations?.[`operation.${pkg}.${name}`];
    // dbt renumbers the hook's node by its place among the hooks it runs (from 1), as manifest.json then shows.
    if (node) node.index = i + 1;
    const base = {
      unique_id: `operation.${pkg}.${name}`,
      thread_id: 'main',
      adapter_response: {},
      failures: null,
      relation_name: null,
      hook: { kind, index: i, count: hooks.length, name, where: hookPlace(session, planned) } as HookResult['hook'],
    };
    if (failed) {
      logger.info(progressLine(i + 1, hooks.length, `SKIP ${label}`, 'SKIP', true), 'LogHookEndLine', { ...info('skipped', '', ''), ...place, status: 'skipped', execution_time: 0 });
      // dbt counts a skipped hook as one failure, as it does a failed one.
      results.push({ ...base, status: 'skipped', message: `${place.statement} skipped`, failures: 1, timing: [], execution_time: 0, compiled: false, compiled_code: null });
      continue;
    }
    // As dbt: the hook is timed from the start of its compile step to the end of its execute step.
    const started = nowMs();
    const startedAt = isoUtc(started);
    const startLine = (): void => logger.info(progressLine(i + 1, hooks.length, `START ${label}`, 'RUN', true), 'LogHookStartLine', { ...info('started', startedAt, ''), ...place });
    let sql: string | null = null;
    const timing: HookResult['timing'] = [];
    try {
      // A package's hook sees that package's var() scope and macros, as in dbt. dbt compiles the
      // hook before it prints the START line, so what the hook's print() and log() write comes first.
      try {
        sql = session.renderer.renderString(typeof hook === 'string' ? hook : hook.sql, undefined, node ? { ...operationContext(node), ...extra } : extra, pkg);
        if (node) {
          recordCompiledHook(session, node, sql);
          if (node.compiled_path) base.hook.compiledPath = node.compiled_path;
        }
      } catch (error) {
        // dbt compiles the hook outside the step that records its result: a Compilation Error ends the command.
        if (endsCommand(error, name)) throw new HookCompileAbort(error);
        startLine();
        throw error;
      }
      startLine();
      const executeStart = nowMs();
      timing.push({ name: 'compile', started_at: startedAt, completed_at: isoUtc(executeStart) });
      if (sql.trim() !== '') await session.adapter.execute(sql);
      const finished = nowMs();
      timing.push({ name: 'execute', started_at: isoUtc(executeStart), completed_at: isoUtc(finished) });
      const secs = secondsBetween(started, finished);
      logger.info(progressLine(i + 1, hooks.length, `OK ${label}`, `OK in ${secs.toFixed(2)}s`, true), 'LogHookEndLine', { ...info('success', startedAt, isoUtc(finished)), ...place, status: 'success', execution_time: secs });
      results.push({
        ...base,
        status: 'success',
        message: `${place.statement} passed`,
        failures: 0,
        timing,
        execution_time: secs,
        compiled: true,
        compiled_code: sql,
      });
    } catch (error) {
      if (error instanceof HookCompileAbort) {
        if (error.cause !== null && typeof error.cause === 'object') resultsBeforeAbort.set(error.cause, results);
        throw error.cause;
      }
      failed = true;
      const finished = nowMs();
      const secs = secondsBetween(started, finished);
      // The step that failed ends when the error came (compile when the hook did not render).
      const last = timing.length === 0 ? { name: 'compile', started_at: startedAt } : { name: 'execute', started_at: timing[0]!.completed_at };
      timing.push({ ...last, completed_at: isoUtc(finished) });
      logger.event('error', 'LogHookEndLine', progressLine(i + 1, hooks.length, `ERROR ${label}`, `ERROR in ${secs.toFixed(2)}s`, true), { ...info('error', startedAt, isoUtc(finished)), ...place, status: 'error', execution_time: secs });
      results.push({
        ...base,
        status: 'error',
        message: hookErrorMessage(place.statement, error),
        failures: 1,
        timing,
        execution_time: secs,
        compiled: sql !== null,
        compiled_code: sql,
      });
    }
  }
  if (kind === 'on-run-start') logger.info('');
  return results;
}

/**
 * Keeps a hook's compiled SQL on its operation node and writes it under target/compiled, as dbt's
 * compiler does when it runs the hook: the file sits below the project file's own path
 * (`<pkg>/./dbt_project.yml/hooks/<name>.sql`), and compiled_path keeps that `./` as Python's
 * os.path.join leaves it.
 */
function recordCompiledHook(session: ProjectSession, node: CompiledNode, sql: string): void {
  node.compiled_code = sql;
  node.extra_ctes_injected = true;
  node.extra_ctes = [];
  const relativePath = `${node.package_name}/${node.original_file_path}/${node.path}`;
  const targetDir = targetDirOf(session);
  writeCreatingFolders(join(targetDir, 'compiled', relativePath), sql);
  node.compiled_path = `${targetPrefix(targetDir)}compiled/${relativePath}`;
}

// The results of the hooks that ran before one whose compile failure ended the command, by that error.
const resultsBeforeAbort = new WeakMap<object, HookResult[]>();

/** The hooks' results before the one whose compile failure `error` is (dbt still writes them to run_results.json after on-run-end). */
export function hookResultsBeforeAbort(error: unknown): HookResult[] | undefined {
  return error !== null && typeof error === 'object' ? resultsBeforeAbort.get(error) : undefined;
}

// Carries a hook's compile failure past the catch that makes other failures the hook's error result.
class HookCompileAbort {
  constructor(readonly cause: unknown) {}
}

/**
 * Whether a hook's render failure ends the command, as dbt's Compilation Error does (raised while the
 * hook node compiles, it names the operation); if so, the error is given the text dbt prints for it.
 */
function endsCommand(error: unknown, name: string): boolean {
  if (!isReelhouseError(error) || !isCompilationError(error.diagnostic.code)) return false;
  const node = { resource_type: 'operation', name, original_file_path: './dbt_project.yml' };
  const { diagnostic } = error;
  diagnostic.text = hasMacroChain(error) ? compilationReport(error, node) : `Compilation Error in operation ${name} (./dbt_project.yml)\n${indent(diagnostic.message)}`;
  return true;
}

// Where the hook is written, for the summary of a failed one: its dbt_project.yml (from the project's folder) and line.
function hookPlace(session: ProjectSession, planned: PlannedHook): string {
  const file = relative(session.loaded.projectDir, planned.projectFile) || planned.projectFile;
  return planned.line === undefined ? file : `${file} line ${planned.line}`;
}

/**
 * dbt's `flags: {skip_nodes_if_on_run_start_fails: true}`: off by default, as in dbt 1.10, where the
 * selected nodes still run after a failed on-run-start hook (dbt 1.12 turned it on by default).
 */
export function skipNodesIfOnRunStartFails(session: ProjectSession): boolean {
  return session.loaded.project.flags['skip_nodes_if_on_run_start_fails'] === true;
}

/**
 * dbt's message for a hook that failed: its name (`pkg.on-run-start.i`), then the error's own
 * message (DuckDB's, as dbt-duckdb raises it) after one space, its further lines as they are.
 */
function hookErrorMessage(statement: string, error: unknown): string {
  const raw = isReelhouseError(error) ? error.diagnostic.message : error instanceof Error ? error.message : String(error);
  return `${statement} failed, error:\n ${raw}`;
}
