// The lines dbt's graph commands print before they run their nodes: `Found ...` once the
// manifest is compiled, then the Concurrency line framed by blank lines once there are nodes
// (or the NothingToDo warning when there are none); before them, the adapter's registration.
import { duckDbEngineVersion } from '../adapters/duckdb/index.js';
import type { Manifest } from '../project/types.js';
import { foundLine } from './found-line.js';
import type { Logger } from './logger.js';
import type { ProjectSession } from './project-session.js';

/** dbt's AdapterRegistered line, `Registered adapter: duckdb=1.5.5`: the profile's adapter and the DuckDB release it embeds. */
export function logAdapterRegistered(logger: Logger, adapterType: string): void {
  const version = duckDbEngineVersion();
  logger.info(`Registered adapter: ${adapterType}=${version}`, 'AdapterRegistered', { adapter_name: adapterType, adapter_version: `=${version}` });
}

/** dbt's FoundStats line; with `inline`, the query is counted as the `sql operation` dbt adds for it. */
export function logFoundStats(logger: Logger, manifest: Manifest, inline = false): void {
  const line = foundLine(manifest, inline ? ['sql_operation'] : []);
  logger.info(line, 'FoundStats', { stat_line: line.replace(/^Found /u, '') });
}

/** dbt's blank line, ConcurrencyLine and blank line before it runs `nodeCount` nodes. */
export function logConcurrency(logger: Logger, session: ProjectSession, nodeCount: number): void {
  const target = session.loaded.target.name;
  logger.info('');
  logger.info(`Concurrency: ${session.threads} threads (target='${target}')`, 'ConcurrencyLine', { num_threads: session.threads, target_name: target, node_count: nodeCount });
  logger.info('');
}

/** dbt's NothingToDo warning, for a selection with no node to run. */
export function logNothingToDo(logger: Logger): void {
  logger.warn('Nothing to do. Try checking your model configs and model specification args', 'NothingToDo');
}
