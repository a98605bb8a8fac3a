import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { userError } from '../../core/diagnostic.js';
import { executeInvocation, type NodeCommand } from '../../run/execute-invocation.js';
import { writeRunResults } from '../../run/artifacts/index.js';
import { runOperationCommand } from './run-operation.js';
import { cloneCommand } from './clone.js';
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
  let session = await sessionFor(flags, io, logger, 'retry', true);
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
    const retryFlags = inheritVars ? { ...flags, vars: JSON.stringify(previous.args?.vars) } : flags;
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
      await writeRunResults({ results: [], elapsedSeconds: 0, invocationId: session.invocationId, generatedAt: new Date(), args }, join(session.loaded.projectDir, session.loaded.project.targetPath));
    };
    if (ids.length === 0) {
      logger.info('Nothing to retry: the previous invocation had no failed or skipped nodes.', 'NothingToDo');
      await writeEmptyResults();
      return 0;
    }
    // A failed run-operation is retried by calling its macro again with the same arguments.
    if ((previous.args?.which as string | undefined) === 'run-operation' && typeof previous.args?.macro === 'string') {
      await session.close();
      open = false;
      return await runOperationCommand(previous.args.macro, { ...flags, args: JSON.stringify(previous.args.args ?? {}) }, io);
    }
    if ((previous.args?.which as string | undefined) === 'run-operation' && typeof previous.args?.sql === 'string') {
      await session.close();
      open = false;
      return await runOperationCommand(undefined, { ...flags, sql: previous.args.sql }, io);
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
    const names = ids.map((id) => session.manifest.nodes[id]?.name ?? session.manifest.unit_tests[id]?.name).filter((n): n is string => !!n);
    // The failed nodes are gone from the project: dbt's retry selects them by id and finds none,
    // where an empty selection here would mean the whole project.
    if (names.length === 0) {
      logger.warn('Nothing to do. Try checking your model configs and model specification args', 'NothingToDo');
      await writeEmptyResults();
      return 0;
    }
    // A clone is retried by cloning the failed nodes again from the same state manifest.
    if ((previous.args?.which as string | undefined) === 'clone') {
      await session.close();
      open = false;
      const { state, defer_state: deferState, full_refresh: fullRefresh } = previous.args ?? {};
      return await cloneCommand({ ...flags, select: names, exclude: [], selector: undefined, state, deferState, fullRefresh }, io);
    }
    await session.close();
    open = false;
    session = await sessionFor(retryFlags, io, logger, which, true, carried);
    open = true;
    const failFast = flags.failFast ?? previous.args?.fail_fast ?? false;
    const result = await executeInvocation(session, {
      command: which === 'compile' ? 'compile' : which,
      select: names,
      fullRefresh: previous.args?.full_refresh ?? false,
      failFast,
      storeFailures: flags.storeFailures ?? false,
      indirectSelection: 'empty',
      retryBatches,
      retrySucceeded,
      sample,
      writeJson: flags.writeJson ?? true,
      warnErrorTests: logger.warnError.errors('LogTestResult'),
      args: runResultsArgs(session.flags, previous.args?.sample ? { sample: previous.args.sample } : {}),
    });
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
