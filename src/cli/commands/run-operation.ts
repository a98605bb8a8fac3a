import { isoUtc, msOfIso, nowMs, secondsBetween } from '../../core/clock.js';
import { isReelhouseError, userError } from '../../core/diagnostic.js';
import { makeLogger, sessionFor, type CliIo } from '../cli-context.js';
import { parseVars, type ProjectFlags } from '../global-options.js';
import { closestMatch } from '../../core/did-you-mean.js';
import { writeManifest, writeRunResults } from '../../run/artifacts/index.js';
import { progressLine } from '../../run/logger.js';
import { logFoundStats } from '../../run/run-header.js';
import { targetDirOf, type ProjectSession } from '../../run/project-session.js';
import { runResultsArgs } from '../invocation-flags.js';
import { duckdbResponse, operationReport, isCompilationCode, runtimeReport } from '../../project/context/index.js';

/** The flags of run-operation: a macro's --args, or SQL to run instead of a macro (--sql, dbt 1.12). */
export type RunOperationFlags = ProjectFlags & { args?: string; sql?: string; inline?: string; writeJson?: boolean };

/** One timing entry of run_results.json. */
type Timing = { name: string; started_at: string; completed_at: string };

/** dbt run-operation: calls a macro with keyword arguments, or runs --sql, in a transaction-free session. */
export async function runOperationCommand(macro: string | undefined, flags: RunOperationFlags, io: CliIo): Promise<number> {
  // dbt 1.12 spells the option --sql; its first cut called it --inline, which is still taken.
  const sql = flags.sql ?? flags.inline;
  if (sql !== undefined && flags.sql !== undefined && flags.inline !== undefined) throw userError('usage', 'Give --sql once (--inline is its older name), not both.');
  if (sql === undefined && macro === undefined) {
    throw userError('usage', 'Either a macro name or --sql must be passed to run-operation', undefined, "For example: reelhouse run-operation grant_select --args '{role: reporter}', or --sql 'vacuum'.");
  }
  if (sql !== undefined && macro !== undefined) throw userError('usage', 'Cannot specify both a macro name and --sql for run-operation');
  if (sql !== undefined && flags.args !== undefined) throw userError('usage', '--args cannot be used with --sql; pass arguments directly in the SQL');
  if (sql !== undefined) return runSqlOperation(sql, flags, io);
  return runMacroOperation(macro!, flags, io);
}

/** run-operation <macro>: the macro's errors are a failed operation (exit 1), a missing macro a usage error. */
async function runMacroOperation(macro: string, flags: RunOperationFlags, io: CliIo): Promise<number> {
  const logger = makeLogger(flags, io);
  const args = parseVars(flags.args, '--args');
  const compileStarted = nowMs();
  // dbt's --args is a YAML option: flags.ARGS (and args.args) hold the mapping, and nothing without it.
  const session = await sessionFor(flags, io, logger, 'run-operation', true, { MACRO: macro, ...(flags.args !== undefined ? { ARGS: args } : {}) });
  try {
    await writeParsedManifest(session, flags);
    // dbt compiles the manifest's graph before it calls the macro, and its compiler prints the Found line.
    logFoundStats(logger, session.manifest);
    const name = qualifiedMacroName(macro, Object.keys(session.manifest.macros), session.loaded.project.name);
    logger.debug(`Running macro ${name}`);
    if (!macroExists(name, Object.keys(session.manifest.macros))) {
      try {
        session.renderer.callMacro(name, [], args);
      } catch (error) {
        if (isReelhouseError(error) && error.diagnostic.code === 'macro-not-found') throw missingMacro(name, Object.keys(session.manifest.macros), session.loaded.project.name);
        throw error;
      }
      return 0;
    }
    // dbt times an operation in two steps: loading the project ("compile"), then the call ("execute").
    const timing: Timing[] = [{ name: 'compile', started_at: isoUtc(compileStarted), completed_at: isoUtc() }];
    const started = nowMs();
    let failure: string | undefined;
    const uniqueId = macroUniqueId(name, Object.keys(session.manifest.macros), session.loaded.project.name);
    // dbt's search package: `run-operation pkg.macro` lets the macro call pkg's other macros unqualified.
    const searchPackage = macro.includes('.') ? macro.slice(0, macro.indexOf('.')) : undefined;
    try {
      session.renderer.callMacro(name, [], args, undefined, searchPackage);
    } catch (error) {
      // dbt reports an error raised while the macro runs as a failed operation (exit code 1);
      // only a macro that does not exist at all ends the command as an unhandled error (2).
      if (!isReelhouseError(error)) throw error;
      const operation = session.manifest.macros[uniqueId];
      if (operation && isCompilationCode(error.diagnostic.code)) {
        // as dbt words a Compilation Error: its heading, its cause and the macros it passed through
        // (none when the operation's own macro raised it)
        failure = operationReport(error, operation);
        logger.event('error', 'RunningOperationCaughtError', `Encountered an error while running operation: ${failure}`, { exc: failure });
      } else if (error.diagnostic.code === 'database-error') {
        failure = runtimeReport(error);
        logger.event('error', 'RunningOperationCaughtError', `Encountered an error while running operation: ${failure}`, { exc: failure });
      } else {
        logger.diagnostic(error.diagnostic);
        failure = error.diagnostic.message;
      }
    }
    timing.push({ name: 'execute', started_at: isoUtc(started), completed_at: isoUtc() });
    if (flags.writeJson ?? true) await writeOperationResult(session, uniqueId, runResultsArgs(session.flags, { which: 'run-operation', macro }), timing, failure, {});
    return failure === undefined ? 0 : 1;
  } finally {
    await session.close();
  }
}

