import type { RelationRef, RelationType } from '../adapters/adapter.js';
import { runHooks } from './hooks.js';
import { dropStale, replaceInTransaction, stagingRelation, targetRelation } from './relations.js';
import type { SqlRunner } from './sql-runner.js';
import type { MaterializeContext, NodeExecution } from './types.js';

/** How one relation-building materialization creates its staged relation. */
export interface RelationBuild {
  type: RelationType;
  /** Creates the staged relation (on the transaction's session when there is one). */
  create: (staged: RelationRef, session: string | undefined) => Promise<void>;
}

/**
 * Builds a node's relation under a staging name and puts it in place of the old one,
 * running hooks where dbt runs them:
 * pre-hooks (transaction: false) -> [begin] pre-hooks (true) -> build -> replace -> post-hooks (true) [commit]
 * -> post-hooks (transaction: false).
 *
 * With transactional DDL (DuckDB) the build, the drop of the old relation and the rename
 * all happen in one transaction, so a failing statement, a failing in-transaction hook or a
 * killed process leaves the old relation exactly as it was. The same path serves views:
 * DuckDB's `create or replace view` cannot replace a table, while drop + rename in one
 * transaction switches between views and tables in either direction.
 */
export async function buildRelation(ctx: MaterializeContext, runner: SqlRunner, build: RelationBuild): Promise<NonNullable<NodeExecution['relation']>> {
  const target = targetRelation(ctx.node);
  const staged = stagingRelation(ctx.node);
  await runner.createSchema(target);
  await runHooks(ctx, runner, { kind: 'pre-hook', insideTransaction: false });
  await dropStale(runner, staged);
  const existing = await runner.getRelation(target);

  if (runner.adapter.capabilities.transactionalDdl) {
    await runner.transaction(async (session) => {
      await runHooks(ctx, runner, { kind: 'pre-hook', insideTransaction: true }, session);
      await build.create(staged, session);
      await replaceInTransaction(runner, session, staged, target, build.type, existing);
      await runHooks(ctx, runner, { kind: 'post-hook', insideTransaction: true }, session);
    });
  } else {
    await runHooks(ctx, runner, { kind: 'pre-hook', insideTransaction: true });
    try {
      await build.create(staged, undefined);
      await runner.swapRelation(staged, target, build.type);
    } catch (error) {
      await dropStale(runner, staged).catch(() => undefined);
      throw error;
    }
    await runHooks(ctx, runner, { kind: 'post-hook', insideTransaction: true });
  }

  await runHooks(ctx, runner, { kind: 'post-hook', insideTransaction: false });
  return { ...target, type: build.type };
}
