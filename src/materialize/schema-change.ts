import type { ColumnInfo, SqlDialect } from '../adapters/adapter.js';
import type { OnSchemaChange } from './incremental-config.js';
import { userError, type MacroFrame } from '../core/diagnostic.js';
import { Column } from '../project/context/column.js';
import { pyRepr } from '../templating/index.js';

/** How the new rows' columns differ from the target table's. */
export interface SchemaChanges {
  /** Columns the model returns that the target lacks. */
  added: ColumnInfo[];
  /** Columns the target has that the model no longer returns. */
  removed: ColumnInfo[];
  /** Columns in both whose type changed. */
  retyped: { name: string; from: string; to: string }[];
}

/** What to do about schema changes: DDL to run first, and the columns to write. */
export interface SchemaChangePlan {
  changes: SchemaChanges;
  /** ALTER statements, to run before any DML (DuckDB refuses to alter a table it modified in the same transaction). */
  statements: string[];
  /** Columns written into the target, in the target's order after the changes. */
  columns: string[];
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Compares the staged rows' columns with the target's (names case-insensitively, as DuckDB does). */
export function diffColumns(source: ColumnInfo[], target: ColumnInfo[]): SchemaChanges {
  const added = source.filter((s) => !target.some((t) => same(t.name, s.name)));
  const removed = target.filter((t) => !source.some((s) => same(t.name, s.name)));
  const retyped: SchemaChanges['retyped'] = [];
  for (const s of source) {
    const t = target.find((c) => same(c.name, s.name));
    if (t && t.dataType.toUpperCase() !== s.dataType.toUpperCase()) retyped.push({ name: t.name, from: t.dataType, to: s.dataType });
  }
  return { added, removed, retyped };
}

/** True when nothing about the columns changed. */
export function unchanged(changes: SchemaChanges): boolean {
  return changes.added.length === 0 && changes.removed.length === 0 && changes.retyped.length === 0;
}

/**
 * dbt's message for on_schema_change='fail' (its process_schema_changes macro, as the global
 * macro in this project words it): the changed columns as dbt-duckdb's column reprs and the
 * changed types as dicts, printed as Python prints those lists.
 */
export function schemaChangeFailMessage(changes: SchemaChanges): string {
  const columns = (list: ColumnInfo[]): string => `[${list.map((c) => String(new Column(c.name, c.dataType))).join(', ')}]`;
  const types = `[${changes.retyped.map((c) => `{'column_name': ${pyRepr(c.name)}, 'new_type': ${pyRepr(c.to)}}`).join(', ')}]`;
  // dbt's macro builds the message in a {% set %} block, which keeps the template's layout: a
  // leading line break, each line indented as written there, and the indent of its closing tag.
  const body = [
    'The source and target schemas on this incremental model are out of sync!',
    'They can be reconciled in several ways:',
    '  - set the `on_schema_change` config to either append_new_columns or sync_all_columns, depending on your situation.',
    '  - Re-run the incremental model with `full_refresh: True` to update the target schema.',
    '  - update the schema manually and re-run the process.',
    '',
    'Additional troubleshooting context:',
    `   Source columns not in target: ${columns(changes.added)}`,
    `   Target columns not in source: ${columns(changes.removed)}`,
    `   New column types: ${types}`,
  ];
  return ['', ...body.map((line) => (line === '' ? '' : `${' '.repeat(14)}${line}`)), ' '.repeat(10)].join('\n');
}

/** The macros dbt's on_schema_change failure passes through in dbt-duckdb, innermost first, as its report lists them. */
const SCHEMA_CHANGE_FAIL_CHAIN: MacroFrame[] = [
  { name: 'process_schema_changes', file: 'macros/materializations/models/incremental/on_schema_change.sql' },
  { name: 'materialization_incremental_duckdb', file: 'macros/materializations/incremental.sql' },
].map((frame) => ({ ...frame, path: frame.file }));

/** A one-line-per-kind description naming every changed column. */
export function describeSchemaChanges(changes: SchemaChanges): string {
  const lines: string[] = [];
  if (changes.added.length > 0) lines.push(`  Columns in the model but not in the target: ${changes.added.map((c) => `${c.name} (${c.dataType})`).join(', ')}`);
  if (changes.removed.length > 0) lines.push(`  Columns in the target but not in the model: ${changes.removed.map((c) => `${c.name} (${c.dataType})`).join(', ')}`);
  if (changes.retyped.length > 0) lines.push(`  Columns whose type changed: ${changes.retyped.map((c) => `${c.name} (${c.from} -> ${c.to})`).join(', ')}`);
  return lines.join('\n');
}

/**
 * Applies dbt's `on_schema_change` rules:
 * - ignore: the target keeps its columns and they are written as they are; new model columns
 *   are not written, and a target column the model stopped returning fails the insert in
 *   the warehouse's words (as in dbt);
 * - fail: any difference fails the run, naming the columns;
 * - append_new_columns: new columns are added; removed ones stay and get NULL in new rows;
 * - sync_all_columns: new columns are added, removed ones dropped, changed types altered.
 */
export function planSchemaChange(
  dialect: SqlDialect,
  targetSql: string,
  source: ColumnInfo[],
  target: ColumnInfo[],
  mode: OnSchemaChange,
  modelName: string,
): SchemaChangePlan {
  const changes = diffColumns(source, target);
  const statements: string[] = [];
  const q = (n: string) => dialect.quoteIdentifier(n);
  const inSource = (name: string) => source.some((s) => same(s.name, name));
  if (unchanged(changes)) return { changes, statements, columns: target.map((c) => c.name) };

  switch (mode) {
    case 'fail': {
      // dbt raises this from the materialization with raise_compiler_error: a Compilation Error, not a warehouse one.
      // Worded as dbt's process_schema_changes words it: tools read run_results.json's message for it.
      // Its report lists that macro and the materialization that called it.
      const error = userError('compiler-error', schemaChangeFailMessage(changes));
      error.diagnostic.macroStack = SCHEMA_CHANGE_FAIL_CHAIN.map((frame) => ({ ...frame }));
      throw error;
    }
    case 'ignore':
      // dbt passes the target's columns on untouched: a column the model stopped returning is
      // still named in the insert, which DuckDB refuses with its own Binder Error.
      return { changes, statements, columns: target.map((c) => c.name) };
    case 'append_new_columns': {
      for (const c of changes.added) statements.push(`alter table ${targetSql} add column ${q(c.name)} ${c.dataType}`);
      const columns = [...target.map((c) => c.name), ...changes.added.map((c) => c.name)].filter(inSource);
      return { changes, statements, columns };
    }
    case 'sync_all_columns': {
      for (const c of changes.removed) statements.push(`alter table ${targetSql} drop column ${q(c.name)}`);
      for (const c of changes.retyped) statements.push(`alter table ${targetSql} alter column ${q(c.name)} type ${c.to}`);
      for (const c of changes.added) statements.push(`alter table ${targetSql} add column ${q(c.name)} ${c.dataType}`);
      const columns = [...target.filter((c) => inSource(c.name)).map((c) => c.name), ...changes.added.map((c) => c.name)];
      return { changes, statements, columns };
    }
  }
}
