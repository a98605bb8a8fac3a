import { logConcurrency, logFoundStats } from '../../run/run-header.js';
import { isoUtc, nowMs, secondsBetween } from '../../core/clock.js';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { userError } from '../../core/diagnostic.js';
import type { Manifest, ResourceType } from '../../project/types.js';
import type { FreshnessResults } from '../../graph/index.js';
import { executeInvocation, type NodeCommand } from '../../run/execute-invocation.js';
import type { Logger } from '../../run/logger.js';
import { isErrorSkip, type NodeResult } from '../../run/run-result.js';
import { makeLogger, sessionFor, type CliIo } from '../cli-context.js';
import { COMMAND_RUN_OPTIONS, firstSelectValue, parseEventTimes, withEmptyFlag, withResourceTypeFlags, withSelectionFlags, type SelectionFlags } from '../global-options.js';
import { withServerFlag, withWarehouseOwner, type OwnerFlags } from './warehouse-owner.js';
import { anyCase } from '../dbt-flags.js';
import { applyDefer } from '../defer.js';
import { PRINT_DEFAULTS, Table, formatAgateTable } from '../../project/context/index.js';
import { compileInlineNode, refuseInlineWithSelection } from './show.js';
import { inShowNodeTurn } from './show-node-turn.js';
import { FirstInlinedEphemerals } from '../../run/first-inlined-ephemerals.js';
import { parseSampleWindow } from '../sample-window.js';
import { targetDirOf, type ProjectSession } from '../../run/project-session.js';
import { EMPTY_OPTION_COMMANDS, runResultsArgs } from '../invocation-flags.js';
import { ensureAscii } from '../../templating/index.js';
import { writeGraphSummary, writeManifest, writeRunResults, type RunResultEntry } from '../../run/artifacts/index.js';

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
    const cmd = withServerFlag(withSelectionFlags(program.command(name).description(DESCRIPTIONS[name]), COMMAND_RUN_OPTIONS[name]!));
    if (name === 'compile') {
      cmd.option('--inline <sql>', 'compile this SQL instead of project nodes');
      cmd.addOption(anyCase(new Option('--output <format>', 'how the compiled node is printed: text (default) or json'), ['text', 'json']));
      cmd.option('--inject-ephemeral-ctes', "prepend the CTEs of the ephemeral models a node refs (the default)");
      cmd.option('--no-inject-ephemeral-ctes', 'leave the __dbt__cte__ references of ephemeral models without their CTEs');
    }
    // The commands dbt gives --empty and --resource-type to.
    if (['run', 'build', 'compile', 'snapshot'].includes(name)) withEmptyFlag(cmd);
    if (name === 'build' || name === 'test') withResourceTypeFlags(cmd);
    if (name === 'run' || name === 'build') cmd.option('--sample <window>', 'sample mode: read inputs with event_time over a window, e.g. "3 days" or "{\'start\': \'2024-07-01\', \'end\': \'2024-07-08\'}"');
    if (name === 'seed') cmd.option('--show', 'print a sample of each loaded seed');
    // dbt's build takes --show (from seed) and prints nothing for it.
    if (name === 'build') cmd.addOption(new Option('--show', 'accepted for dbt compatibility; build prints no seed sample, as in dbt').hideHelp());
    // dbt Core runs a saved query's exports as a no-op node; there is nothing to export to here.
    if (name === 'build') {
      for (const flag of ['export-saved-queries', 'include-saved-query']) {
        cmd.addOption(new Option(`--${flag}`, 'accepted for dbt compatibility, no effect: saved queries have no exports to run').hideHelp());
        cmd.addOption(new Option(`--no-${flag}`, 'accepted for dbt compatibility, no effect').hideHelp());
      }
    }
    cmd.action(async (flags: SelectionFlags & OwnerFlags & { inline?: string; output?: string; show?: boolean; injectEphemeralCtes?: boolean }, command: Command) => {
      setExit(await withWarehouseOwner(flags, io, command, () => runNodeCommand(name, flags, io)));
    });
  }
}

