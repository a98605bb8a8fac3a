import { commentRelation, runSqlHeader } from './build-relation.js';
import { assertContractColumns, contractEnforced, jinjaWarning } from './contract.js';
import { reloadByDay } from './day-reload.js';
import { runHooks } from './hooks.js';
import { applyDelta } from './incremental-apply.js';
import { applyCustomStrategy, customStrategyMacro } from './incremental-custom.js';
import { incrementalPredicates, incrementalStrategy, isMicrobatch, shouldFullRefresh, uniqueKeyColumns } from './incremental-config.js';
import type { Materialization } from './materialization.js';
import { microbatchMaterialization } from './microbatch.js';
import { leftoverRelations, targetRelation } from './relations.js';
import type { SqlRunner } from './sql-runner.js';
import { buildTable } from './table.js';
import type { BuildOutcome, MaterializeContext } from './types.js';

/**
 * dbt's `incremental` materialization. The first build, a `--full-refresh` (unless the
 * `full_refresh` config says otherwise) and a target that is not a table go through the
 * atomic table path (the first build creating the table in place). Otherwise the new rows are staged and written with the strategy in one
 * transaction together with the in-transaction hooks, so a failure or a killed process
 * leaves the table as it was. Whether to build incrementally is decided here from the
 * warehouse, independently of how is_incremental() rendered.
 */
export const incrementalMaterialization: Materialization = {
  name: 'incremental',
  async build(ctx, runner) {
    const node = ctx.node;
    if (!customStrategyMacro(node, ctx.jinja) && isMicrobatch(node)) return microbatchMaterialization.build(ctx, runner);
    if (ctx.dayReload) return reloadByDay(ctx, runner, ctx.dayReload, buildIncrementalOnce);
    return buildIncrementalOnce(ctx, runner);
  },
};

/** One incremental run of the model's compiled SQL: the atomic table path or one delta transaction. */
async function buildIncrementalOnce(ctx: MaterializeContext, runner: SqlRunner): Promise<BuildOutcome> {
  const node = ctx.node;
  const target = targetRelation(node);
  const leftovers = leftoverRelations(node);
  // dbt's delete+insert deletes the target rows whose key the new rows carry (narrowed by
  // incremental_predicates); without a unique_key it only inserts, and the predicates delete nothing.
  const uniqueKey = uniqueKeyColumns(node.config['unique_key']);
  // Whether the target is a table to add to (then its schema exists) and whether a killed
  // full build left its staging relation behind: one catalog read, usually already made by
  // is_incremental() while rendering. The table path creates the schema itself.
  const [existing, ...stale] = await runner.getRelations([target, ...leftovers]);
  // As dbt-duckdb: the first build creates the table under its own name, there being nothing to
  // replace; a full refresh, or a view in the way, builds under the intermediate name and swaps.
  if (!existing) return buildTable(ctx, runner, true);
  if (existing.type !== 'table' || shouldFullRefresh(node, ctx.fullRefresh)) return buildTable(ctx, runner);
  // A strategy the root project or the model's package defines a get_incremental_<name>_sql macro
  // for runs that macro. As dbt, the strategy is looked up only now, for an incremental build.
  const strategy = customStrategyMacro(node, ctx.jinja) ?? incrementalStrategy(node);
  if (strategy === 'microbatch') throw new Error('microbatch models are built batch by batch');

  const targetSql = runner.adapter.dialect.renderRelation(target);
  await runHooks(ctx, runner, { kind: 'pre-hook', insideTransaction: false });
  for (const [i, found] of stale.entries()) if (found) await runner.dropRelation(leftovers[i]!, found.type);
  const rows = await runner.transaction(async (session) => {
    await runHooks(ctx, runner, { kind: 'pre-hook', insideTransaction: true }, session);
    await runSqlHeader(ctx, runner, session);
    // dbt checks the contract when it stages the new rows too, so a query that drifted from its
    // contract fails before any row is written, not only on the first or a full-refresh build.
    if (contractEnforced(node)) await assertContractColumns(node, runner, session, jinjaWarning(ctx));
    const written =
      typeof strategy !== 'string'
        ? await applyCustomStrategy(node, runner, session, strategy)
        : await applyDelta(node, runner, session, targetSql, {
            sql: node.compiled_code ?? '',
            strategy,
            uniqueKey,
            keyIsList: Array.isArray(node.config['unique_key']),
            predicates: strategy === 'delete+insert' && uniqueKey.length === 0 ? [] : incrementalPredicates(node),
          });
    await runHooks(ctx, runner, { kind: 'post-hook', insideTransaction: true }, session);
    await commentRelation(ctx, runner, target, 'table', session);
    return written;
  });
  await runHooks(ctx, runner, { kind: 'post-hook', insideTransaction: false });
  // dbt-duckdb's adapter answers every statement with `OK` (no row count in the message), so an
  // incremental build reports `[OK in 0.12s]` like a table; the row count stays in rows_affected.
  return { status: 'success', message: 'OK', rowsAffected: rows, code: 'INSERT', relation: { ...target, type: 'table' } };
}