/**
 * run-operation --sql: renders the SQL (ref(), source(), macros and target are there, as in a
 * model) and runs it on the warehouse. A failing statement is a failed operation (exit 1),
 * recorded under `sql_operation.<project>.inline_query`, as dbt records it.
 */
async function runSqlOperation(sql: string, flags: RunOperationFlags, io: CliIo): Promise<number> {
  const logger = makeLogger(flags, io);
  const compileStarted = nowMs();
  const session = await sessionFor(flags, io, logger, 'run-operation', true, { SQL: sql });
  try {
    await writeParsedManifest(session, flags);
    // dbt compiles the graph (printing the Found line) only for SQL with Jinja; plain SQL runs as given.
    if (hasJinja(sql)) logFoundStats(logger, session.manifest);
    const timing: Timing[] = [];
    const started = nowMs();
    let failure: string | undefined;
    let response: Record<string, unknown> = {};
    try {
      const rendered = session.renderer.renderString(sql);
      timing.push({ name: 'compile', started_at: isoUtc(compileStarted), completed_at: isoUtc() });
      // dbt starts the statement once its Jinja has rendered: SQL that does not render gets no START line.
      logger.info(progressLine(1, 1, 'START executing inline_query', 'RUN'));
      if (!session.adapter) throw userError('no-warehouse', 'run-operation --sql needs a warehouse connection');
      await session.adapter.execute(rendered);
      // dbt records the statement's response with to_dict(): unset fields written as null.
      response = duckdbResponse().toDict();
    } catch (error) {
      if (timing.length === 0) timing.push({ name: 'compile', started_at: isoUtc(compileStarted), completed_at: isoUtc() });
      if (isReelhouseError(error) && error.diagnostic.code === 'database-error') {
        // as dbt-duckdb raises a failing statement (a Runtime Error) and dbt reports the operation's error
        failure = runtimeReport(error);
        logger.event('error', 'RunningOperationCaughtError', `Encountered an error while running operation: ${failure}`, { exc: failure });
      } else {
        failure = isReelhouseError(error) ? error.diagnostic.message : error instanceof Error ? error.message : String(error);
        if (isReelhouseError(error)) logger.diagnostic(error.diagnostic);
        else logger.event('error', 'RunningOperationUncaughtError', failure);
      }
    }
    timing.push({ name: 'execute', started_at: isoUtc(started), completed_at: isoUtc() });
    const secs = secondsBetween(started).toFixed(2);
    if (failure === undefined) logger.info(progressLine(1, 1, 'OK executed inline_query', `OK in ${secs}s`));
    else {
      const line = progressLine(1, 1, 'ERROR executing inline_query', `ERROR in ${secs}s`);
      logger.event('error', 'Note', line, { msg: line });
    }
    const uniqueId = `sql_operation.${session.loaded.project.name}.inline_query`;
    if (flags.writeJson ?? true) await writeOperationResult(session, uniqueId, runResultsArgs(session.flags, { which: 'run-operation', sql }), timing, failure, response);
    return failure === undefined ? 0 : 1;
  } finally {
    await session.close();
  }
}

