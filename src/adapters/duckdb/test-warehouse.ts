/** Test support: a DuckDB warehouse file in a fresh temporary directory. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDbAdapter } from './duckdb-adapter.js';
import { openDuckDb } from './open-duckdb.js';
import type { DuckDbOpenOptions } from './protocol.js';

/** A warehouse for one test file; `dispose` closes it and removes the directory. */
export interface TestWarehouse {
  adapter: DuckDbAdapter;
  dir: string;
  path: string;
  dispose(): Promise<void>;
}

/** Opens `warehouse.duckdb` in a new temp directory. */
export async function openTestWarehouse(options: Omit<DuckDbOpenOptions, 'path'> = {}): Promise<TestWarehouse> {
  const dir = mkdtempSync(join(tmpdir(), 'reelhouse-duckdb-'));
  const path = join(dir, 'warehouse.duckdb');
  const adapter = await openDuckDb({ ...options, path });
  return {
    adapter,
    dir,
    path,
    async dispose() {
      await adapter.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
