import type { RelationInfo, RelationRef, RelationType, SqlDialect } from '../adapters/adapter.js';
import type { CompiledNode } from '../project/types.js';
import type { SqlRunner } from './sql-runner.js';

/**
 * Suffix of the relation a node is built under before it replaces the real one: dbt-duckdb's
 * intermediate relation, so target/run files and database errors name what dbt's name.
 */
export const STAGING_SUFFIX = '__dbt_tmp';

/** The relation a node materializes into. */
export function targetRelation(node: CompiledNode): Required<RelationRef> {
  return { database: node.database, schema: node.schema, identifier: node.alias };
}

/** The staging relation a node is built under. */
export function stagingRelation(node: CompiledNode): Required<RelationRef> {
  return { ...targetRelation(node), identifier: `${node.alias}${STAGING_SUFFIX}` };
}

/**
 * The model's SQL ready to be wrapped in `(...)` on lines of its own, so a trailing `--`
 * comment cannot swallow the closing parenthesis. A trailing semicolon is kept: dbt wraps
 * the SQL as written, so such a model fails with the database's syntax error there too.
 */
export function wrappableSql(sql: string): string {
  return sql.replace(/\s+$/u, '');
}

/** `alter table|view <staged> rename to <identifier>`. */
export function renameSql(dialect: SqlDialect, from: RelationRef, toIdentifier: string, type: RelationType): string {
  return `alter ${type === 'view' ? 'view' : 'table'} ${dialect.renderRelation(from)} rename to ${dialect.quoteIdentifier(toIdentifier)}`;
}

/** `drop table|view if exists <relation>`. */
export function dropSql(dialect: SqlDialect, relation: RelationRef, type: RelationType): string {
  return `drop ${type === 'view' ? 'view' : 'table'} if exists ${dialect.renderRelation(relation)}`;
}

/**
 * Names a killed build may have left beside a node's relation: the staging relation and the
 * backup relation of dbt's table and view materializations (`__dbt_backup`), which dbt drops
 * before building when a previous run left them.
 */
export function leftoverRelations(node: CompiledNode): Required<RelationRef>[] {
  return [stagingRelation(node), { ...targetRelation(node), identifier: `${node.alias}__dbt_backup` }];
}

/** Drops whichever of `relations` a killed or failed run left behind (one catalog read: they share the target's prefix). */
export async function dropStale(runner: SqlRunner, ...relations: RelationRef[]): Promise<void> {
  const found = await runner.getRelations(relations);
  for (const [i, stale] of found.entries()) if (stale) await runner.dropRelation(relations[i]!, stale.type);
}

/**
 * Builds `staged` (already created on `session`) into `target`'s place inside the same
 * transaction: whatever stood there (table or view) is dropped and the staged relation renamed.
 */
export async function replaceInTransaction(
  runner: SqlRunner,
  session: string,
  staged: RelationRef,
  target: RelationRef,
  type: RelationType,
  existing: RelationInfo | undefined,
): Promise<void> {
  const dialect = runner.adapter.dialect;
  if (existing) await runner.run(dropSql(dialect, target, existing.type), session);
  await runner.run(renameSql(dialect, staged, target.identifier, type), session);
}