/** dbt parses the project for an operation and writes manifest.json before the macro (or SQL) runs, so a failing one still leaves it. */
async function writeParsedManifest(session: ProjectSession, flags: RunOperationFlags): Promise<void> {
  if (flags.writeJson ?? true) await writeManifest(session.manifest, targetDirOf(session));
}

/**
 * run_results.json for an operation, as dbt writes it: one result named by the macro's (or inline
 * query's) unique_id, which `retry` reruns. dbt reports it as a hook node, a compiled resource
 * never compiled, hence compiled false beside a null compiled_code and relation_name.
 */
async function writeOperationResult(
  session: ProjectSession, uniqueId: string, args: Record<string, unknown>, timing: Timing[], failure: string | undefined, adapterResponse: Record<string, unknown>,
): Promise<void> {
  const seconds = secondsBetween(timing[0] ? msOfIso(timing[0].started_at) : nowMs());
  await writeRunResults({
    results: [{
      unique_id: uniqueId, status: failure === undefined ? 'success' : 'error', message: failure ?? null, failures: failure === undefined ? 0 : 1,
      timing, thread_id: 'MainThread', execution_time: seconds, adapter_response: adapterResponse, compiled: false, compiled_code: null, relation_name: null, batch_results: null,
    }],
    elapsedSeconds: seconds, invocationId: session.invocationId, generatedAt: nowMs(),
    args,
  }, targetDirOf(session));
}

/** The manifest id of the macro a run-operation name resolved to (root project first, then dbt's own). */
function macroUniqueId(name: string, macroIds: readonly string[], rootPackage: string): string {
  if (name.includes('.')) return `macro.${name}`;
  for (const pkg of [rootPackage, 'dbt', 'dbt_duckdb']) if (macroIds.includes(`macro.${pkg}.${name}`)) return `macro.${pkg}.${name}`;
  return macroIds.find((id) => id.split('.').length === 3 && id.endsWith(`.${name}`)) ?? `macro.${rootPackage}.${name}`;
}

/**
 * dbt finds an unqualified macro in the root project first, then in the installed packages
 * (`dbt run-operation print_profile` runs dbt_profiler's), so a name only a package defines is
 * called through that package. Two packages defining it leave the choice to the user.
 */
export function qualifiedMacroName(macro: string, macroIds: readonly string[], rootPackage: string): string {
  if (macro.includes('.')) return macro;
  const owners = new Set<string>();
  for (const id of macroIds) {
    const parts = id.split('.');
    if (parts.length !== 3 || parts[0] !== 'macro' || parts[2] !== macro) continue;
    // dbt's internal packages (dbt and the adapter's dbt_duckdb) are in the global namespace.
    if (parts[1] === rootPackage || parts[1] === 'dbt' || parts[1] === 'dbt_duckdb') return macro;
    owners.add(parts[1]!);
  }
  if (owners.size > 1) {
    throw userError('macro-ambiguous', `Macro '${macro}' is defined in several packages: ${[...owners].sort().join(', ')}`, undefined,
      `Name the package, e.g. reelhouse run-operation ${[...owners].sort()[0]}.${macro}.`);
  }
  const [only] = owners;
  return only === undefined ? macro : `${only}.${macro}`;
}

/** dbt's error for a run-operation macro nothing defines, with the closest macro of the project or its packages. */
function missingMacro(name: string, macroIds: readonly string[], rootPackage: string): Error {
  const candidates = macroIds.map((id) => id.split('.')).filter((p) => p.length === 3 && p[1] !== 'dbt' && p[1] !== 'dbt_duckdb').map((p) => (p[1] === rootPackage || !name.includes('.') ? p[2]! : `${p[1]}.${p[2]}`));
  const guess = closestMatch(name, candidates);
  return userError(
    'macro-not-found',
    `Could not find a macro with the name '${name}' in any package${guess ? `: did you mean '${guess}'?` : '.'}`,
    undefined,
    'Check the spelling, that the macro file is under macro-paths (macros/ by default), and for a package macro that `reelhouse deps` has installed it.',
  );
}

/** Whether run-operation's SQL carries Jinja (an expression or a statement tag), so needs the project's graph. */
function hasJinja(sql: string): boolean {
  return sql.includes('{{') || sql.includes('{%');
}

/** Whether `name` (plain or `package.name`) is a macro of the manifest. */
function macroExists(name: string, macroIds: readonly string[]): boolean {
  if (name.includes('.')) return macroIds.includes(`macro.${name}`);
  return macroIds.some((id) => id.split('.').length === 3 && id.endsWith(`.${name}`));
}
