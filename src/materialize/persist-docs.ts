// dbt's persist_docs: a model's YAML descriptions written into the warehouse as comments
// (`comment on table|view ... is '...'`, `comment on column ...`), so that the catalog,
// `docs generate` and any SQL client see them.
import type { RelationRef, RelationType } from '../adapters/adapter.js';
import type { CompiledNode } from '../project/types.js';
import type { SqlRunner } from './sql-runner.js';

interface PersistDocs {
  relation: boolean;
  columns: boolean;
}

function persistDocsOf(node: CompiledNode): PersistDocs {
  const cfg = (node.config['persist_docs'] ?? {}) as Record<string, unknown>;
  return { relation: cfg['relation'] === true, columns: cfg['columns'] === true };
}

/** True when building `node` ends with comment statements (its config asks for docs it has). */
export function persistsDocs(node: CompiledNode): boolean {
  const want = persistDocsOf(node);
  return (want.relation && (node.description ?? '') !== '') || (want.columns && Object.keys(node.columns ?? {}).length > 0);
}

/**
 * Comments `relation` with the node's description and its existing columns with theirs, on
 * `session` (inside the build's transaction, after the relation took its final name, as dbt
 * does). Documented columns the relation lacks are skipped; their names are returned.
 */
export async function persistDocs(node: CompiledNode, runner: SqlRunner, relation: RelationRef, type: RelationType, session: string | undefined): Promise<string[]> {
  const want = persistDocsOf(node);
  const dialect = runner.adapter.dialect;
  const name = dialect.renderRelation(relation);
  const description = node.description ?? '';
  if (want.relation && description !== '') {
    await runner.run(`comment on ${type === 'view' ? 'view' : 'table'} ${name} is ${dialect.quoteString(description)}`, session);
  }
  const documented = Object.values(node.columns ?? {});
  if (!want.columns || documented.length === 0) return [];
  const catalog = relation.database ? `table_catalog = ${dialect.quoteString(relation.database)} and ` : '';
  const existing = (
    await runner.run(
      `select column_name from information_schema.columns where ${catalog}table_schema = ${dialect.quoteString(relation.schema)} and table_name = ${dialect.quoteString(relation.identifier)} order by ordinal_position`,
      session,
    )
  ).rows.map((r) => String(r[0]));
  const missing: string[] = [];
  for (const column of documented) {
    // A quoted column must match exactly; an unquoted one names the column as the warehouse folds it.
    const found = column.quote === true ? existing.find((c) => c === column.name) : existing.find((c) => c.toLowerCase() === column.name.toLowerCase());
    if (found === undefined) {
      missing.push(column.name);
      continue;
    }
    await runner.run(`comment on column ${name}.${dialect.quoteIdentifier(found)} is ${dialect.quoteString(column.description ?? '')}`, session);
  }
  return missing;
}

/** dbt's warning (validate_doc_columns) for documented columns the built relation, rendered as `relation`, does not have. */
export function missingColumnsWarning(relation: string, missing: string[]): string {
  return `In relation ${relation}: The following columns are specified in the schema but are not present in the database: ${missing.join(', ')}`;
}
