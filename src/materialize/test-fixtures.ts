// Shared by this folder's tests: a real DuckDB file in a temp dir and nodes shaped like the loader's.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Adapter } from '../adapters/adapter.js';
import { openDuckDb } from '../adapters/duckdb/index.js';
import type { CompiledNode, NodeConfig } from '../project/types.js';
import type { MaterializeContext } from './types.js';

/** A warehouse file in a fresh temp dir, closed and removed by `dispose`. */
export interface TestWarehouse {
  adapter: Adapter;
  dir: string;
  database: string;
  /** Runs a query and returns its rows as objects. */
  rows(sql: string): Promise<Record<string, unknown>[]>;
  dispose(): Promise<void>;
}

/** Opens a real DuckDB file in a temp dir. */
export async function openTestWarehouse(): Promise<TestWarehouse> {
  const dir = await mkdtemp(join(tmpdir(), 'rh-materialize-'));
  const adapter = await openDuckDb({ path: join(dir, 'warehouse.duckdb') });
  return {
    adapter,
    dir,
    database: adapter.defaultDatabase,
    async rows(sql) {
      const result = await adapter.execute(sql);
      return result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c.name, row[i]])));
    },
    async dispose() {
      await adapter.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A compiled node as the run layer hands it over. */
export function makeNode(
  database: string,
  partial: Partial<Omit<CompiledNode, 'config'>> & { name: string; config?: Partial<NodeConfig> },
): CompiledNode {
  const resource = partial.resource_type ?? 'model';
  const config: NodeConfig = {
    enabled: true,
    materialized: resource === 'seed' ? 'seed' : resource === 'test' ? 'test' : 'view',
    tags: [],
    meta: {},
    'pre-hook': [],
    'post-hook': [],
    ...partial.config,
  };
  const { config: _ignored, ...rest } = partial;
  const folder = resource === 'seed' ? 'seeds' : resource === 'test' ? 'tests' : 'models';
  return {
    unique_id: `${resource}.shop.${partial.name}`,
    resource_type: resource,
    package_name: 'shop',
    fqn: ['shop', partial.name],
    original_file_path: `${folder}/${partial.name}.${resource === 'seed' ? 'csv' : 'sql'}`,
    path: `${partial.name}.${resource === 'seed' ? 'csv' : 'sql'}`,
    description: '',
    meta: {},
    tags: [],
    origin: { file: `${folder}/${partial.name}`, root: '/' },
    alias: partial.name,
    database,
    schema: 'main',
    relation_name: `"${database}"."main"."${partial.name}"`,
    raw_code: partial.compiled_code ?? '',
    language: 'sql',
    unrendered_config: {},
    columns: {},
    refs: [],
    sources: [],
    depends_on: { nodes: [], macros: [] },
    checksum: { name: 'sha256', checksum: '' },
    docs: { show: true },
    patch_path: null,
    ...rest,
    config,
  };
}

/** A materialize context with the defaults a plain `reelhouse run` uses. */
export function makeContext(adapter: Adapter, node: CompiledNode, extra: Partial<MaterializeContext> = {}): MaterializeContext {
  return {
    node,
    adapter,
    renderHook: (sql) => sql,
    fullRefresh: false,
    storeFailuresDefault: false,
    targetSchema: 'main',
    ...extra,
  };
}
