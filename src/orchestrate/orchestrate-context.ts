import type { Adapter } from '../adapters/adapter.js';
import { openDuckDb, targetOpenOptions } from '../adapters/duckdb/index.js';
import { loadProject } from '../project/load/index.js';
import type { LogSink } from '../run/logger.js';
import type { RunStore } from './run-store.js';

/**
 * Runs a Reelhouse command line in this process and returns its exit code. The CLI passes its
 * own `main` (orchestrate sits below the CLI and cannot import it).
 */
export type CommandRunner = (argv: string[], io: { sink: LogSink; cwd?: string; signal?: AbortSignal }) => Promise<number>;

/** How orchestration code reaches the warehouse: the server's open adapter, or a file it opens for the call. */
export interface WarehouseAccess {
  withAdapter<T>(work: (adapter: Adapter) => Promise<T>): Promise<T>;
}

/** What pipeline runs need from their surroundings. */
export interface OrchestrateContext {
  projectDir: string;
  store: RunStore;
  runCommand: CommandRunner;
  warehouse: WarehouseAccess;
  /** Where run output goes (the terminal, a job stream, a test collector). */
  sink: LogSink;
  /**
   * Serialises work that writes to the warehouse. The server passes its job queue so that a
   * scheduled step and a handed-over CLI build never write at the same time; the CLI runs
   * steps one after the other anyway and leaves it out.
   */
  exclusive?: <T>(work: () => Promise<T>) => Promise<T>;
  /** Profile options for opening the project (as --profiles-dir / --target). */
  profilesDir?: string | undefined;
  target?: string | undefined;
}

/** Warehouse access that opens the project's DuckDB file for each call and closes it afterwards. */
export function openPerCall(projectDir: string, profilesDir?: string, target?: string): WarehouseAccess {
  return {
    async withAdapter(work) {
      const adapter = await openProjectWarehouse(projectDir, profilesDir, target);
      try {
        return await work(adapter);
      } finally {
        await adapter.close();
      }
    },
  };
}

/** Opens the warehouse the project's profile names (the same file `reelhouse build` writes). */
export async function openProjectWarehouse(projectDir: string, profilesDir?: string, target?: string): Promise<Adapter> {
  return (await openProjectWarehouseWithPath(projectDir, profilesDir, target)).adapter;
}

/** Like openProjectWarehouse, also saying which file it opened. */
export async function openProjectWarehouseWithPath(projectDir: string, profilesDir?: string, target?: string): Promise<{ adapter: Adapter; path: string }> {
  const loaded = await loadProject({ projectDir, profilesDir, target, vars: {}, env: process.env });
  const t = loaded.target;
  const adapter = await openDuckDb({
    ...targetOpenOptions(t),
    threads: t.settings?.threads === undefined ? undefined : Number(t.settings.threads),
    projectDir: loaded.projectDir,
  });
  return { adapter, path: t.path };
}

/** A first-come, first-served lock: `run(work)` starts `work` when every earlier one has settled. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  /** How many jobs are queued or running. */
  get size(): number {
    return this.waiting;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    this.waiting++;
    const result = this.tail.then(work, work);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    ).finally(() => {
      this.waiting--;
    });
    return result;
  }
}
