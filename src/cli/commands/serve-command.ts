import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Command } from 'commander';
import { isReelhouseError, userError } from '../../core/diagnostic.js';
import { startServe, type CommandRunner, type ServeHandle } from '../../orchestrate/index.js';
import { shareWarehouse } from '../../run/project-session.js';
import type { Logger } from '../../run/logger.js';
import { BuildEventHub, CommandRunLog, createProjectWebApp, mountWebApp, orchestratorRuns, withCommandRuns, type WebAppHandler } from '../../server/index.js';
import { makeLogger, projectDirOf, sessionFor, type CliIo } from '../cli-context.js';
import type { ProjectFlags } from '../global-options.js';
import { main } from '../main.js';
import { rootArgs } from './warehouse-owner.js';

/** Flags of `reelhouse serve`. */
export interface ServeFlags extends ProjectFlags {
  port?: string;
  host?: string;
  scheduler?: boolean;
  sqlExplorer?: boolean;
}

/** Commands whose own steps run (and are recorded) as pipeline runs, or that only read history. */
const NOT_RECORDED = new Set(['pipeline', 'runs']);

/**
 * `reelhouse serve`: owns the warehouse until SIGINT/SIGTERM. Commands handed to it run through
 * the CLI's `main` in this process and borrow its open warehouse through the run layer's
 * `shareWarehouse`; the web app answers dashboards on the warehouse's read-only snapshot
 * session meanwhile and follows every build over server-sent events.
 */
export async function serveCommand(flags: ServeFlags, io: CliIo, command: Command, until?: Promise<void>): Promise<number> {
  const port = flags.port === undefined ? 8580 : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw userError('serve-port-invalid', `--port must be a port number, got '${flags.port}'`);
  const logger = makeLogger(flags, io);
  // Listen for SIGINT/SIGTERM from the start: a stop asked for while the server is still starting
  // (the lock already names it) must still end in a clean stop, not the default kill.
  const signals = until ? undefined : stopSignal();
  const stopRequested = until ?? signals!.received;
  const events = new BuildEventHub();
  const commands = new CommandRunLog();
  let web: WebApp | undefined;
  const afterCommand = (): void => {
    // Artifacts (and dashboards, if the project changed) are read again for the next requests.
    void web?.reload();
  };
  const runCommand: CommandRunner = async (argv, runIo) => {
    try {
      return await main(argv, { ...runIo, onEvent: events.listener });
    } finally {
      afterCommand();
    }
  };
  const runJob: CommandRunner = async (argv, runIo) => {
    if (NOT_RECORDED.has(argv[0] ?? '')) return main(argv, { ...runIo, onEvent: events.listener });
    const recorded = commands.start(argv);
    let code = 2;
    try {
      code = await main(argv, {
        ...runIo,
        onEvent: (e) => {
          recorded.onEvent(e);
          events.listener(e);
        },
      });
      return code;
    } finally {
      recorded.finish(code);
      afterCommand();
    }
  };
  const handle = await startServe({
    projectDir: projectDirOf(flags, io),
    port,
    host: flags.host ?? '127.0.0.1',
    runCommand,
    runJob,
    command: ['reelhouse', ...rootArgs(command)].join(' '),
    profilesDir: flags.profilesDir,
    target: flags.target,
    scheduler: flags.scheduler !== false,
    ...(io.sink ? { sink: io.sink } : {}),
    shareWarehouse,
  }).catch((error: unknown) => {
    signals?.dispose();
    throw error;
  });
  try {
    web = await openWebApp(flags, io, logger, handle, { events, commands, sqlExplorer: flags.sqlExplorer === true });
  } catch (error) {
    signals?.dispose();
    await handle.close();
    throw error;
  }
  mountWebApp(handle, web.handler);
  logger.info(`Web app: ${handle.url}/ (dashboards, docs, lineage, runs)`, 'ServingWebApp', { url: handle.url, port: handle.port });
  await stopRequested;
  (io.sink?.out ?? ((l: string) => process.stdout.write(`${l}\n`)))('Stopping: waiting for running jobs to finish...');
  web.close();
  await handle.close();
  await web.dispose();
  return 0;
}

/** `received` resolves on the first SIGINT or SIGTERM (listening from now on until `dispose`). */
function stopSignal(): { received: Promise<void>; dispose: () => void } {
  let stop = (): void => undefined;
  const received = new Promise<void>((done) => {
    stop = (): void => {
      dispose();
      done();
    };
  });
  const dispose = (): void => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return { received, dispose };
}

/** The web app of a running server, rebuilt from a fresh project session after each command. */
interface WebApp {
  handler: WebAppHandler;
  reload(): Promise<void>;
  close(): void;
  dispose(): Promise<void>;
}

async function openWebApp(
  flags: ServeFlags,
  io: CliIo,
  logger: Logger,
  serve: ServeHandle,
  options: { events: BuildEventHub; commands: CommandRunLog; sqlExplorer: boolean },
): Promise<WebApp> {
  const runs = withCommandRuns(orchestratorRuns(serve), options.commands);
  // The session only reads the project (manifest, renderer for dashboards' ref()); queries go to the served warehouse.
  const build = async (): Promise<{ handler: WebAppHandler; close: () => Promise<void> }> => {
    const session = await sessionFor(flags, io, logger, 'serve', false);
    try {
      const { handler, dashboards } = createProjectWebApp(
        { ...session, adapter: undefined },
        { warehouse: async () => serve.adapter, runs, events: options.events, sqlExplorer: options.sqlExplorer },
      );
      for (const d of dashboards.diagnostics) logger.diagnostic({ ...d, severity: 'warning' });
      return { handler, close: () => session.close() };
    } catch (error) {
      await session.close();
      throw error;
    }
  };
  let current = await build();
  let reloading: Promise<void> | undefined;
  let again = false;
  const reload = async (): Promise<void> => {
    if (reloading) {
      again = true;
      return reloading;
    }
    reloading = (async () => {
      do {
        again = false;
        try {
          const next = await build();
          const previous = current;
          current = next;
          // Not previous.handler.close(): that would end the shared event streams.
          await previous.close();
        } catch (error) {
          // A project broken mid-edit: keep serving the last good app.
          logger.warn(`The web app keeps its previous state: ${isReelhouseError(error) ? error.diagnostic.message : String(error)}`);
        }
      } while (again);
    })().finally(() => {
      reloading = undefined;
    });
    return reloading;
  };
  const handler = (async (req: IncomingMessage, res: ServerResponse) => current.handler(req, res)) as WebAppHandler;
  handler.close = () => options.events.close();
  return {
    handler,
    reload,
    close: () => options.events.close(),
    dispose: async () => {
      await reloading;
      await current.close();
    },
  };
}
