// The lines dbt's compile and show print before they run their nodes, as every dbt command that
// compiles the project does: `Found ...` once the manifest is compiled, then the Concurrency line
// framed by blank lines once there are nodes to run.
import { foundLine } from '../../run/found-line.js';
import type { Logger } from '../../run/logger.js';
import type { ProjectSession } from '../../run/project-session.js';

/** dbt's FoundStats line; an inline query is counted as the `sql operation` dbt adds for it. */
export function logFoundStats(session: ProjectSession, logger: Logger, inline: boolean): void {
  const line = foundLine(session.manifest, inline ? ['sql_operation'] : []);
  logger.info(line, 'FoundStats', { stat_line: line.replace(/^Found /u, '') });
}

/** dbt's blank line, ConcurrencyLine and blank line before it runs `nodeCount` nodes. */
export function logConcurrency(session: ProjectSession, logger: Logger, nodeCount: number): void {
  const target = session.loaded.target.name;
  logger.info('');
  logger.info(`Concurrency: ${session.threads} threads (target='${target}')`, 'ConcurrencyLine', { num_threads: session.threads, target_name: target, node_count: nodeCount });
  logger.info('');
}
