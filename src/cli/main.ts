import { randomUUID } from 'node:crypto';
import { Command, CommanderError } from 'commander';
import { formatDiagnostic, isReelhouseError } from '../core/diagnostic.js';
import { invocationIdOf, makeLogger, projectDirOf, type CliIo } from './cli-context.js';
import { dbtInvocationFlags, mainReportArgs } from './invocation-flags.js';
import { pyRepr } from '../templating/index.js';
import type { ProjectFlags } from './global-options.js';
import { registerNodeCommands } from './commands/node-commands.js';
import { registerWebCommands } from './commands/docs-commands.js';
import { registerIngestCommands } from './commands/ingest-commands.js';
import { registerOrchestrateCommands } from './commands/pipeline-commands.js';
import { registerProjectCommands } from './commands/project-commands.js';
import { registerCloneCommand } from './commands/clone.js';
import { REELHOUSE_VERSION } from './version.js';
import { Logger, type LogSink } from '../run/logger.js';
import { hoistLeadingFlags } from './global-options.js';
import { applyDbtEnv } from './dbt-flags.js';
import { applyDefaultProjectDir, applyProjectFileFlags } from './project-flags.js';
import { flushLogFiles } from './log-file.js';
import { logResourceReport } from './resource-report.js';
import { logDeprecationsSummary } from './deprecations-summary.js';
import { warnModelsFlag } from './model-param-usage.js';
import { warnIncludeExcludeKeys } from './weo-include-exclude.js';
import { fileSystemError } from './file-system-errors.js';
import { useNoSuchOption } from './no-such-option.js';

/** Runs the CLI with the given arguments and returns the process exit code. */
export async function main(argv: string[], callerIo: CliIo = {}): Promise<number> {
  // The command line as given, for dbt's flags.INVOCATION_COMMAND.
  const io: CliIo = { ...callerIo, argv };
  let exitCode = 0;
  const setExit = (code: number): void => {
    exitCode = code;
  };
  const program = new Command('reelhouse')
    .description('dbt-compatible analytics projects on embedded DuckDB')
    .version(REELHOUSE_VERSION, '-v, --version')
    .exitOverride()
    .showHelpAfterError('(run reelhouse --help for the list of commands)')
    .configureOutput({
      writeOut: (s) => (io.sink ? io.sink.out(s.trimEnd()) : process.stdout.write(s)),
      writeErr: (s) => (io.sink ? io.sink.err(s.trimEnd()) : process.stderr.write(s)),
    });
  registerNodeCommands(program, io, setExit);
  registerProjectCommands(program, io, setExit);
  registerCloneCommand(program, io, setExit);
  registerOrchestrateCommands(program, io, setExit);
  registerWebCommands(program, io, setExit);
  registerIngestCommands(program, io, setExit);
  // A mistyped option or argument points at that command's own help, not at the list of commands.
  const helpHint = (command: Command, path: string): void => {
    for (const sub of command.commands) {
      const name = `${path} ${sub.name()}`;
      sub.showHelpAfterError(sub.commands.length > 0 ? `(run ${name} --help for its commands)` : `(run ${name} --help for its options)`);
      // An option the command does not take is refused in dbt's words.
      if (sub.commands.length === 0) useNoSuchOption(sub, name, (s) => (io.sink ? io.sink.err(s.trimEnd()) : void process.stderr.write(s)));
      helpHint(sub, name);
    }
  };
  helpHint(program, 'reelhouse');
  // dbt's DBT_* variables fill the flags the command line left out, then the project's flags those left out.
  let action: Command | undefined;
  program.hook('preAction', (_program, command) => {
    action = command;
    applyDbtEnv(command, io.env ?? process.env);
    applyDefaultProjectDir(command, io);
    applyProjectFileFlags(command, io);
    reportVersion(command, io);
    warnModelsFlag(command, io);
    warnIncludeExcludeKeys(command, io);
  });
  const started = performance.now();
  let success = false;

  if (!io.sink) quietOnClosedPipe();
  const debug = argv.includes('--debug') || argv.includes('-d');
  try {
    await program.parseAsync(hoistLeadingFlags(argv), { from: 'user' });
    success = exitCode === 0;
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit with 0; usage mistakes with 2 as dbt does.
      return error.exitCode === 0 ? 0 : 2;
    }
    const err = (s: string): void => (io.sink ? io.sink.err(s) : void process.stderr.write(`${s}\n`));
    const json = jsonLogs(argv, io.sink, action);
    error = fileSystemError(error) ?? error;
    if (isReelhouseError(error)) {
      // an error dbt itself reports (a macro's, while parsing) reads as dbt prints it, as a log line
      const dbtText = error.diagnostic.text;
      const report = dbtText === undefined ? formatDiagnostic(error.diagnostic) : `Encountered an error:\n${dbtText}`;
      const text = debug && error.stack ? `${report}\n${error.stack}` : report;
      if (json) json.event('error', 'MainEncounteredError', text, { diagnostic: error.diagnostic });
      else if (dbtText !== undefined) new Logger({ format: 'text', invocationId: invocationIdOf(io) ?? randomUUID(), ...(io.sink ? { sink: io.sink } : {}) }).event('error', 'MainEncounteredError', text);
      else err(text);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    let text = `Error: ${message}\n  This is a bug in Reelhouse, not in your project. Rerun with --debug for details and report it.`;
    if (debug && error instanceof Error && error.stack) text += `\n${error.stack}`;
    if (json) json.event('error', 'MainEncounteredError', text);
    else err(text);
    return 2;
  } finally {
    // dbt closes with the deprecations it met, then the resource use of every command, failed ones too.
    logDeprecationsSummary(action, io, (flags) => makeLogger(flags, io, invocationIdOf(io)));
    logResourceReport(action, io, success, started);
    flushLogFiles();
  }
}

/**
 * dbt's MainReportVersion, the first line every dbt command prints (`Running with dbt=1.10.0`):
 * here the Reelhouse release. Only dbt's commands (those taking its flags) print it.
 */
function reportVersion(command: Command, io: CliIo): void {
  if (!command.options.some((o) => o.attributeName() === 'showResourceReport')) return;
  const flags = command.opts<ProjectFlags>();
  const logger = makeLogger(flags, io);
  logger.info(`Running with reelhouse=${REELHOUSE_VERSION}`, 'MainReportVersion', { version: `=${REELHOUSE_VERSION}`, log_version: 3 });
  if (!logger.debugging) return;
  let args: Record<string, unknown>;
  try {
    args = dbtInvocationFlags(flags, io, command.name(), projectDirOf(flags, io));
  } catch {
    // A flag too bad to read is the command's to report, in its own words.
    return;
  }
  const reported = mainReportArgs(args, flags);
  logger.debug(`running dbt with arguments ${pyRepr(reported)}`, 'MainReportArgs', { args: reported });
}

/** With `--log-format json` (or DBT_LOG_FORMAT, or the project's flag), errors that end the command are JSON events like every other line. */
function jsonLogs(argv: string[], sink: LogSink | undefined, action: Command | undefined): Logger | undefined {
  const i = argv.indexOf('--log-format');
  const given = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--log-format='))?.slice('--log-format='.length);
  const format = (action?.opts() as { logFormat?: string } | undefined)?.logFormat ?? given;
  if (format?.toLowerCase() !== 'json') return undefined;
  return new Logger({ format: 'json', invocationId: randomUUID(), ...(sink ? { sink } : {}) });
}

/** `reelhouse ls | head` closes stdout early: stop quietly, as a Unix tool does, instead of crashing. */
function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount('error') > 0) continue;
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
}
