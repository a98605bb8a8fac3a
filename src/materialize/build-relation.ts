import type { QueryResult, RelationRef, RelationType } from '../adapters/adapter.js';
import { toHooks } from '../project/index.js';
import { runHooks } from './hooks.js';
import { applyGrants } from './grants.js';
import { missingColumnsWarning, persistDocs, persistsDocs } from './persist-docs.js';
import { createIndexes, hasIndexes } from './indexes.js';
import { withLookupChain } from './approximate-match.js';
import { dropSql, dropStale, leftoverRelations, renameSql, replaceInTransaction, stagingRelation, targetRelation } from './relations.js';
import type { SqlRunner } from './sql-runner.js';
import type { MaterializeContext, NodeExecution } from './types.js';

/** How one relation-building materialization creates its staged relation. */
export interface RelationBuild {
  type: RelationType;
  /** Creates the staged relation (on the transaction's session when there is one). */
  create: (staged: RelationRef, session: string | undefined) => Promise<void>;
  /** The single statement `create` runs, when it is one: lets the whole build go to the warehouse in one call. */
  createSql?: ((staged: RelationRef) => string) | undefined;
  /** The create statement writes the model's sql_header itself (a project's create macro, as dbt's does). */
  headerInCreate?: boolean;
  /** Given the warehouse's answer to `createSql` when the one-call build ran it (a create-as answers with its row count). */
  created?: (answer: QueryResult) => void;
  /**
   * Created under the target's own name, with no staging relation to rename: dbt-duckdb builds an
   * incremental model's first table so, there being nothing to replace. Should the target stand
   * after all, the staged build below runs instead.
   */
  inPlace?: boolean;
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
  const hints = ctx.relationHints;
  if (await buildInOneBatch(ctx, runner, build, build.inPlace ? target : stagingRelation(ctx.node), target)) {
    applyGrants(ctx);
    await hints?.built(leftoverRelations(ctx.node), target, build.type);
    return { ...target, type: build.type };
  }
  await runner.createSchema(target);
  // dbt's materialization looks its target up before any hook runs; a relation named so only in
  // another letter case fails there (the lookup after the hooks below reads what they left).
  await runner.getRelation(target).catch((error: unknown) => {
    throw withLookupChain(error, build.type === 'view' ? 'view' : ctx.node.resource_type === 'seed' ? 'seed' : String(ctx.node.config['materialized'] ?? 'table'));
  });
  await runHooks(ctx, runner, { kind: 'pre-hook', insideTransaction: false });
  await dropStale(runner, ...leftoverRelations(ctx.node));
  const existing = await runner.getRelation(target);
  const inPlace = build.inPlace === true && !existing;
  const staged = inPlace ? target : stagingRelation(ctx.node);

  if (runner.adapter.capabilities.transactionalDdl) {
    await runner.transaction(async (session) => {
      await runHooks(ctx, runner, { kind: 'pre-hook', insideTransaction: true }, session);
      if (!build.headerInCreate) await runSqlHeader(ctx, runner, session);
      await build.create(staged, session);
      if (!inPlace) await replaceInTransaction(runner, session, staged, target, build.type, existing);
      if (build.type === 'table') await createIndexes(ctx.node, runner, target, session);
      await runHooks(ctx, runner, { kind: 'post-hook', insideTransaction: true }, session);
      await commentRelation(ctx, runner, target, build.type, session);
    });
  } else {
    await runHooks(ctx, runner, { kind: 'pre-hook', insideTransaction: true });
    try {
      if (!build.headerInCreate) await runSqlHeader(ctx, runner, undefined);
      await build.create(staged, undefined);
      if (!inPlace) await runner.swapRelation(staged, target, build.type);
      if (build.type === 'table') await createIndexes(ctx.node, runner, target, undefined);
    } catch (error) {
      await dropStale(runner, staged).catch(() => undefined);
      throw error;
    }
    await runHooks(ctx, runner, { kind: 'post-hook', insideTransaction: true });
    await commentRelation(ctx, runner, target, build.type, undefined);
  }

  await hints?.built(leftoverRelations(ctx.node), target, build.type);
  await runHooks(ctx, runner, { kind: 'post-hook', insideTransaction: false });
  return { ...target, type: build.type };
}

