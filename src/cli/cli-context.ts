import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Logger, type LoggerOptions, type LogSink } from '../run/logger.js';
import { openSession, type ProjectSession } from '../run/project-session.js';
import { parseThreads, parseVars, type ProjectFlags } from './global-options.js';

/** Streams a command writes to; tests pass collectors. */
export interface CliIo {
  sink?: LogSink;
  cwd?: string;
  /** Receives every logged event as data (a server's live progress). */
  onEvent?: LoggerOptions['onEvent'];
  /** Cancels the command (a pipeline step's timeout): its warehouse statements are interrupted. */
  signal?: AbortSignal;
}

/** Builds the logger every command prints through. */
export function makeLogger(flags: ProjectFlags, io: CliIo, invocationId = randomUUID()): Logger {
  return new Logger({
    format: flags.logFormat === 'json' ? 'json' : 'text',
    quiet: flags.quiet ?? false,
    noPrint: flags.print === false,
    debug: flags.debug ?? false,
    invocationId,
    ...(io.sink ? { sink: io.sink } : {}),
    ...(io.onEvent ? { onEvent: io.onEvent } : {}),
    timestamps: !process.env.REELHOUSE_NO_TIMESTAMPS,
  });
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
): Promise<ProjectSession> {
  return openSession({
    projectDir: projectDirOf(flags, io),
    profilesDir: flags.profilesDir ? resolve(io.cwd ?? process.cwd(), flags.profilesDir) : undefined,
    target: flags.target,
    vars: parseVars(flags.vars),
    threads: parseThreads(flags.threads),
    flags: { WHICH: which, ...extraFlags },
    logger,
    connect,
    invocationId: logger.invocationId,
    signal: io.signal,
  });
}
