import type { Command } from 'commander';
import { userError } from '../../core/diagnostic.js';
import { startServe } from '../../orchestrate/index.js';
import { shareWarehouse } from '../../run/project-session.js';
import { projectDirOf, type CliIo } from '../cli-context.js';
import type { ProjectFlags } from '../global-options.js';
import { main } from '../main.js';
import { rootArgs } from './warehouse-owner.js';

/** Flags of `reelhouse serve`. */
export interface ServeFlags extends ProjectFlags {
  port?: string;
  host?: string;
  scheduler?: boolean;
}

/**
 * `reelhouse serve`: owns the warehouse until SIGINT/SIGTERM. Commands handed to it run through
 * the CLI's `main` in this process and borrow its open warehouse through the run layer's
 * `shareWarehouse`.
 */
export async function serveCommand(flags: ServeFlags, io: CliIo, command: Command): Promise<number> {
  const port = flags.port === undefined ? 8580 : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw userError('serve-port-invalid', `--port must be a port number, got '${flags.port}'`);
  const handle = await startServe({
    projectDir: projectDirOf(flags, io),
    port,
    host: flags.host ?? '127.0.0.1',
    runCommand: (argv, runIo) => main(argv, runIo),
    command: ['reelhouse', ...rootArgs(command)].join(' '),
    profilesDir: flags.profilesDir,
    target: flags.target,
    scheduler: flags.scheduler !== false,
    ...(io.sink ? { sink: io.sink } : {}),
    shareWarehouse,
  });
  await new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  (io.sink?.out ?? ((l: string) => process.stdout.write(`${l}\n`)))('Stopping: waiting for running jobs to finish...');
  await handle.close();
  return 0;
}
