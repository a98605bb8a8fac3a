import { userError } from '../../core/diagnostic.js';
import { selectNodes } from '../../graph/index.js';
import type { CompiledNode } from '../../project/types.js';
import { makeLogger, sessionFor, type CliIo } from '../cli-context.js';
import type { SelectionFlags } from '../global-options.js';
import { formatTable } from './format-table.js';
import { stateOf } from './node-commands.js';
import { applyDefer } from '../defer.js';

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
  const session = await sessionFor(flags, io, logger, 'show', true, { DEFER: flags.defer ?? false, FAVOR_STATE: flags.favorState ?? false });
  try {
    await applyDefer(session, flags, io);
    let sql: string;
    let label: string;
    if (flags.inline !== undefined) {
      sql = session.renderer.renderString(flags.inline);
      label = 'inline node';
    } else {
      // --state makes state: and result: selectors usable here, as on every dbt command.
      const state = await stateOf(flags, io);
      const { selected, warnings } = selectNodes(session.manifest, session.graph, {
        select,
        exclude: flags.exclude,
        selector: flags.selector,
        selectors: session.loaded.selectors,
        state: state?.manifest,
        previousResults: state?.runResults,
        resourceTypes: ['model', 'seed', 'snapshot', 'test', 'analysis'],
        indirectSelection: 'empty',
      });
      for (const w of warnings) logger.diagnostic(w);
      const nodes = selected.map((id) => session.manifest.nodes[id]).filter((n): n is CompiledNode => n !== undefined);
      const node = nodes[0];
      if (!node) throw userError('select-empty', `--select ${select.join(' ')} matches no model, seed, snapshot, test or analysis`);
      // dbt show previews one node; say so rather than silently dropping the others.
      if (nodes.length > 1) logger.info(`${nodes.length} nodes match; previewing the first: ${nodes.map((n) => n.name).join(', ')}`, 'ShowManyMatches');
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