/**
 * The common case in one round trip: no hooks, a single create statement, transactional DDL.
 * `begin; create <staged>; rename <staged> to <target>; commit`, with a drop before the create
 * for each leftover of an earlier run and before the rename for the old relation, sent only
 * where the invocation's listing of the schema (see relation-hints.ts) shows one; without one,
 * every `drop ... if exists` is sent. No introspection per node: in DuckDB each lookup costs a catalog scan.
 * When a drop or rename fails (the old relation is of the other type, the listing was out of
 * date, the schema was dropped) the batch rolls back and the caller's step-by-step path runs; the
 * model's own SQL failing fails the node at once, as sending it again would fail it the same way.
 * Built in place (`staged` is the target), the batch is the drops and the create alone.
 */
async function buildInOneBatch(
  ctx: MaterializeContext,
  runner: SqlRunner,
  build: RelationBuild,
  staged: RelationRef,
  target: Required<RelationRef>,
): Promise<boolean> {
  if (!build.createSql || !runner.adapter.capabilities.transactionalDdl) return false;
  if (build.type !== 'table' && build.type !== 'view') return false;
  if (toHooks(ctx.node.config['pre-hook']).length > 0 || toHooks(ctx.node.config['post-hook']).length > 0) return false;
  if ((sqlHeader(ctx) !== '' && !build.headerInCreate) || persistsDocs(ctx.node) || hasIndexes(ctx.node)) return false;
  if (!runner.schemaKnown(target)) await runner.createSchema(target);
  const dialect = runner.adapter.dialect;
  const listed = await ctx.relationHints?.schema(target);
  // A relation named so only in another letter case is dbt's approximate match: the step-by-step path looks it up and fails as dbt does.
  const spelled = await ctx.relationHints?.standing(target);
  if (spelled && (spelled.identifier !== target.identifier || spelled.schema !== target.schema)) return false;
  const standing = (ref: RelationRef): RelationType | undefined => (listed ? listed.get(ref.identifier.toLowerCase()) : build.type);
  // A leftover of the other type fails its drop, and the step-by-step path drops it by its type.
  const drops = leftoverRelations(ctx.node).flatMap((leftover) => (standing(leftover) ? [dropSql(dialect, leftover, build.type)] : []));
  const create = build.createSql(staged);
  const old = build.inPlace ? undefined : standing(target);
  const replace = build.inPlace ? [] : [...(old ? [dropSql(dialect, target, old)] : []), renameSql(dialect, staged, target.identifier, build.type)];
  // The create goes as a text of its own: a failure there is the model's, reported at once.
  const done = await runner.tryTransactionBatch([...drops, create, ...replace], [create], drops.length);
  if (done?.answer) build.created?.(done.answer);
  return done !== undefined;
}

/** The model's `sql_header` config (set by `set_sql_header` or config), or ''. */
export function sqlHeader(ctx: MaterializeContext): string {
  const header = ctx.node.config['sql_header'];
  return typeof header === 'string' ? header.trim() : '';
}

/**
 * Runs the model's `sql_header` on the session that builds the relation, as dbt prepends it to
 * the create statement: a header's temporary macros and settings are the build's to use, the
 * contract check's included.
 */
export async function runSqlHeader(ctx: MaterializeContext, runner: SqlRunner, session: string | undefined): Promise<void> {
  const header = sqlHeader(ctx);
  if (header !== '') await runner.run(header, session);
}

/**
 * dbt's apply_grants and persist_docs after the relation took its name: grants only warn on
 * DuckDB; documented columns the relation lacks are warned about, as dbt does.
 */
export async function commentRelation(ctx: MaterializeContext, runner: SqlRunner, target: RelationRef, type: RelationType, session: string | undefined): Promise<void> {
  applyGrants(ctx);
  if (!persistsDocs(ctx.node)) return;
  const missing = await persistDocs(ctx.node, runner, target, type, session);
  // Warnings reach the console through the node's Jinja context, like a macro's exceptions.warn.
  if (missing.length > 0) ctx.renderHook(`{% do exceptions.warn(${JSON.stringify(missingColumnsWarning(runner.adapter.dialect.renderRelation(target), missing))}) %}`);
}
