import type { ColumnInfo } from '../../adapters/adapter.js';
import { userError } from '../../core/diagnostic.js';
import type { FileFormat } from './file-reader.js';

/** What a file needs done to its existing table before it loads, and how to read it. */
export interface EvolutionPlan {
  /** Columns the file has and the table lacks, added before the load (earlier rows get NULL). */
  add: ColumnInfo[];
  /** Table columns whose type the file widens (INTEGER to BIGINT, BIGINT to DOUBLE...). */
  widen: Array<{ name: string; from: string; to: string }>;
  /** Table columns the file lacks (the plan is refused when there are any). */
  missing: string[];
  /** CSV: the type each file column is read as (the table's, or the file's where it is new or wider). */
  readTypes: Map<string, string>;
}

const INTEGER_RANK: Record<string, number> = { TINYINT: 1, SMALLINT: 2, INTEGER: 3, BIGINT: 4, HUGEINT: 5 };
const FLOAT_RANK: Record<string, number> = { FLOAT: 1, DOUBLE: 2 };

function decimalOf(type: string): { p: number; s: number } | undefined {
  const m = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(type);
  return m ? { p: Number(m[1]), s: Number(m[2]) } : undefined;
}

/** True when every value of type `from` is exactly a value of type `to` (or close enough: integers to DOUBLE). */
export function isWidening(from: string, to: string): boolean {
  if (from === to) return true;
  const fi = INTEGER_RANK[from];
  if (fi !== undefined) {
    const ti = INTEGER_RANK[to];
    if (ti !== undefined) return ti >= fi;
    if (to === 'DOUBLE') return true;
    const d = decimalOf(to);
    return d !== undefined && d.p - d.s >= [0, 3, 5, 10, 19, 39][fi]!;
  }
  const ff = FLOAT_RANK[from];
  if (ff !== undefined) return FLOAT_RANK[to] !== undefined && FLOAT_RANK[to]! >= ff;
  const fd = decimalOf(from);
  if (fd) {
    const td = decimalOf(to);
    if (td) return td.s >= fd.s && td.p - td.s >= fd.p - fd.s;
    return to === 'DOUBLE';
  }
  if (from === 'DATE') return to === 'TIMESTAMP' || to === 'TIMESTAMP WITH TIME ZONE';
  // A timestamp without a zone is taken as UTC, so it becomes the same instant with one.
  if (from === 'TIMESTAMP') return to === 'TIMESTAMP WITH TIME ZONE';
  return false;
}

/**
 * Compares a file's columns with its table's. New columns are added and widened types
 * (a Parquet INTEGER that became BIGINT, a CSV column that gained decimals) widen the table, as
 * exports grow; a column that narrowed loads as it is. A file that lacks some of the table's
 * columns is refused. A type that cannot widen is refused for
 * Parquet and JSON (their types are the writer's), and for CSV the table's type is imposed so
 * that each value that does not fit is a bad row with its line.
 */
export function planEvolution(
  fileKey: string,
  table: string,
  tableColumns: ColumnInfo[],
  fileColumns: ColumnInfo[],
  format: FileFormat,
): EvolutionPlan {
  const byName = new Map(tableColumns.map((c) => [c.name.toLowerCase(), c]));
  const fileNames = new Set(fileColumns.map((c) => c.name.toLowerCase()));
  const plan: EvolutionPlan = { add: [], widen: [], missing: [], readTypes: new Map() };
  const refused: string[] = [];
  for (const column of fileColumns) {
    const existing = byName.get(column.name.toLowerCase());
    if (existing === undefined) {
      plan.add.push(column);
      plan.readTypes.set(column.name, column.dataType);
    } else if (existing.dataType === column.dataType || isWidening(column.dataType, existing.dataType)) {
      plan.readTypes.set(column.name, existing.dataType);
    } else if (isWidening(existing.dataType, column.dataType)) {
      plan.widen.push({ name: existing.name, from: existing.dataType, to: column.dataType });
      plan.readTypes.set(column.name, column.dataType);
    } else if (format === 'csv') {
      plan.readTypes.set(column.name, existing.dataType);
    } else {
      refused.push(`${column.name} (${existing.dataType} -> ${column.dataType})`);
    }
  }
  plan.missing = tableColumns.filter((c) => !fileNames.has(c.name.toLowerCase())).map((c) => c.name);
  if (plan.missing.length > 0) {
    // A file without some of the table's columns is another table, or a breaking change upstream: refused rather than mixed.
    const added = plan.add.length ? `; new column(s) ${plan.add.map((c) => c.name).join(', ')}` : '';
    throw userError(
      'ingest-schema-drift',
      `The columns of ${fileKey} changed: missing column(s) ${plan.missing.join(', ')}${added}, compared with ${table}.`,
      { file: fileKey },
      `Load it into another table (table: on the source), or drop ${table} to rebuild it from all its files.`,
    );
  }
  if (refused.length > 0) {
    throw userError(
      'ingest-schema-drift',
      `The columns of ${fileKey} changed type: ${refused.join(', ')}, compared with ${table}; these types cannot hold each other's values.`,
      { file: fileKey },
      `Load it into another table, or drop ${table} to rebuild it from all its files.`,
    );
  }
  return plan;
}

/** One line for the run summary describing what a plan changed, or undefined when nothing did. */
export function describePlan(fileKey: string, table: string, plan: EvolutionPlan): string | undefined {
  const parts = [
    plan.add.length ? `added column(s) ${plan.add.map((c) => `${c.name} ${c.dataType}`).join(', ')}` : '',
    plan.widen.length ? `widened ${plan.widen.map((w) => `${w.name} ${w.from} -> ${w.to}`).join(', ')}` : '',
  ].filter(Boolean);
  return parts.length ? `${fileKey} changed shape; ${table}: ${parts.join('; ')}.` : undefined;
}
