// The `indexes` config (dbt-postgres' shape, which dbt-duckdb honours): indexes created on a
// table each time the table itself is created, never on an incremental insert into it.
import { createHash } from 'node:crypto';
import type { RelationRef } from '../adapters/adapter.js';
import type { CompiledNode } from '../project/types.js';
import { userError } from '../core/diagnostic.js';
import type { SqlRunner } from './sql-runner.js';

interface IndexSpec {
  columns: string[];
  unique: boolean;
}

function indexSpecs(node: CompiledNode): IndexSpec[] {
  const raw = node.config['indexes'];
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw userError('indexes-config', `${node.name}: indexes must be a list of {columns: [...], unique: true|false}`);
  return raw.map((entry, i) => {
    const spec = (entry ?? {}) as { columns?: unknown; unique?: unknown };
    const columns = Array.isArray(spec.columns) ? spec.columns.map(String) : typeof spec.columns === 'string' ? [spec.columns] : [];
    if (columns.length === 0) throw userError('indexes-config', `${node.name}: index ${i + 1} names no columns`);
    return { columns, unique: spec.unique === true };
  });
}

/** True when the node asks for indexes. */
export function hasIndexes(node: CompiledNode): boolean {
  return indexSpecs(node).length > 0;
}

/**
 * Creates the node's indexes on `relation`, which must already carry its final name: DuckDB
 * cannot rename a table that has indexes. Names are derived from the relation, the columns and
 * the index's position, so a rebuild recreates the same names and two identical specs differ.
 */
export async function createIndexes(node: CompiledNode, runner: SqlRunner, relation: RelationRef, session: string | undefined): Promise<void> {
  const dialect = runner.adapter.dialect;
  const specs = indexSpecs(node);
  for (const [i, spec] of specs.entries()) {
    const digest = createHash('md5').update(`${relation.schema}.${relation.identifier}|${spec.columns.join(',')}|${spec.unique}|${i}`).digest('hex');
    const columns = spec.columns.map((c) => dialect.quoteIdentifier(c)).join(', ');
    await runner.run(`create ${spec.unique ? 'unique ' : ''}index ${dialect.quoteIdentifier(digest)} on ${dialect.renderRelation(relation)} (${columns})`, session);
  }
}
