// dbt's --defer: refs to nodes this target has not built read the relations of a production manifest.
import { resolve } from 'node:path';
import { userError } from '../core/diagnostic.js';
import type { CompiledNode } from '../project/types.js';
import type { ProjectSession } from '../run/project-session.js';
import type { CliIo } from './cli-context.js';
import { readState } from './commands/node-commands.js';
import type { SelectionFlags } from './global-options.js';

const REFABLE = new Set(['model', 'seed', 'snapshot']);

/**
 * With --defer, gives every model, seed and snapshot that the --defer-state (or --state) manifest
 * also has a `defer_relation`, as dbt's merge_from_artifact does; ref() then reads it when the node
 * is not built here (or, with --favor-state, when it is not selected). Returns how many nodes can defer.
 */
export async function applyDefer(session: ProjectSession, flags: SelectionFlags, io: CliIo): Promise<number> {
  if (!flags.defer) {
    if (flags.favorState || flags.deferState) session.logger.debug('--favor-state and --defer-state act only with --defer');
    return 0;
  }
  const dir = flags.deferState ?? flags.state;
  if (dir === undefined) {
    throw userError('usage', '--state or --defer-state are required for deferral, but neither was provided', undefined,
      'Point --defer-state (or --state) at the target folder of a production run, which holds its manifest.json.');
  }
  const { manifest: state } = await readState(resolve(io.cwd ?? process.cwd(), dir));
  let count = 0;
  for (const [id, node] of Object.entries(session.manifest.nodes)) {
    const other = state.nodes?.[id] as CompiledNode | undefined;
    if (!other || !REFABLE.has(node.resource_type) || !REFABLE.has(other.resource_type)) continue;
    if ((other.config as { materialized?: string } | undefined)?.materialized === 'ephemeral') continue;
    // dbt's DeferRelation, field for field: manifest.json records it on the node.
    (node as CompiledNode & { defer_relation?: unknown }).defer_relation = {
      database: other.database,
      schema: other.schema,
      alias: other.alias ?? other.name,
      relation_name: other.relation_name ?? null,
      resource_type: other.resource_type,
      name: other.name,
      description: other.description ?? '',
      compiled_code: other.resource_type === 'seed' ? '' : (other.compiled_code ?? null),
      meta: other.meta ?? {},
      tags: other.tags ?? [],
      config: other.config ?? null,
    };
    count++;
  }
  session.logger.debug(`--defer: ${count} nodes may read their relation from the manifest in ${dir}`);
  return count;
}
