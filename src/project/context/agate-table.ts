// The result of run_query(): a small agate-like Table (columns, rows, column_names) so that
// dbt code written for agate (`results.columns[0].values()`, `row['name']`) works unchanged.
import type { BridgeQueryResult } from './database-bridge.js';

/** One agate column: its name, type name and its values. */
export interface TableColumn {
  name: string;
  data_type: string;
  values(): unknown[];
  values_distinct(): unknown[];
}

type Row = unknown[] & Record<string, unknown>;
type MappedSequence<T> = T[] & Record<string, unknown>;

/** A query result table as dbt's agate.Table exposes it to templates. */
export class Table {
  readonly column_names: string[];
  readonly column_types: string[];
  readonly rows: MappedSequence<Row>;
  readonly columns: MappedSequence<TableColumn>;

  constructor(result: BridgeQueryResult) {
    this.column_names = result.columns.map((c) => c.name);
    this.column_types = result.columns.map((c) => c.dataType);
    const rows = result.rows.map((values) => makeRow(this.column_names, values));
    this.rows = mapped(rows, []);
    const columns = result.columns.map((c, i): TableColumn => {
      const values = (): unknown[] => result.rows.map((r) => r[i]);
      return { name: c.name, data_type: c.dataType, values, values_distinct: () => [...new Set(values())] };
    });
    this.columns = mapped(columns, this.column_names);
  }

  get length(): number {
    return this.rows.length;
  }
  __len__(): number {
    return this.rows.length;
  }
  [Symbol.iterator](): Iterator<Row> {
    return this.rows[Symbol.iterator]();
  }
  /** agate prints a table; templates call it for debugging only, so it prints nothing. */
  print_table(): string {
    return '';
  }
  /** Rows as plain dicts keyed by column name. */
  toDicts(): Record<string, unknown>[] {
    return this.rows.map((r) => Object.fromEntries(this.column_names.map((n, i) => [n, r[i]])));
  }
}

function makeRow(names: string[], values: unknown[]): Row {
  const row = mapped([...values], names);
  return row as Row;
}

// agate's MappedSequence: indexable by position and by key, with keys()/values()/items().
function mapped<T>(items: T[], keys: string[]): MappedSequence<T> {
  const seq = items as MappedSequence<T>;
  keys.forEach((key, i) => {
    if (!/^\d+$/.test(key) && !(key in Array.prototype)) {
      Object.defineProperty(seq, key, { value: items[i], enumerable: false, configurable: true });
    }
  });
  const hidden = (name: string, fn: (...a: unknown[]) => unknown): void => {
    Object.defineProperty(seq, name, { value: fn, enumerable: false, configurable: true });
  };
  hidden('keys', () => [...keys]);
  hidden('values', () => [...items]);
  hidden('items', () => keys.map((k, i) => [k, items[i]]));
  hidden('get', (key: unknown, dflt: unknown = null) => {
    const i = typeof key === 'number' ? key : keys.indexOf(String(key));
    return i >= 0 && i < items.length ? items[i] : dflt;
  });
  return seq;
}
