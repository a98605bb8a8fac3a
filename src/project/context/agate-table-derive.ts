// agate's Table methods that make a new table from others (select, exclude, limit, order_by,
// where, distinct, merge, group_by) and find. Where agate takes a function, templates pass a macro: it is called
// with each row, and what it returns (its return() value, else its rendered text) is used as
// Python would use the function's result.
import { PyDict, isUndefined, pyEq, pyRepr, pyStr, pyTruthy, tuple } from '../../templating/index.js';
import { nullOrder, order } from './agate-order.js';
import { userError } from '../../core/diagnostic.js';
import { formatTable } from './agate-print.js';
import { isNone } from './py-args.js';
import type { Row } from './agate-sequence.js';
import { AgateDataType } from './agate-data-type.js';
import { makeTableSet, type TableSet } from './agate-table-set.js';
import type { Table } from './agate-table.js';

type RowFunction = (row: Row) => unknown;

/** Python's truth test of a template argument (None and Undefined are false). */
export function truth(v: unknown): boolean {
  return !isNone(v) && pyTruthy(v);
}

/** agate's select: the named columns in the given order, with their types. */
export function select(table: Table, key: unknown): Table {
  const names = keyNames(key);
  const indexes = names.map((n) => columnIndex(table, n));
  return table.fork(
    table.rows.map((r) => indexes.map((i) => r[i])),
    names,
    indexes.map((i) => table.column_types[i]!),
    indexes.map((i) => table.warehouseType(i) ?? ''),
  );
}

/** agate's exclude: every column but the named ones. */
export function exclude(table: Table, key: unknown): Table {
  const dropped = keyNames(key);
  return select(table, table.column_names.filter((n) => !dropped.includes(n)));
}

/** agate's limit: `rows[start_or_stop]` alone is a count; with a stop or a step, a Python slice. */
export function limit(table: Table, startOrStop: unknown, stop: unknown, step: unknown): Table {
  const rows = truth(stop) || truth(step) ? pySlice(table.rows, startOrStop, stop, step) : pySlice(table.rows, null, startOrStop, null);
  return table.fork(rows);
}

/** agate's order_by: a stable sort by the key, None after every value; reverse keeps ties in order too. */
export function orderBy(table: Table, key: unknown, reverse: boolean): Table {
  const fn = rowFunction(key);
  const names = fn === null && isSequence(key) ? keyNames(key) : null;
  const keyOf = (row: Row): unknown => {
    if (fn) return nullOrder(fn(row));
    if (names) return tuple(names.map((n) => nullOrder(cell(table, row, n))));
    return nullOrder(cell(table, row, key));
  };
  const keyed = table.rows.map((row) => ({ row, k: keyOf(row) }));
  keyed.sort((a, b) => (reverse ? order(b.k, a.k) : order(a.k, b.k)));
  return table.fork(keyed.map((e) => e.row));
}

/** agate's where: the rows the test passes. */
export function where(table: Table, test: unknown): Table {
  const fn = requireFunction(test, 'where');
  return table.fork(table.rows.filter((row) => pyTruthy(fn(row))));
}

/** agate's find: the first row the test passes, or None. */
export function find(table: Table, test: unknown): Row | null {
  const fn = requireFunction(test, 'find');
  return table.rows.find((row) => pyTruthy(fn(row))) ?? null;
}

/** agate's distinct: the first row for each value of the key (a column, columns, a macro, or the whole row). */
export function distinct(table: Table, key: unknown): Table {
  const fn = rowFunction(key);
  const names = fn === null && isSequence(key) ? keyNames(key) : null;
  const seen: unknown[] = [];
  const kept = table.rows.filter((row) => {
    const k = fn ? fn(row) : names ? tuple(names.map((n) => cell(table, row, n))) : isNone(key) ? tuple([...row]) : cell(table, row, key);
    if (seen.some((s) => pyEq(s, k))) return false;
    seen.push(k);
    return true;
  });
  return table.fork(kept);
}

/**
 * agate's group_by(key, key_name=None, key_type=None): a TableSet of the rows sharing each value
 * of a column (or of a macro's result, then named 'group'), in order of first appearance.
 */
export function groupBy(table: Table, key: unknown, keyName: unknown, keyType: unknown): TableSet {
  const fn = rowFunction(key);
  const index = fn ? -1 : columnIndex(table, key);
  const name = isNone(keyName) ? (fn ? 'group' : table.column_names[index]!) : pyStr(keyName);
  const type = keyType instanceof AgateDataType ? keyType : fn ? new AgateDataType('Text') : table.column_types[index]!;
  const keys: unknown[] = [];
  const groups: Row[][] = [];
  for (const row of table.rows) {
    // a macro's key is cast to text, as agate casts it to the key type (Text by default)
    const raw = fn ? fn(row) : row[index];
    const k = fn && type.kind === 'Text' && !isNone(raw) ? pyStr(raw) : raw;
    const at = keys.findIndex((seen) => pyEq(seen, k));
    if (at >= 0) groups[at]!.push(row);
    else {
      keys.push(k);
      groups.push([row]);
    }
  }
  return makeTableSet(groups.map((rows) => table.fork(rows)), keys, name, type, table);
}

/**
 * agate's Table.merge(tables, row_names=None, column_names=None): the rows of every table under
 * the union of their columns (or the named ones), None where a table lacks a column. A column
 * that two tables type differently is an error, as in agate.
 */