/** Runs one node command and returns its exit code (0 ok, 1 node failures). */
export async function runNodeCommand(name: NodeCommand, flags: SelectionFlags & { inline?: string; output?: string; show?: boolean; injectEphemeralCtes?: boolean }, io: CliIo): Promise<number> {
  const logger = makeLogger(flags, io);
  const sample = flags.sample === undefined ? undefined : parseSampleWindow(flags.sample);
  if (name === 'compile') refuseInlineWithSelection(flags, [...(flags.select ?? []), ...(flags.models ?? [])]);
  const resourceTypes = resourceTypesOf(flags);
  const session = await sessionFor(flags, io, logger, name, true, {
    FULL_REFRESH: flags.fullRefresh ?? false,
    STORE_FAILURES: flags.storeFailures ?? false,
    // Given on the command line or in DBT_FAIL_FAST; else dbt_project.yml's flags: fail_fast holds (dbt's precedence).
    ...(flags.failFast !== undefined ? { FAIL_FAST: flags.failFast } : {}),
    // The flags of dbt's own options for each command, with their defaults, as dbt's Flags hold them.
    ...(EMPTY_OPTION_COMMANDS.includes(name) ? { EMPTY: flags.empty ?? false } : {}),
    ...(name === 'build' || name === 'test' ? { RESOURCE_TYPES: flags.resourceType ?? [], EXCLUDE_RESOURCE_TYPES: flags.excludeResourceType ?? [] } : {}),
    ...(name === 'build' ? { EXPORT_SAVED_QUERIES: (flags as Record<string, unknown>)['exportSavedQueries'] === true, INCLUDE_SAVED_QUERY: (flags as Record<string, unknown>)['includeSavedQuery'] === true } : {}),
    ...(name === 'build' || name === 'seed' ? { SHOW: flags.show === true } : {}),
    ...(name === 'compile' ? { OUTPUT: flags.output ?? 'text' } : {}),
    ...(name === 'compile' && flags.inline !== undefined ? { INLINE: flags.inline } : {}),
    DEFER: flags.defer ?? false,
    FAVOR_STATE: flags.favorState ?? false,
    ...(name === 'compile' ? { INJECT_EPHEMERAL_CTES: flags.injectEphemeralCtes ?? true } : {}),
    // --models is dbt's other name for --select: both land in flags.SELECT.
    SELECT: [...(flags.select ?? []), ...(flags.models ?? [])],
    EXCLUDE: flags.exclude ?? [],
    ...(flags.selector !== undefined ? { SELECTOR: flags.selector } : {}),
    // dbt's flags.SAMPLE: the window refs and sources with event_time are read through (run, build).
    ...(sample ? { SAMPLE: sample } : {}),
  });
  try {
    await applyDefer(session, flags, io);
    if (name === 'compile' && flags.inline !== undefined) {
      const started = nowMs();
      // dbt parses the project first, writing its manifest, as for any compile.
      await writeParseArtifacts(session, flags);
      const inline = compileInlineNode(session, flags.inline);
      const compiled = inline.compiled_code ?? '';
      logFoundStats(logger, session.manifest, true);
      logConcurrency(logger, session, 1);
      // dbt's compile runs the inline query's node as any node: started, compiled, executed (doing nothing) and finished.
      await inShowNodeTurn(logger, inline, new FirstInlinedEphemerals(session.manifest, new Set()), () => undefined, async () => ({ value: undefined, result: inlineRunResult(session, compiled, started) }));
      // dbt's result for inline SQL is its one node, sql_operation.<project>.inline_query.
      if (flags.writeJson ?? true) await writeInlineRunResults(session, compiled, started, runResultsArgs(session.flags));
      // dbt's --output json prints the compiled SQL as a JSON object, for tools that read it;
      // text output carries dbt's heading (scripts split on it) unless --quiet asks for the SQL alone.
      const text = flags.output === 'json' ? ensureAscii(JSON.stringify({ compiled }, null, 2)) : flags.quiet ? compiled : `Compiled inline node is:\n${compiled}`;
      logger.result(text, 'CompiledNode', { node_name: 'inline_query', compiled, is_inline: true, output_format: flags.output ?? 'text', unique_id: '', quiet: flags.quiet === true });
      return 0;
    }
    const state = await stateOf(flags, io, session);
    const eventTimes = parseEventTimes(flags);
    const result = await executeInvocation(session, {
      ...eventTimes,
      sample,
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
      ...(await freshnessStates(session, state)),
      resourceTypes,
      writeJson: flags.writeJson ?? true,
      warnErrorTests: logger.warnError.errors('LogTestResult'),
      // As dbt's seed task: the samples come after the Finished line, before the closing summary.
      ...(name === 'seed' && flags.show ? { beforeEndMessages: (results: NodeResult[]) => showSeeds(session, logger, results) } : {}),
      // dbt's args_to_dict of the invocation's flags (as invocation_args_dict has them), which
      // `retry` reads to rerun with the previous invocation's selection, vars and fail-fast.
      args: runResultsArgs(session.flags, {
        ...(flags.eventTimeStart ? { event_time_start: flags.eventTimeStart, event_time_end: flags.eventTimeEnd } : {}),
        // The window as resolved, so `retry` reads the same rows even for a relative --sample.
        ...(sample ? { sample: { start: sample.start.toISOString(), end: sample.end.toISOString() } } : {}),
      }),
    });
    if (name === 'compile') {
      printCompiledNode(logger, result.results, firstSelectValue(io.argv) ?? flags.select?.[0] ?? flags.models?.[0], flags.output === 'json', flags.quiet === true);
      // dbt's compile raises at its first node error (raise_on_first_error): an unhandled error, exit code 2.
      if (printCompileError(logger, result.results)) return 2;
    }
    return result.success ? 0 : 1;
  } finally {
    await session.close();
  }
}

