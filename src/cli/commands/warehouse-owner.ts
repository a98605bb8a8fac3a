import { Option, type Command } from 'commander';
import { userError } from '../../core/diagnostic.js';
// The lock file alone, not the orchestrate layer: every warehouse-writing command reads it.
import { readLiveServeLock } from '../../orchestrate/serve-lock.js';
import { projectDirOf, type CliIo } from '../cli-context.js';
import type { ProjectFlags } from '../global-options.js';

/** Flags of commands that write to the warehouse. */
export interface OwnerFlags extends ProjectFlags {
  /** false with --no-server: never hand the job to a running server. */
  server?: boolean;
}

/** Adds `--no-server` to a command that writes to the warehouse. */
export function withServerFlag(cmd: Command): Command {
  return cmd.addOption(new Option('--no-server', 'fail at once if `reelhouse serve` holds the warehouse instead of handing it the job'));
}

/**
 * Runs a warehouse-writing command here, or, when a live `reelhouse serve` owns the project's
 * warehouse, hands the same command line to that server and streams its output back. With
 * --no-server it fails at once naming the server's PID and command. `command` is the commander
 * command the action belongs to (its last action argument); its root holds the raw arguments.
 */
export async function withWarehouseOwner(flags: OwnerFlags, io: CliIo, command: Command, runLocally: () => Promise<number>): Promise<number> {
  const projectDir = projectDirOf(flags, io);
  const lock = readLiveServeLock(projectDir);
  // No server, or this process is the server (a job it is running): do the work here.
  if (!lock || lock.pid === process.pid) return runLocally();
  if (flags.server === false) {
    throw userError('warehouse-locked', `The warehouse of ${projectDir} is held by reelhouse serve (pid ${lock.pid}: ${lock.command}).`,
      undefined, `Run the command without --no-server to hand it to that server, or stop the server (kill ${lock.pid}).`);
  }
  const argv = rootArgs(command).filter((a) => a !== '--no-server');
  const sink = io.sink ?? {
    out: (line: string) => void process.stdout.write(`${line}\n`),
    err: (line: string) => void process.stderr.write(`${line}\n`),
  };
  sink.err(`Handing this command to reelhouse serve (pid ${lock.pid}, port ${lock.port}), which holds the warehouse.`);
  const { submitJob } = await import('../../orchestrate/serve-client.js');
  return submitJob(lock, argv, sink, io.cwd ?? process.cwd());
}

/** The arguments the whole command line was parsed from. */
export function rootArgs(command: Command): string[] {
  let root = command;
  while (root.parent) root = root.parent;
  // commander keeps the parsed argument list on the root command (untyped but stable since v2).
  const raw = (root as unknown as { rawArgs?: string[] }).rawArgs;
  if (!raw) throw new Error('cannot hand the command to the server: its arguments are unknown');
  return [...raw];
}