export function merge(tables: unknown, columnNames: unknown, self: Table): Table {
  const list = [...((isNone(tables) ? [] : tables) as Iterable<unknown>)];
  const wanted = isNone(columnNames) ? null : keyNames(columnNames);
  const columns = new Map<string, { type: Table['column_types'][number]; dbType: string }>();
  for (const t of list) {
    if (!isTable(t)) throw userError('compiler-error', `TypeError: Table.merge() takes a list of tables, got ${pyRepr(t)}`);
    t.column_names.forEach((name, i) => {
      if (wanted && !wanted.includes(name)) return;
      const type = t.column_types[i]!;
      const seen = columns.get(name);
      if (!seen) columns.set(name, { type, dbType: t.warehouseType(i) ?? '' });
      else if (seen.type.kind !== type.kind) throw userError('compiler-error', 'DataTypeError: Tables contain columns with the same names, but different types.');
    });
  }
  const names = [...columns.keys()];
  const rows = list.flatMap((t) => {
    const table = t as Table;
    const at = names.map((n) => table.column_names.indexOf(n));
    return table.rows.map((r) => at.map((i) => (i < 0 ? null : r[i])));
  });
  const meta = [...columns.values()];
  return self.fork(rows, names, meta.map((m) => m.type), meta.map((m) => m.dbType));
}

function isTable(v: unknown): v is Table {
  return v !== null && typeof v === 'object' && typeof (v as Table).fork === 'function' && Array.isArray((v as Table).column_names);
}

/** to_json's keyed form: each row's object under str() of its key column's value (or a macro's result). */
export function keyedRows(table: Table, key: unknown, objects: PyDict[]): PyDict {
  const fn = rowFunction(key);
  const out = new PyDict([]);
  table.rows.forEach((row, i) => {
    const k = fn ? fn(row) : pyStr(cell(table, row, key));
    if (out.get(k) !== undefined) throw userError('compiler-error', `ValueError: Value ${pyStr(k)} is not unique in the key column.`);
    out.set(k, objects[i]);
  });
  return out;
}

/** print_structure's lines: a Text table of each column's name and type class. */
export function structureLines(table: Table): string[] {
  const text = { kind: 'Text' };
  const rows = table.column_names.map((n, i) => [n, table.column_types[i]!.kind]);
  return formatTable({ column_names: ['column', 'data_type'], column_types: [text, text], rows }, { maxRows: null, maxColumns: 6, maxColumnWidth: null, maxPrecision: 3 });
}

// A row's cell by column name, or by position for an int (agate's Row.__getitem__).
function cell(table: Table, row: Row, key: unknown): unknown {
  if (typeof key === 'number' && Number.isInteger(key)) {
    const i = key < 0 ? key + row.length : key;
    if (i < 0 || i >= row.length) throw userError('compiler-error', 'IndexError: tuple index out of range');
    return row[i];
  }
  return row[columnIndex(table, key)];
}

function columnIndex(table: Table, name: unknown): number {
  const i = typeof name === 'string' ? table.column_names.indexOf(name) : -1;
  if (i < 0) throw userError('compiler-error', `KeyError: ${pyRepr(name)} is not a column of this table (its columns: ${table.column_names.join(', ')})`);
  return i;
}

// agate's utils.issequence: any sequence but a string.
function isSequence(v: unknown): v is unknown[] {
  return Array.isArray(v);
}

function keyNames(key: unknown): string[] {
  return (isSequence(key) ? [...key] : [key]).map((k) => (typeof k === 'string' ? k : pyStr(k)));
}

// A macro (or any callable value) as a function of a row; null for a column name or names.
function rowFunction(v: unknown): RowFunction | null {
  if (typeof v === 'function') return (row) => (v as (r: Row) => unknown)(row);
  if (v !== null && typeof v === 'object' && !isUndefined(v) && typeof (v as { __call__?: unknown }).__call__ === 'function') {
    return (row) => (v as { __call__: (r: Row) => unknown }).__call__(row);
  }
  return null;
}

function requireFunction(v: unknown, method: string): RowFunction {
  const fn = rowFunction(v);
  if (!fn) throw userError('compiler-error', `TypeError: '${isNone(v) ? 'NoneType' : typeof v === 'string' ? 'str' : typeof v}' object is not callable`, undefined, `Table.${method}() takes a test: pass a macro that is given a row and returns a true value for the rows to keep.`);
  return fn;
}

// Python's seq[start:stop:step].
function pySlice<T>(seq: readonly T[], start: unknown, stop: unknown, step: unknown): T[] {
  const n = seq.length;
  const st = isNone(step) ? 1 : Number(step);
  if (st === 0) throw userError('compiler-error', 'ValueError: slice step cannot be zero');
  const norm = (v: unknown, dflt: number, lo: number, hi: number): number => {
    if (isNone(v)) return dflt;
    let i = Number(v);
    if (i < 0) i += n;
    return Math.min(Math.max(i, lo), hi);
  };
  const out: T[] = [];
  if (st > 0) {
    for (let i = norm(start, 0, 0, n), b = norm(stop, n, 0, n); i < b; i += st) out.push(seq[i]!);
  } else {
    for (let i = norm(start, n - 1, -1, n - 1), b = norm(stop, -1, -1, n - 1); i > b; i += st) out.push(seq[i]!);
  }
  return out;
}