/** run_results.json for compile --inline: the inline query as the invocation's one (compiled) result. */
async function writeInlineRunResults(session: ProjectSession, compiled: string, started: number, args: Record<string, unknown>): Promise<void> {
  const done = nowMs();
  await writeRunResults({
    results: [inlineRunResult(session, compiled, started, done)],
    elapsedSeconds: secondsBetween(started, done), invocationId: session.invocationId, generatedAt: done, args,
  }, targetDirOf(session));
}

/** The result of compiled inline SQL, as its run_results.json entry and its NodeFinished event carry it. */
function inlineRunResult(session: ProjectSession, compiled: string, started: number, done = nowMs()): RunResultEntry {
  const timing = [{ name: 'compile', started_at: isoUtc(started), completed_at: isoUtc(done) }];
  return {
    unique_id: `sql_operation.${session.loaded.project.name}.inline_query`, status: 'success', message: null, failures: null, timing,
    thread_id: 'Thread-1 (worker)', execution_time: secondsBetween(started, done), adapter_response: {}, compiled: true, compiled_code: compiled, relation_name: null,
  };
}

/** dbt seed --show: each loaded seed's rows in random order, at most 10 (then an ellipsis row), as agate prints them. */
async function showSeeds(session: ProjectSession, logger: Logger, results: NodeResult[]): Promise<void> {
  for (const r of results) {
    // The seed's own relation: its result names none, as in dbt's run_results.
    const node = r.node as { schema?: string; alias?: string; name: string; relation_name?: string | null };
    if (r.status !== 'success' || !node.relation_name || !session.adapter) continue;
    // One row past the ten printed tells print_table that there were more.
    const sample = await session.adapter.execute(`select * from ${node.relation_name} order by random() limit 11`, { exactDecimals: true });
    const header = `Random sample of table: ${node.schema}.${node.alias ?? node.name}`;
    const table = formatAgateTable(new Table(sample), { ...PRINT_DEFAULTS, maxRows: 10, maxColumns: null });
    // The heading and its rule are log lines (hidden by --quiet, the blank lines by JSON logs);
    // agate prints the table itself straight to stdout.
    const text = logger.format !== 'json';
    if (text) logger.info('');
    logger.info(header, 'SeedHeader', { header });
    logger.info('-'.repeat(header.length), 'Formatting');
    logger.result(table.join('\n'), 'SeedHeader');
    if (text) logger.info('');
  }
}

/** The resource types of `--resource-type` minus `--exclude-resource-type`; undefined when neither is given. */
export function resourceTypesOf(flags: SelectionFlags): ResourceType[] | undefined {
  if (!flags.resourceType?.length && !flags.excludeResourceType?.length) return undefined;
  const expand = (given: string[]): ResourceType[] =>
    given.flatMap((t) => {
      const type = t.toLowerCase();
      if (type === 'all' || type === 'default') return ALL_TYPES;
      if (!(ALL_TYPES as string[]).includes(type === 'data_test' ? 'test' : type)) {
        throw userError('usage', `'${t}' is not a resource type`, undefined, `Choose from ${[...ALL_TYPES, 'all', 'default'].join(', ')}.`);
      }
      return [(type === 'data_test' ? 'test' : type) as ResourceType];
    });
  const included = flags.resourceType?.length ? expand(flags.resourceType) : ALL_TYPES;
  const excluded = new Set(expand(flags.excludeResourceType ?? []));
  return included.filter((t) => !excluded.has(t));
}

/** Every resource type --resource-type names. */
export const ALL_TYPES: ResourceType[] = ['model', 'seed', 'snapshot', 'test', 'unit_test', 'analysis', 'source', 'exposure', 'metric', 'semantic_model', 'saved_query'];

