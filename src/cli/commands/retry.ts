import { nowMs } from '../../core/clock.js';
import { readFile } from 'node:fs/promises';
import { targetDirOf } from '../../run/project-session.js';
import { resolve } from 'node:path';
import { userError } from '../../core/diagnostic.js';
import { executeInvocation, type NodeCommand } from '../../run/execute-invocation.js';
import { writeRunResults } from '../../run/artifacts/index.js';
import { logFoundStats, logNothingToDo } from '../../run/run-header.js';
import { runOperationCommand } from './run-operation.js';
import { lookupNoOpNode } from '../../run/no-op-nodes.js';
import { printCompiledNode, printCompileError } from './node-commands.js';
import { cloneCommand } from './clone.js';
import { docsGenerateCommand } from './docs-commands.js';
import { applyDefer } from '../defer.js';
import { makeLogger, projectDirOf, sessionFor, type CliIo } from '../cli-context.js';
import { type SelectionFlags } from '../global-options.js';
import { dbtInvocationFlags, runResultsArgs } from '../invocation-flags.js';

interface PreviousRun {
  args?: {
    which?: string;
    full_refresh?: boolean;
    fail_fast?: boolean;
    vars?: Record<string, unknown>;
    macro?: string;
    sql?: string;
    args?: Record<string, unknown>;
    sample?: { start: string; end: string };
    state?: string;
    defer_state?: string;
    target?: string;
    profile?: string;
    defer?: boolean;
    favor_state?: boolean;
    store_failures?: boolean;
    threads?: number;
  };
  results: { unique_id: string; status: string; batch_results?: { successful: [string, string][]; failed: [string, string][] } | null }[];
}

const RETRYABLE = new Set(['error', 'fail', 'skipped', 'runtime error', 'partial success']);

/**
 * dbt retry: reruns the previous command on the nodes that errored, failed or were skipped, with
 * that command's vars, --full-refresh and --fail-fast. The previous run_results.json is read from
 * --state when given, else from the target path; --warn-error makes warnings retryable too.
 */
