import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { userError } from '../core/diagnostic.js';
import { parseYaml } from '../project/load/index.js';
import { isRecord } from '../project/load/yaml-file.js';
import { setPrinterWidth, type Logger, type LoggerOptions, type LogSink } from '../run/logger.js';
import { openSession, type ProjectSession } from '../run/project-session.js';
import { CliLogger, type DbtLogLevel } from './cli-logger.js';
import { parseCount } from './dbt-flags.js';
import { parseThreads, parseVars, type ProjectFlags } from './global-options.js';
import { LogFile } from './log-file.js';
import { deprecationCounter } from './deprecations-summary.js';
import { dbtInvocationFlags } from './invocation-flags.js';
import { parseWarnErrorOptions, WARN_EVERYTHING, WARN_NOTHING, warnErrorPolicyOf, type WarnErrorPolicy } from './warn-error.js';

/** Streams a command writes to; tests pass collectors. */
export interface CliIo {
  sink?: LogSink;
  cwd?: string;
  /** Receives every logged event as data (a server's live progress). */
  onEvent?: LoggerOptions['onEvent'];
  /** Cancels the command (a pipeline step's timeout): its warehouse statements are interrupted. */
  signal?: AbortSignal;
  /** Where DBT_* flag variables are read from; process.env when omitted. */
  env?: NodeJS.ProcessEnv;
  /** The command line as given, after the program name (dbt's flags.INVOCATION_COMMAND). */
  argv?: string[];
}

/** The invocation id of the command last started with each CliIo, for events logged once it is done (dbt's ResourceReport). */
const invocationIds = new WeakMap<CliIo, string>();

/** The invocation id the command run with `io` logged under, if it made a logger. */
export function invocationIdOf(io: CliIo): string | undefined {
  return invocationIds.get(io);
}

// The invocations whose `Registered adapter` line was printed.
const announcedAdapters = new Set<string>();

/** Builds the logger every command prints through, with dbt's logging, colour and warn-error flags applied. */
export function makeLogger(flags: ProjectFlags, io: CliIo, invocationId = invocationIds.get(io) ?? randomUUID()): CliLogger {
  invocationIds.set(io, invocationId);
  // dbt: --quiet wins over --debug, which wins over --log-level.
  const consoleLevel: DbtLogLevel = flags.quiet ? 'error' : flags.debug ? 'debug' : ((flags.logLevel as DbtLogLevel | undefined) ?? 'info');
  const format = flags.logFormat === 'json' ? 'json' : 'text';
  // Colours by default only on a terminal (never into a pipe, a file or a test's collector). dbt
  // colours a pipe too unless told --no-use-colors; plain text there keeps CI logs and the tools
  // that read them (which strip the codes) readable, and --use-colors still forces colour.
  const colors = flags.useColors ?? (!io.sink && process.stdout.isTTY === true);
  setPrinterWidth(parseCount('--printer-width', flags.printerWidth, 80));
  return new CliLogger({
    format,
    quiet: false,
    noPrint: flags.print === false,
    invocationId,
    ...(io.sink ? { sink: io.sink } : {}),
    ...(io.onEvent ? { onEvent: io.onEvent } : {}),
    ...(io.env ? { env: io.env } : {}),
    timestamps: !process.env.REELHOUSE_NO_TIMESTAMPS,
    debugLines: flags.logFormat === 'debug' && !process.env.REELHOUSE_NO_TIMESTAMPS,
    consoleLevel,
    warnError: flags.warnError === undefined && flags.warnErrorOptions === undefined ? projectWarnErrorPolicy(projectDirOf(flags, io)) : warnErrorPolicy(flags),
    colors,
    file: logFileOf(flags, io, colors),
    deprecations: deprecationCounter(io),
    showAllDeprecations: (flags as Record<string, unknown>)['showAllDeprecations'] === true,
  });
}

/** `--warn-error` or `--warn-error-options`; dbt refuses both at once. */
export function warnErrorPolicy(flags: ProjectFlags): WarnErrorPolicy {
  if (flags.warnError && flags.warnErrorOptions !== undefined) {
    throw userError('usage', 'Give --warn-error or --warn-error-options, not both', undefined, "--warn-error is --warn-error-options '{\"error\": \"all\"}'.");
  }
  if (flags.warnError) return WARN_EVERYTHING;
  return flags.warnErrorOptions === undefined ? WARN_NOTHING : parseWarnErrorOptions(flags.warnErrorOptions);
}

/**
 * logs/dbt.log (or --log-path): written for commands on a project, at --log-level-file (debug by
 * default), in --log-format-file. As in dbt, a --log-level, --log-format or --use-colors given
 * without its -file twin applies to the file too.
 */