/** dbt compile prints the SQL of the node named by the first --select argument. */
export function printCompiledNode(logger: Logger, results: NodeResult[], firstSelector: string | undefined, json: boolean, quiet: boolean): void {
  if (firstSelector === undefined) return;
  for (const r of results) {
    // dbt prints the nodes whose name appears within the first --select value, so
    // `-s +orders` and `-s "a b"` print their named nodes too.
    if (!firstSelector.includes(r.node.name) || r.compiled_code === null) continue;
    const text = json ? ensureAscii(JSON.stringify({ node: r.node.name, compiled: r.compiled_code }, null, 2)) : quiet ? r.compiled_code : `Compiled node '${r.node.name}' is:\n${r.compiled_code}`;
    const format = json ? 'json' : 'text';
    logger.result(text, 'CompiledNode', { node_name: r.node.name, compiled: r.compiled_code, is_inline: false, output_format: format, unique_id: r.unique_id, quiet });
  }
}

/**
 * compile runs no summary block, so a node that failed to render would leave only the exit code;
 * dbt stops compiling at the first error, raising it as a runtime error whose text nests the
 * node's message: "Encountered an error:", "Runtime Error", then the message indented. Says whether a node failed.
 */
export function printCompileError(logger: Logger, results: NodeResult[]): boolean {
  const failed = results.find((r) => r.status === 'error' || r.status === 'runtime error') ?? results.find(isErrorSkip);
  if (!failed) return false;
  const message = failed.message ?? `Error in ${failed.node.resource_type} ${failed.node.name}`;
  const nested = message.split('\n').map((line) => `  ${line}`).join('\n');
  logger.event('error', 'MainEncounteredError', `Encountered an error:\nRuntime Error\n${nested}`);
  return true;
}

/** The `--state` artifacts of a command, when the flag is given. */
export async function stateOf(flags: SelectionFlags, io: CliIo, session: ProjectSession): Promise<Awaited<ReturnType<typeof readState>> | undefined> {
  if (!flags.state) return undefined;
  const dir = resolve(io.cwd ?? process.cwd(), flags.state);
  // As dbt: this command rewrites target's manifest.json, so the state compared against may already be this run's.
  if (dir === targetDirOf(session)) {
    session.logger.warn(
      `Warning: The state and target directories are the same: '${flags.state}'. This could lead to missing changes due to overwritten state including non-idempotent retries.`,
      'WarnStateTargetEqual',
    );
  }
  return readState(dir);
}

/** Reads `manifest.json` (and `run_results.json` and `sources.json` if there) from a `--state` folder. */
export async function readState(dir: string): Promise<{ manifest: Manifest; runResults?: { results: { unique_id: string; status: string }[] }; sources?: FreshnessResults }> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    throw userError('state-missing', `No manifest.json found in the --state folder ${dir}`, { file: join(dir, 'manifest.json') },
      'Point --state at the target folder of an earlier run (it holds manifest.json).');
  }
  const runResults = await readJson<{ results: { unique_id: string; status: string }[] }>(join(dir, 'run_results.json'));
  const sources = await readJson<FreshnessResults>(join(dir, 'sources.json'));
  return { manifest, ...(runResults ? { runResults } : {}), ...(sources ? { sources } : {}) };
}

/**
 * What `source_status:fresher` compares, as dbt reads it: the --state folder's sources.json
 * (before) and the project's own target/sources.json (now).
 */
export async function freshnessStates(session: ProjectSession, state: { sources?: FreshnessResults } | undefined): Promise<{ previousSources?: FreshnessResults; currentSources?: FreshnessResults }> {
  if (!state) return {};
  const current = await readJson<FreshnessResults>(join(targetDirOf(session), 'sources.json'));
  return { ...(state.sources ? { previousSources: state.sources } : {}), ...(current ? { currentSources: current } : {}) };
}

/** A JSON artifact, or undefined when the file is missing or unreadable. */
async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/**
 * What dbt leaves in target-path when a command parses the project before it acts (show, source
 * freshness): the manifest as parsed, before any --state or deferral, and the graph summary.
 */
export async function writeParseArtifacts(session: ProjectSession, flags: { writeJson?: boolean | undefined }): Promise<void> {
  if (flags.writeJson === false) return;
  const targetDir = targetDirOf(session);
  await writeManifest(session.manifest, targetDir);
  writeGraphSummary(session.manifest, session.invocationId, targetDir);
}
