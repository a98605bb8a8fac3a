import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Adapter } from '../adapters/adapter.js';
import type { LogSink } from '../run/logger.js';
import { HttpRouter } from './http-router.js';
import { registerJobRoutes } from './job-routes.js';
import { openProjectWarehouseWithPath, SerialQueue, type CommandRunner, type OrchestrateContext, type WarehouseAccess } from './orchestrate-context.js';
import { loadPipelines } from './pipeline-config.js';
import { RunStore } from './run-store.js';
import { PipelineScheduler } from './scheduler.js';
import { acquireServeLock } from './serve-lock.js';

/** How `reelhouse serve` starts. */
export interface ServeOptions {
  projectDir: string;
  /** 0 picks a free port (tests). Default 8580. */
  port?: number;
  host?: string;
  /** Runs handed-over and pipeline command lines in this process: the CLI's `main`. */
  runCommand: CommandRunner;
  /** Runs command lines that CLI clients hand over through `POST /api/jobs` (default: `runCommand`). */
  runJob?: CommandRunner;
  /** The command line that started the server, recorded in the lock for messages. */
  command?: string;
  profilesDir?: string;
  target?: string;
  /** Arm schedules and file triggers (default true). */
  scheduler?: boolean;
  /** Server and scheduler output (default: the process streams). */
  sink?: LogSink;
  /**
   * Lets sessions opened in this process borrow the server's open warehouse instead of opening
   * the file again (DuckDB admits one opener). Returns the undo.
   */
  shareWarehouse?: (path: string, adapter: Adapter) => () => void;
}

/** A running server; other modules add their routes to `router`. */
export interface ServeHandle {
  projectDir: string;
  url: string;
  port: number;
  host: string;
  server: Server;
  router: HttpRouter;
  /** The warehouse this process owns: writes go through `queue`, reads may use `{ session: 'reader' }` at any time. */
  adapter: Adapter;
  /** One warehouse-writing job at a time: handed-over commands and pipeline steps. */
  queue: SerialQueue;
  store: RunStore;
  /** The context pipeline runs in this process use. */
  context: OrchestrateContext;
  scheduler: PipelineScheduler | undefined;
  close(): Promise<void>;
}

const active = new Map<string, ServeHandle>();

/** The server this process runs for a project, if any (commands inside `serve` use its context). */
export function activeServe(projectDir: string): ServeHandle | undefined {
  return active.get(resolve(projectDir));
}

const processSink: LogSink = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/**
 * Starts the process that owns the warehouse: claims `.reelhouse/serve.json`, closes runs a
 * killed predecessor left open, opens the warehouse, serves the localhost API and runs the
 * scheduler.
 */
export async function startServe(options: ServeOptions): Promise<ServeHandle> {
  const projectDir = resolve(options.projectDir);
  const host = options.host ?? '127.0.0.1';
  const sink = options.sink ?? processSink;
  const command = options.command ?? `reelhouse serve --project-dir ${projectDir}`;
  const release = acquireServeLock(projectDir, { port: 0, host, command, startedAt: new Date().toISOString() });
  const cleanups: (() => Promise<void> | void)[] = [release];
  const cleanup = async (): Promise<void> => {
    for (const fn of cleanups.reverse()) await fn();
  };
  try {
    const store = new RunStore(projectDir);
    for (const run of store.recoverAbandoned()) sink.err(`[${run.pipeline}] run ${run.id} was left running by pid ${run.pid}; marked failed`);
    const pipelines = loadPipelines(projectDir);
    const { adapter, path } = await openProjectWarehouseWithPath(projectDir, options.profilesDir, options.target);
    cleanups.push(() => adapter.close());
    if (options.shareWarehouse) cleanups.push(options.shareWarehouse(path, adapter));
    const queue = new SerialQueue();
    const warehouse: WarehouseAccess = { withAdapter: (work) => work(adapter) };
    const context: OrchestrateContext = {
      projectDir,
      store,
      runCommand: options.runCommand,
      warehouse,
      sink,
      exclusive: (work) => queue.run(work),
      profilesDir: options.profilesDir,
      target: options.target,
    };
    const router = new HttpRouter();
    const server = createServer(router.listener());
    server.keepAliveTimeout = 1_000;
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(options.port ?? 8580, host, () => ok());
    });
    cleanups.push(
      () =>
        new Promise<void>((ok) => {
          server.close(() => ok());
          server.closeAllConnections();
        }),
    );
    const port = (server.address() as AddressInfo).port;
    // Claim again now that the port is known (same pid: rewrites the lock).
    acquireServeLock(projectDir, { port, host, command, startedAt: new Date().toISOString() });
    const scheduler = options.scheduler === false ? undefined : new PipelineScheduler(context, pipelines.pipelines);
    let closing: Promise<void> | undefined;
    const handle: ServeHandle = {
      projectDir,
      url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
      port,
      host,
      server,
      router,
      adapter,
      queue,
      store,
      context,
      scheduler,
      close: () =>
        (closing ??= (async () => {
          active.delete(projectDir);
          await scheduler?.stop();
          await queue.run(async () => undefined);
          await cleanup();
        })()),
    };
    // Jobs a CLI client hands over (they carry its working directory) may run through their own
    // runner, so the web app can record them; pipeline steps started by the API keep `runCommand`.
    const jobRunner = options.runJob;
    const jobContext: OrchestrateContext = jobRunner
      ? { ...context, runCommand: (argv, io) => (io.cwd !== undefined ? jobRunner(argv, io) : options.runCommand(argv, io)) }
      : context;
    registerJobRoutes(router, { ...handle, context: jobContext }, pipelines);
    active.set(projectDir, handle);
    scheduler?.start();
    sink.out(`Serving ${projectDir} at ${handle.url} (pid ${process.pid})`);
    return handle;
  } catch (error) {
    await cleanup();
    throw error;
  }
}
