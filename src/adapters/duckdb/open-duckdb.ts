import { resolve } from 'node:path';
import { userError } from '../../core/diagnostic.js';
import { WorkerRpc } from '../../core/sync-bridge.js';
import { DuckDbAdapter } from './duckdb-adapter.js';
import { WorkerMethod, type DuckDbOpenOptions, type DuckDbOpened } from './protocol.js';

/**
 * Files this process has open. DuckDB's file lock only stops other processes; two instances
 * on one file inside one process would both write to it, so that is refused here.
 */
const REGISTRY_KEY = Symbol.for('reelhouse.duckdb.openFiles');
const registry = globalThis as unknown as Record<symbol, Set<string> | undefined>;
const openFiles = (registry[REGISTRY_KEY] ??= new Set<string>());

/** Opens (or creates) a DuckDB warehouse in its own worker thread. */
export async function openDuckDb(options: DuckDbOpenOptions): Promise<DuckDbAdapter> {
  const inMemory = options.path === ':memory:' || options.path === '';
  const path = inMemory ? ':memory:' : resolve(options.path);
  const claim = !inMemory && !options.readOnly;
  if (claim && openFiles.has(path)) {
    throw userError(
      'warehouse-locked',
      `The warehouse ${path} is already open in this process.`,
      undefined,
      'Share the open adapter instead of opening the file twice.',
    );
  }
  if (claim) openFiles.add(path);
  const release = (): void => {
    if (claim) openFiles.delete(path);
  };
  const rpc = await WorkerRpc.start(new URL('./worker.js', import.meta.url), { label: 'the DuckDB worker' });
  let opened: DuckDbOpened;
  try {
    opened = await rpc.call<DuckDbOpened>(WorkerMethod.open, { ...options, path });
  } catch (error) {
    release();
    await rpc.close();
    throw error;
  }
  return new DuckDbAdapter(rpc, opened.defaultDatabase, path, opened.version, release);
}
