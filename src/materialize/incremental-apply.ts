import type { ColumnInfo } from '../adapters/adapter.js';
import type { CompiledNode } from '../project/types.js';
import { onSchemaChange } from './incremental-config.js';
import { canReadQueryDirectly, type QueryReads } from './delta-source.js';
import { readMergeKeys, type KeyRange } from './key-range.js';
import { appendSql, deleteInsertSql, mergeSql, type StrategyInput } from './incremental-strategies.js';
import { mergeSpec } from './merge-clauses.js';
import { wrappableSql } from './relations.js';
import { planSchemaChange } from './schema-change.js';
import { WarehouseError, type SqlRunner } from './sql-runner.js';

/** One delta to apply to an existing incremental table. */
export interface DeltaSpec {
  /** The SELECT producing the new rows. */
  sql: string;
  strategy: 'append' | 'merge' | 'delete+insert';
  uniqueKey: string[];
  /** unique_key was configured as a list, not a string. */
  keyIsList?: boolean;
  predicates: string[];
}

/** Name of the session-local table the new rows are staged in. */
export function deltaTableName(node: CompiledNode): string {
  return `${node.alias}__rh_delta`;
}

/**
 * Writes the new rows into the target with the strategy, inside the caller's transaction (a
 * failure anywhere leaves the target untouched), and returns the rows written. First the
 * target's columns are reconciled per `on_schema_change` (DDL strictly before DML, which
 * DuckDB requires within a transaction). The statements read the model's query directly when
 * that is known to give the same rows as a copy (see delta-source.ts); otherwise, or when the
 * target's columns change, the rows are staged in a temp table first and read from there.
 */
export async function applyDelta(node: CompiledNode, runner: SqlRunner, session: string, targetSql: string, delta: DeltaSpec): Promise<number> {
  const dialect = runner.adapter.dialect;
  const query = `(\n${wrappableSql(delta.sql)}\n)`;
  const sourceColumns = await describe(runner, session, query);
  const targetColumns = await describe(runner, session, targetSql);
  if (delta.strategy === 'merge' || delta.strategy === 'delete+insert') assertKeyColumns(node, delta.uniqueKey, sourceColumns);
  const plan = planSchemaChange(dialect, targetSql, sourceColumns, targetColumns, onSchemaChange(node), node.name);
  const direct = plan.statements.length === 0 && (await canReadQueryDirectly(runner, session, query, node.alias, queryReads(delta)));
  let source = query;
  let staged: string | undefined;
  if (!direct) {
    staged = `temp.main.${dialect.quoteIdentifier(deltaTableName(node))}`;
    await runner.run(`create or replace temp table ${dialect.quoteIdentifier(deltaTableName(node))} as ${query}`, session);
    source = staged;
    for (const statement of plan.statements) await runner.run(statement, session);
  }

  // merge: one query over the new rows tells whether a key repeats (merge refuses that) and the
  // range of the keys, which bounds the target side of the match (DuckDB would otherwise probe
  // every target row). delete+insert needs no bound: DuckDB already prunes the target by the
  // keys of its IN list.
  let ranges: KeyRange[] = [];
  if (delta.strategy === 'merge' && delta.uniqueKey.length > 0) {
    const keys = await readMergeKeys(runner, session, source, delta.uniqueKey, { source: sourceColumns, target: targetColumns });
    if (keys.duplicates) await reportDuplicateKeys(node, runner, session, source, targetSql, delta.uniqueKey);
    ranges = keys.ranges;
  }

  const input: StrategyInput = {
    dialect,
    target: targetSql,
    source,
    columns: plan.columns,
    uniqueKey: delta.uniqueKey,
    keyIsList: delta.keyIsList,
    predicates: delta.predicates,
    keyRanges: ranges,
  };
  let statements: string[];
  if (delta.strategy === 'merge') {
    statements = mergeSql({ ...input, merge: mergeSpec(node) });
  } else if (delta.strategy === 'delete+insert') statements = deleteInsertSql(input);
  else statements = appendSql(input);

  let written = 0;
  for (const statement of statements) {
    const result = await runner.runMain(statement, session);
    if (!statement.startsWith('delete')) written += result.rowsChanged;
  }
  if (staged) await runner.run(`drop table if exists ${staged}`, session);
  return written;
}

/** How the strategy's statements will read the query. */
function queryReads(delta: DeltaSpec): QueryReads {
  if (delta.strategy === 'append') return 'once';
  if (delta.strategy === 'delete+insert' && delta.uniqueKey.length === 0) return delta.predicates.length === 0 ? 'once' : 'once-after-delete';
  return 'several';
}

async function describe(runner: SqlRunner, session: string, relationSql: string): Promise<ColumnInfo[]> {
  return (await runner.run(`select * from ${relationSql} limit 0`, session)).columns;
}

/**
 * A unique_key naming no column of the model (a typo, or a column renamed in the SQL) would
 * otherwise fail inside the generated key query; said as the config mistake it is.
 */
function assertKeyColumns(node: CompiledNode, keys: readonly string[], columns: readonly ColumnInfo[]): void {
  const names = new Set(columns.map((c) => c.name.toLowerCase()));
  // Only plain names are checked: anything else is an expression the strategies may accept.
  const missing = keys.filter((k) => /^[\p{L}_][\p{L}\p{N}_$]*$/u.test(k) && !names.has(k.toLowerCase()));
  if (missing.length === 0) return;
  throw new WarehouseError(
    `unique_key ${missing.map((k) => `'${k}'`).join(', ')} of incremental model ${node.name} is not a column of its query (it returns ${columns.map((c) => c.name).join(', ')}). ` +
      'Fix unique_key in the config, or select the key column in the model.',
  );
}

/** A MERGE with two new rows for a key of the target would update it twice; say which key instead of failing obscurely. */
async function reportDuplicateKeys(node: CompiledNode, runner: SqlRunner, session: string, source: string, target: string, keys: string[]): Promise<void> {
  const dialect = runner.adapter.dialect;
  const q = (k: string) => dialect.quoteIdentifier(k);
  const cols = keys.map((k) => `s.${q(k)}`).join(', ');
  // Only a key the target already holds is matched, so only then would a row be updated twice;
  // new rows repeating a new key are all inserted, as MERGE inserts every unmatched row.
  const matched = `exists (select 1 from ${target} as t where ${keys.map((k) => `t.${q(k)} = s.${q(k)}`).join(' and ')})`;
  const dupes = await runner.run(`select ${cols}, count(*) as n from ${source} as s where ${matched} group by all having count(*) > 1 limit 5`, session);
  if (dupes.rows.length === 0) return;
  const shown = dupes.rows.map((r) => `(${keys.map((k, i) => `${k}=${JSON.stringify(r[i])}`).join(', ')}): ${String(r[keys.length])} rows`).join('; ');
  throw new WarehouseError(
    `Incremental model ${node.name} returned several rows for the same unique_key [${keys.join(', ')}], so merge cannot tell which one to keep: ${shown}.`,
  );
}