export async function retryCommand(flags: SelectionFlags, io: CliIo): Promise<number> {
  const logger = makeLogger(flags, io);
  const projectDir = projectDirOf(flags, io);
  // dbt's retry parses once, as the command it reruns: what templates log while this first
  // opening parses is printed only if the project is not opened again below.
  let session = await sessionFor(flags, io, logger, 'retry', true, {}, true);
  let open = true;
  try {
    const stateDir = flags.state ?? session.loaded.project.targetPath;
    const path = resolve(flags.state !== undefined ? io.cwd ?? process.cwd() : projectDir, stateDir, 'run_results.json');
    let previous: PreviousRun;
    try {
      previous = JSON.parse(await readFile(path, 'utf8')) as PreviousRun;
    } catch {
      throw userError('retry-no-results', `Could not find previous run in '${stateDir}' target directory`, { file: path },
        'Run a command such as `reelhouse build` first; retry reruns what it left failed or skipped.');
    }
    // The previous invocation's vars (unless this one gives its own) and --sample window apply, as dbt retry does.
    const inheritVars = flags.vars === undefined && previous.args?.vars !== undefined && Object.keys(previous.args.vars).length > 0;
    const sample = previous.args?.sample ? { start: new Date(previous.args.sample.start), end: new Date(previous.args.sample.end) } : undefined;
    // dbt retry runs where the failed invocation ran: on its target and profile, deferring as it
    // did to its --state (retry's own --state only says where run_results.json is, and its
    // --target is not read). Only --vars and --threads given now override the previous ones.
    const prev = previous.args ?? {};
    const retryFlags: SelectionFlags = {
      ...flags,
      ...(inheritVars ? { vars: JSON.stringify(prev.vars) } : {}),
      // Not given before: what the environment names now (DBT_TARGET, DBT_PROFILE), else the profile's default.
      target: prev.target ?? (io.env ?? process.env)['DBT_TARGET'],
      profile: prev.profile ?? (io.env ?? process.env)['DBT_PROFILE'],
      defer: prev.defer === true,
      favorState: prev.favor_state === true,
      state: prev.state,
      // dbt builds the retry's config from the previous flags, so its --threads sets the concurrency again.
      ...(flags.threads === undefined && typeof prev.threads === 'number' ? { threads: String(prev.threads) } : {}),
    };
    // dbt retry runs as the previous command, with that invocation's flags (its --full-refresh
    // included) but this one's folders, command line and --vars/--threads.
    const carried = { ...carriedFlags(previous.args ?? {}, flags), ...(sample ? { SAMPLE: sample } : {}) };
    const which = (previous.args?.which ?? 'build') as NodeCommand;
    const retryable = new Set(RETRYABLE);
    if (logger.warnError.errors('LogTestResult')) retryable.add('warn');
    const ids = previous.results.filter((r) => retryable.has(r.status)).map((r) => r.unique_id);
    // dbt still writes an empty run_results.json, so the next retry has nothing to do either.
    const writeEmptyResults = async (): Promise<void> => {
      if (!(flags.writeJson ?? true)) return;
      const args = runResultsArgs({ ...dbtInvocationFlags(retryFlags, io, which, projectDir), ...carried });
      await writeRunResults({ results: [], elapsedSeconds: 0, invocationId: session.invocationId, generatedAt: nowMs(), args }, targetDirOf(session));
    };
    // A run-operation that succeeded leaves nothing to call again: dbt hands back its results as
    // they are, run_results.json untouched.
    if (ids.length === 0 && previous.args?.which === 'run-operation') {
      session.releaseParseLogs();
      return 0;
    }
    // A failed run-operation is retried by calling its macro again with the same arguments.
    if ((previous.args?.which as string | undefined) === 'run-operation' && typeof previous.args?.macro === 'string') {
      await session.close();
      open = false;
      return await runOperationCommand(previous.args.macro, { ...retryFlags, args: JSON.stringify(previous.args.args ?? {}) }, io);
    }
    if ((previous.args?.which as string | undefined) === 'run-operation' && typeof previous.args?.sql === 'string') {
      await session.close();
      open = false;
      return await runOperationCommand(undefined, { ...retryFlags, sql: previous.args.sql }, io);
    }
    // A microbatch model that failed part-way re-runs only its failed batches, as dbt retry does.
    const retryBatches = new Map<string, [string, string][]>();
    const retrySucceeded = new Map<string, [string, string][]>();
    for (const r of previous.results) {
      const failed = r.batch_results?.failed ?? [];
      if (!retryable.has(r.status) || failed.length === 0) continue;
      retryBatches.set(r.unique_id, failed);
      retrySucceeded.set(r.unique_id, r.batch_results?.successful ?? []);
    }
    const names = ids.map((id) => session.manifest.nodes[id]?.name ?? session.manifest.unit_tests[id]?.name ?? lookupNoOpNode(session.manifest, id)?.name).filter((n): n is string => !!n);
    // Nothing failed, or the failed nodes are gone from the project: dbt's retry selects them by
    // id and finds none (where an empty selection here would mean the whole project), so the
    // previous command runs on nothing and says so.
    if (names.length === 0) {
      session.releaseParseLogs();
      logFoundStats(logger, session.manifest);
      logNothingToDo(logger);
      await writeEmptyResults();
      return 0;
    }
    // A docs generate is retried by generating the docs again with its flags: it compiles, it
    // never builds the nodes that failed to compile.
    if (which === ('generate' as NodeCommand)) {
      await session.close();
      open = false;
      const { select, exclude, selector, empty_catalog: emptyCatalog, static: asStatic } = prev as Record<string, unknown>;
      return await docsGenerateCommand({
        ...retryFlags,
        select: Array.isArray(select) ? (select as string[]) : undefined,
        exclude: Array.isArray(exclude) ? (exclude as string[]) : undefined,
        selector: typeof selector === 'string' ? selector : undefined,
        emptyCatalog: emptyCatalog === true,
        static: asStatic === true,
      }, io);
    }
    // A clone is retried by cloning the failed nodes again from the same state manifest.
    if ((previous.args?.which as string | undefined) === 'clone') {
      await session.close();
      open = false;
      const { state, defer_state: deferState, full_refresh: fullRefresh } = previous.args ?? {};
      return await cloneCommand({ ...retryFlags, select: names, exclude: [], selector: undefined, state, deferState, fullRefresh }, io);
    }
    await session.close();
    open = false;
    session = await sessionFor(retryFlags, io, logger, which, true, carried);
    open = true;
    await applyDefer(session, retryFlags, io);
    const failFast = flags.failFast ?? previous.args?.fail_fast ?? false;
    const result = await executeInvocation(session, {
      command: which === 'compile' ? 'compile' : which,
      uniqueIds: ids,
      fullRefresh: previous.args?.full_refresh ?? false,
      failFast,
      storeFailures: prev.store_failures ?? flags.storeFailures ?? false,
      indirectSelection: 'empty',
      retryBatches,
      retrySucceeded,
      sample,
      writeJson: flags.writeJson ?? true,
      warnErrorTests: logger.warnError.errors('LogTestResult'),
      args: runResultsArgs(session.flags, previous.args?.sample ? { sample: previous.args.sample } : {}),
    });
    if (which === 'compile') {
      // As compile ends: the node named by the previous --select is printed, and an error is exit code 2.
      const { select, output } = prev as Record<string, unknown>;
      printCompiledNode(logger, result.results, Array.isArray(select) ? String(select[0]) : undefined, output === 'json', flags.quiet === true);
      if (printCompileError(logger, result.results)) return 2;
    }
    return result.success ? 0 : 1;
  } finally {
    if (open) await session.close();
  }
}

// The previous invocation's flags dbt retry does not carry over: where things are (this
// invocation's folders win), the command line, and --warn-error.
const IGNORED_PREVIOUS = new Set(['which', 'invocation_command', 'log_path', 'output_path', 'profiles_dir', 'profiles_dir_exists_false', 'project_dir', 'defer_state', 'deprecated_state', 'target_path', 'warn_error']);

/** The previous run's args as flags (upper case) for the retry, less those dbt re-derives; --vars and --threads given now win. */
function carriedFlags(previous: Record<string, unknown>, flags: SelectionFlags): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(previous)) {
    if (IGNORED_PREVIOUS.has(name) || (name === 'vars' && flags.vars !== undefined) || (name === 'threads' && flags.threads !== undefined)) continue;
    out[name.toUpperCase()] = value;
  }
  return out;
}
