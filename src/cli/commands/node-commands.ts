import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { userError } from '../../core/diagnostic.js';
import type { Manifest } from '../../project/types.js';
import { executeInvocation, type NodeCommand } from '../../run/execute-invocation.js';
import type { Logger } from '../../run/logger.js';
import type { NodeResult } from '../../run/run-result.js';
import { makeLogger, sessionFor, type CliIo } from '../cli-context.js';
import { parseEventTimes, withSelectionFlags, type SelectionFlags } from '../global-options.js';
import { withServerFlag, withWarehouseOwner, type OwnerFlags } from './warehouse-owner.js';

const DESCRIPTIONS: Record<NodeCommand, string> = {
  run: 'build the selected models',
  build: 'seed, run, snapshot and test the selected nodes in DAG order',
  test: 'run the data tests and unit tests of the selected nodes',
  seed: 'load the CSV seeds',
  snapshot: 'run the snapshots',
  compile: 'render the SQL of the selected nodes into target/compiled without running it',
};

/** Registers run, build, test, seed, snapshot and compile. */
export function registerNodeCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  for (const name of Object.keys(DESCRIPTIONS) as NodeCommand[]) {
    const cmd = withServerFlag(withSelectionFlags(program.command(name).description(DESCRIPTIONS[name])));
    if (name === 'compile') cmd.option('--inline <sql>', 'compile this SQL instead of project nodes');
    cmd.action(async (flags: SelectionFlags & OwnerFlags & { inline?: string }, command: Command) => {
      setExit(await withWarehouseOwner(flags, io, command, () => runNodeCommand(name, flags, io)));
    });
  }
}

/** Runs one node command and returns its exit code (0 ok, 1 node failures). */
export async function runNodeCommand(name: NodeCommand, flags: SelectionFlags & { inline?: string }, io: CliIo): Promise<number> {
  const logger = makeLogger(flags, io);
  const session = await sessionFor(flags, io, logger, name, true, {
    FULL_REFRESH: flags.fullRefresh ?? false,
    STORE_FAILURES: flags.storeFailures ?? false,
    FAIL_FAST: flags.failFast ?? false,
  });
  try {
    if (name === 'compile' && flags.inline !== undefined) {
      logger.result(session.renderer.renderString(flags.inline), 'CompiledNode');
      return 0;
    }
    const state = await stateOf(flags, io);
    const eventTimes = parseEventTimes(flags);
    const result = await executeInvocation(session, {
      ...eventTimes,
      command: name,
      select: [...(flags.select ?? []), ...(flags.models ?? [])],
      exclude: flags.exclude,
      selector: flags.selector,
      fullRefresh: flags.fullRefresh ?? false,
      failFast: flags.failFast ?? false,
      storeFailures: flags.storeFailures ?? false,
      indirectSelection: flags.indirectSelection as 'eager' | undefined,
      state: state?.manifest,
      previousResults: state?.runResults,
      args: {
        which: name,
        select: flags.select ?? [],
        exclude: flags.exclude ?? [],
        full_refresh: flags.fullRefresh ?? false,
        ...(flags.eventTimeStart ? { event_time_start: flags.eventTimeStart, event_time_end: flags.eventTimeEnd } : {}),
      },
    });
    if (name === 'compile') {
      printCompiledNode(logger, result.results, flags.select?.[0]);
      printCompileError(logger, result.results);
    }
    return result.success ? 0 : 1;
  } finally {
    await session.close();
  }
}

/** dbt compile prints the SQL of the node named by the first --select argument. */
function printCompiledNode(logger: Logger, results: NodeResult[], name: string | undefined): void {
  if (name === undefined) return;
  for (const r of results) {
    if (r.node.name !== name || r.compiled_code === null) continue;
    logger.result(`Compiled node '${r.node.name}' is:\n${r.compiled_code}`, 'CompiledNode', { unique_id: r.unique_id, compiled: r.compiled_code });
  }
}

/**
 * compile runs no summary block, so a node that failed to render would leave only the exit code;
 * dbt stops compiling at the first error and prints it as "Encountered an error".
 */
function printCompileError(logger: Logger, results: NodeResult[]): void {
  const failed = results.find((r) => r.status === 'error' || r.status === 'runtime error');
  if (!failed) return;
  logger.event('error', 'RunResultError', `Encountered an error:\n${failed.message ?? `Error in ${failed.node.resource_type} ${failed.node.name}`}`);
}

/** The `--state` artifacts of a command, when the flag is given. */
export async function stateOf(flags: SelectionFlags, io: CliIo): Promise<Awaited<ReturnType<typeof readState>> | undefined> {
  return flags.state ? readState(resolve(io.cwd ?? process.cwd(), flags.state)) : undefined;
}

/** Reads `manifest.json` (and `run_results.json` if there) from a `--state` folder. */
export async function readState(dir: string): Promise<{ manifest: Manifest; runResults?: { results: { unique_id: string; status: string }[] } }> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    throw userError('state-missing', `No manifest.json found in the --state folder ${dir}`, { file: join(dir, 'manifest.json') },
      'Point --state at the target folder of an earlier run (it holds manifest.json).');
  }
  try {
    const runResults = JSON.parse(await readFile(join(dir, 'run_results.json'), 'utf8'));
    return { manifest, runResults };
  } catch {
    return { manifest };
  }
}
