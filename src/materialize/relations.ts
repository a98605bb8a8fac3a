import type { RelationInfo, RelationRef, RelationType, SqlDialect } from '../adapters/adapter.js';
import type { CompiledNode } from '../project/types.js';
import type { SqlRunner } from './sql-runner.js';

/** Suffix of the relation a node is built under before it replaces the real one. */
export const STAGING_SUFFIX = '__rh_tmp';

/** The relation a node materializes into. */
export function targetRelation(node: CompiledNode): Required<RelationRef> {
  return { database: node.database, schema: node.schema, identifier: node.alias };
}

/** The staging relation a node is built under. */
export function stagingRelation(node: CompiledNode): Required<RelationRef> {
  return { ...targetRelation(node), identifier: `${node.alias}${STAGING_SUFFIX}` };
}

/**
 * The model's SQL ready to be wrapped in `(...)`: trailing semicolons would end the
 * statement early and a trailing `--` comment would swallow the closing parenthesis.
 */
export function wrappableSql(sql: string): string {
  return sql.replace(/[\s;]+$/u, '');
}

/** `alter table|view <staged> rename to <identifier>`. */
export function renameSql(dialect: SqlDialect, from: RelationRef, toIdentifier: string, type: RelationType): string {
  return `alter ${type === 'view' ? 'view' : 'table'} ${dialect.renderRelation(from)} rename to ${dialect.quoteIdentifier(toIdentifier)}`;
}

/** `drop table|view if exists <relation>`. */
export function dropSql(dialect: SqlDialect, relation: RelationRef, type: RelationType): string {
  return `drop ${type === 'view' ? 'view' : 'table'} if exists ${dialect.renderRelation(relation)}`;
}

/** Drops a staging relation a killed or failed run left behind. */
export async function dropStale(runner: SqlRunner, staged: RelationRef): Promise<void> {
  const stale = await runner.getRelation(staged);
  if (stale) await runner.dropRelation(staged, stale.type);
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
