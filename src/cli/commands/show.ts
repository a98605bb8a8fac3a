import { userError } from '../../core/diagnostic.js';
import { selectNodes } from '../../graph/index.js';
import type { CompiledNode } from '../../project/types.js';
import { makeLogger, sessionFor, type CliIo } from '../cli-context.js';
import type { SelectionFlags } from '../global-options.js';
import { formatTable } from './format-table.js';

/** dbt show: runs a node's compiled SQL (or inline SQL) and previews its first rows. */
export async function showCommand(
  flags: SelectionFlags & { inline?: string; limit?: string; output?: string },
  io: CliIo,
): Promise<number> {
  const logger = makeLogger(flags, io);
  const limit = flags.limit === undefined ? 5 : Number(flags.limit);
  if (!Number.isInteger(limit) || limit < -1) throw userError('usage', `--limit must be a whole number (or -1 for all), got '${flags.limit}'`);
  const select = [...(flags.select ?? []), ...(flags.models ?? [])];
  if (flags.inline === undefined && select.length === 0) {
    throw userError('usage', 'show needs --select NODE or --inline SQL', undefined, "For example: reelhouse show --select stg_users --limit 10");
  }
  const session = await sessionFor(flags, io, logger, 'show', true);
  try {
    let sql: string;
    let label: string;
    if (flags.inline !== undefined) {
      sql = session.renderer.renderString(flags.inline);
      label = 'inline node';
    } else {
      const { selected } = selectNodes(session.manifest, session.graph, {
        select,
        exclude: flags.exclude,
        resourceTypes: ['model', 'seed', 'snapshot', 'test', 'analysis'],
        indirectSelection: 'empty',
      });
      const node = selected.map((id) => session.manifest.nodes[id]).find((n): n is CompiledNode => n !== undefined);
      if (!node) throw userError('select-empty', `--select ${select.join(' ')} matches no model, seed, snapshot, test or analysis`);
      sql = node.resource_type === 'seed' ? `select * from ${node.relation_name}` : session.renderer.compile(node, session.manifest);
      label = `node '${node.name}'`;
    }
    const body = sql.trim().replace(/;\s*$/, '');
    const query = limit === -1 ? body : `select * from (\n${body}\n) as reelhouse_show limit ${limit}`;
    const result = await session.adapter!.execute(query);
    if (flags.output === 'json') {
      const rows = result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c.name, row[i]])));
      logger.result(JSON.stringify({ show: rows }, null, 2), 'ShowNode', { preview: rows });
    } else {
      logger.result(`Previewing ${label}:\n${formatTable(result.columns.map((c) => c.name), result.rows)}`, 'ShowNode');
    }
    return 0;
  } finally {
    await session.close();
  }
}
