// agate's MappedSequence, Row and Column as templates see them: arrays of cells that are also
// indexable by name, with keys()/values()/items()/dict() and agate's printed form.
import { Decimal, PY_ATTRIBUTES, PyDict, PyInt, pyRepr, tuple } from '../../templating/index.js';
import type { AgateDataType } from './agate-data-type.js';
import { sortedNullsLast } from './agate-order.js';

/** A sequence also indexable by key (`row['name']`, `columns['name']`). */
export type MappedSequence<T> = T[] & Record<string, unknown>;

/** One agate row: its cells, by position and by column name. */
export type Row = unknown[] & Record<string, unknown>;

/**
 * One agate column: a sequence of its values (`column[0]`, `for v in column`), with its name and agate
 * data type. values() and values_distinct() are tuples, as in agate, so `in {{ col.values() }}` renders a SQL list.
 */
export type TableColumn = unknown[] & {
  /** The column's position in its table. */
  index: number;
  name: string;
  data_type: AgateDataType;
  values(): unknown[];
  values_distinct(): unknown[];
  values_without_nulls(): unknown[];
  values_sorted(): unknown[];
  values_without_nulls_sorted(): unknown[];
};

// The column names a row was made with: a table made from another one's rows under the same
// names shares them, as agate's tables share their immutable rows.
const ROW_NAMES = Symbol('rowNames');

/** A row of cells keyed by the column names (the given row itself when it already is one under these names). */
export function makeRow(names: readonly string[], values: readonly unknown[]): Row {
  const own = (values as { [ROW_NAMES]?: readonly string[] })[ROW_NAMES];
  if (own && (own === names || (own.length === names.length && own.every((n, i) => n === names[i])))) return values as Row;
  const row = mapped([...values], names);
  printsAs(row, 'Row');
  Object.defineProperty(row, ROW_NAMES, { value: names, enumerable: false });
  return row as Row;
}

const COLUMN_ATTRIBUTES: ReadonlySet<string> = new Set(['index', 'name', 'data_type', 'values', 'values_distinct', 'values_without_nulls', 'values_sorted', 'values_without_nulls_sorted']);

/** The column at `index` of these rows, with its name and type. */
export function makeColumn(name: string, dataType: AgateDataType, rows: readonly (readonly unknown[])[], index: number): TableColumn {
  const column = tuple(rows.map((r) => r[index]));
  const values = (): unknown[] => tuple([...column]);
  const withoutNulls = (): unknown[] => tuple(column.filter((v) => v !== null && v !== undefined));
  // agate's values_sorted() and values_without_nulls_sorted() are lists (sorted()), None last
  const members = {
    index,
    name,
    data_type: dataType,
    values,
    values_distinct: () => tuple(distinctValues(values())),
    values_without_nulls: withoutNulls,
    values_sorted: () => sortedNullsLast(column),
    values_without_nulls_sorted: () => sortedNullsLast(withoutNulls()),
  };
  for (const [key, value] of Object.entries(members)) {
    Object.defineProperty(column, key, { value, enumerable: false, configurable: true });
  }
  // agate's Column defines `index` (its position) and so shadows the `index()` of sequences
  Object.defineProperty(column, PY_ATTRIBUTES, { value: COLUMN_ATTRIBUTES, enumerable: false });
  printsAs(column, 'Column');
  return column as TableColumn;
}

/** Python's set() order-keeping: equal values (Decimal 3.0 and 3.00, equal dates as distinct objects) are one. */
export function distinctValues(values: unknown[]): unknown[] {
  const seen = new Set<unknown>();
  return values.filter((v) => {
    const key = v instanceof Decimal || v instanceof PyInt ? v.hashIdentity() : v !== null && typeof v === 'object' ? `${v.constructor.name}:${String(v)}` : v;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * str() of agate's MappedSequences (a Row, a Column, a table's rows and columns):
 * `<agate.Row: (1, Decimal('2.50'), 'x', ...)>`, the reprs of the first five values.
 */
export function printsAs(seq: unknown[], kind: string): void {
  const repr = (v: unknown): string => {
    // a row or column inside (table.rows) prints as itself, as its repr is its str
    const own = Array.isArray(v) ? (v as unknown as { __str__?: unknown }).__str__ : undefined;
    return typeof own === 'function' ? String(own.call(v)) : pyRepr(v);
  };
  const str = (): string => `<agate.${kind}: (${seq.slice(0, 5).map(repr).join(', ')}${seq.length > 5 ? ', ...' : ''})>`;
  Object.defineProperty(seq, '__str__', { value: str, enumerable: false, configurable: true });
  Object.defineProperty(seq, '__repr__', { value: str, enumerable: false, configurable: true });
}

/**
 * agate's MappedSequence: indexable by position and by key, with keys()/values()/items()/dict();
 * keys(), values() and items() are tuples there.
 */
export function mapped<T>(items: T[], keys: readonly string[]): MappedSequence<T> {
  // immutable, and sliced into tuples, as agate's sequences are
  const seq = tuple(items) as MappedSequence<T>;
  keys.forEach((key, i) => {
    if (!/^\d+$/.test(key) && !(key in Array.prototype)) {
      Object.defineProperty(seq, key, { value: items[i], enumerable: false, configurable: true });
    }
  });
  const hidden = (name: string, fn: (...a: unknown[]) => unknown): void => {
    Object.defineProperty(seq, name, { value: fn, enumerable: false, configurable: true });
  };
  hidden('keys', () => tuple([...keys]));
  hidden('values', () => tuple([...items]));
  hidden('items', () => tuple(keys.map((k, i) => tuple([k, items[i]]))));
  hidden('dict', () => new PyDict(keys.map((k, i) => [k, items[i]] as const)));
  // `row['length']`, `row['sort']`: a key the array's own members shadow is still an item
  hidden('__getitem__', (key: unknown) => (typeof key === 'string' && keys.includes(key) ? items[keys.indexOf(key)] : undefined));
  hidden('get', (key: unknown, dflt: unknown = null) => {
    const i = typeof key === 'number' ? key : keys.indexOf(String(key));
    return i >= 0 && i < items.length ? items[i] : dflt;
  });
  return seq;
}