function logFileOf(flags: ProjectFlags, io: CliIo, colors: boolean) {
  const cwd = io.cwd ?? process.cwd();
  const projectDir = projectDirOf(flags, io);
  if (flags.logPath === undefined && !existsSync(join(projectDir, 'dbt_project.yml'))) return undefined;
  const dir = flags.logPath !== undefined ? resolve(cwd, flags.logPath) : resolve(projectDir, projectLogPath(projectDir) ?? 'logs');
  const level = (flags.logLevelFile as DbtLogLevel | undefined) ?? ((flags.logLevel as DbtLogLevel | undefined) ?? 'debug');
  if (level === 'none') return undefined;
  // dbt's file formats: `text` and `json` as named, `debug` and `default` both the debug lines.
  const fileFormat = flags.logFormatFile ?? flags.logFormat ?? 'debug';
  return {
    log: new LogFile(join(dir, 'dbt.log'), parseCount('--log-file-max-bytes', flags.logFileMaxBytes, 10 * 1024 * 1024, true)),
    level,
    format: fileFormat === 'json' ? ('json' as const) : fileFormat === 'text' ? ('text' as const) : ('debug' as const),
    colors: flags.useColorsFile ?? (flags.useColors === true && colors),
  };
}

/**
 * dbt_project.yml `flags:` (or profiles.yml's deprecated `config:`) fill the flags neither the
 * command line nor a DBT_* variable gave (dbt's precedence). dbt_project.yml's warn_error settings
 * were already applied when the logger was made; profiles.yml's apply from here on.
 */
function applyProjectFlags(flags: ProjectFlags & { failFast?: boolean }, project: Record<string, unknown>, logger: Logger): void {
  const flag = (name: string): unknown => project[name];
  if (flags.warnError === undefined && flags.warnErrorOptions === undefined && logger instanceof CliLogger) {
    if (flag('warn_error') === true) logger.warnError = WARN_EVERYTHING;
    else if (flag('warn_error_options') !== undefined) logger.warnError = warnErrorPolicyOf(flag('warn_error_options'), 'flags: warn_error_options in dbt_project.yml');
  }
  if (flags.writeJson === undefined && typeof flag('write_json') === 'boolean') flags.writeJson = flag('write_json') as boolean;
  if (flags.failFast === undefined && typeof flag('fail_fast') === 'boolean') flags.failFast = flag('fail_fast') as boolean;
  if (flags.printerWidth === undefined && typeof flag('printer_width') === 'number') setPrinterWidth(flag('printer_width') as number);
}

/** dbt_project.yml as written (not rendered), or undefined where there is none or it does not read. */
function rawProjectYaml(projectDir: string): Record<string, unknown> | undefined {
  try {
    const file = join(projectDir, 'dbt_project.yml');
    if (!existsSync(file)) return undefined;
    const doc = parseYaml(readFileSync(file, 'utf8'), file).value;
    return isRecord(doc) ? doc : undefined;
  } catch {
    // An unreadable project is reported when the project loads.
    return undefined;
  }
}

/**
 * dbt_project.yml's `log-path` (deprecated, still honoured by dbt when neither --log-path nor
 * DBT_LOG_PATH is given), read as written: the log opens before the project is rendered.
 */
function projectLogPath(projectDir: string): string | undefined {
  const value = rawProjectYaml(projectDir)?.['log-path'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * `flags: warn_error` / `warn_error_options` from dbt_project.yml, read as written before the
 * project is parsed (as dbt reads its project flags), so warnings raised while parsing it (a
 * deprecated model, a top-level test argument) are escalated or silenced as they say.
 */
function projectWarnErrorPolicy(projectDir: string): WarnErrorPolicy {
  const flags = rawProjectYaml(projectDir)?.['flags'];
  if (!isRecord(flags)) return WARN_NOTHING;
  if (flags['warn_error'] === true) return WARN_EVERYTHING;
  if (flags['warn_error_options'] !== undefined) return warnErrorPolicyOf(flags['warn_error_options'], 'flags: warn_error_options in dbt_project.yml');
  return WARN_NOTHING;
}

/** The project folder a command works on. */
export function projectDirOf(flags: ProjectFlags, io: CliIo): string {
  return resolve(io.cwd ?? process.cwd(), flags.projectDir ?? '.');
}

/** Opens the project for a command, with dbt's `flags` as templates see them. */
export async function sessionFor(
  flags: ProjectFlags,
  io: CliIo,
  logger: Logger,
  which: string,
  connect: boolean,
  extraFlags: Record<string, unknown> = {},
  holdParseLogs = false,
): Promise<ProjectSession> {
  const projectDir = projectDirOf(flags, io);
  const session = await openSession({
    projectDir,
    profilesDir: flags.profilesDir ? resolve(io.cwd ?? process.cwd(), flags.profilesDir) : undefined,
    profile: flags.profile,
    target: flags.target,
    vars: parseVars(flags.vars),
    threads: parseThreads(flags.threads),
    flags: { ...dbtInvocationFlags(flags, io, which, projectDir), ...extraFlags },
    logger,
    connect,
    invocationId: logger.invocationId,
    signal: io.signal,
    holdParseLogs,
    // Retry opens the project twice; dbt registers the adapter once, and not at all to serve the
    // docs site (dbt's docs serve reads no manifest).
    announceAdapter: which !== 'serve' && !announcedAdapters.has(logger.invocationId) && announcedAdapters.add(logger.invocationId).size > 0,
  });
  applyProjectFlags(flags, session.loaded.project.flags, logger);
  if (flags.targetPath !== undefined) {
    // dbt reads --target-path relative to the project folder; an absolute one is kept as given
    // (compiled_path and build_path then begin with it, as os.path.join leaves them).
    session.loaded.project.targetPath = flags.targetPath;
  }
  return session;
}
