// The result of run_query(): an agate-like Table (columns, rows, column_names, column_types and
// agate's methods that make new tables) so that dbt code written for agate works unchanged.
import type { BridgeQueryResult } from './database-bridge.js';
import { PRINT_DEFAULTS, formatCsv, formatTable, type PrintOptions } from './agate-print.js';
import { bindParams, isNone, splitArgs } from './py-args.js';
import { PyDict, PySlice, pyStr, tuple } from '../../templating/index.js';
import { agateDataType, type AgateDataType } from './agate-data-type.js';
import { withPythonValues } from './agate-cells.js';
import { makeColumn, makeRow, mapped, printsAs, type MappedSequence, type Row, type TableColumn } from './agate-sequence.js';
import * as derive from './agate-table-derive.js';
import { agateJsonDumps } from './agate-json.js';
import type { TableSet } from './agate-table-set.js';
import { userError } from '../../core/diagnostic.js';

export type { TableColumn } from './agate-sequence.js';

/** Where print_table writes its lines (dbt prints agate tables to the console). */
export type TablePrinter = (text: string) => void;

/** A table's contents once its cells are Python values: what a derived table is made from. */
export interface TableData {
  names: readonly string[];
  types: readonly AgateDataType[];
  /** The warehouse type each column came from (what convert_type gives back). */
  dbTypes: readonly string[];
  rows: readonly (readonly unknown[])[];
}

/** A query result table as dbt's agate.Table exposes it to templates. */
export class Table {
  readonly column_names: string[];
  /** agate's DataType objects, one per column. */
  readonly column_types: AgateDataType[];
  readonly rows: MappedSequence<Row>;
  readonly columns: MappedSequence<TableColumn>;
  readonly #dbTypes: readonly string[];
  readonly #printer: TablePrinter | undefined;

  constructor(source: BridgeQueryResult | TableData, printer?: TablePrinter) {
    const data = 'types' in source ? source : fromResult(source);
    this.#printer = printer;
    this.#dbTypes = data.dbTypes;
    this.column_names = tuple([...data.names]);
    this.column_types = tuple([...data.types]);
    this.rows = mapped(
      data.rows.map((values) => makeRow(this.column_names, values)),
      [],
    );
    this.columns = mapped(
      data.names.map((name, i) => makeColumn(name, data.types[i]!, data.rows, i)),
      this.column_names,
    );
    printsAs(this.rows, 'MappedSequence');
    printsAs(this.columns, 'MappedSequence');
  }

  /** A table of these columns holding other rows or names (agate's _fork). */
  fork(rows: readonly (readonly unknown[])[], names?: readonly string[], types?: readonly AgateDataType[], dbTypes?: readonly string[]): Table {
    return new Table({ names: names ?? this.column_names, types: types ?? this.column_types, dbTypes: dbTypes ?? this.#dbTypes, rows }, this.#printer);
  }

  /** The warehouse type of column `i`, as the query gave it. */
  warehouseType(i: number): string | null {
    return this.#dbTypes[i] ?? null;
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
  /**
   * agate's `table[i]` and `table[a:b]`, shorthand for `table.rows[...]` (a negative index counts
   * from the end; a slice is a tuple of rows); other keys are attributes.
   */
  __getitem__(key: unknown): unknown {
    if (key instanceof PySlice) return tuple(key.select(this.rows));
    if (typeof key !== 'number' || !Number.isInteger(key)) return undefined;
    return this.rows[key < 0 ? key + this.rows.length : key];
  }
  /** str(table) is agate's print_structure: each column's name and type. */
  __str__(): string {
    return `${derive.structureLines(this).join('\n')}\n`;
  }

  /** agate's `print_table(max_rows=20, max_columns=6, output, max_column_width=20, locale, max_precision=3)`. */
  print_table(...raw: unknown[]): string {
    const p = bindParams(raw, ['max_rows', 'max_columns', 'output', 'max_column_width', 'locale', 'max_precision']);
    const option = (name: string, dflt: number | null): number | null => (name in p ? (isNone(p[name]) ? null : Number(p[name])) : dflt);
    const opts: PrintOptions = {
      maxRows: option('max_rows', PRINT_DEFAULTS.maxRows),
      maxColumns: option('max_columns', PRINT_DEFAULTS.maxColumns),
      maxColumnWidth: option('max_column_width', PRINT_DEFAULTS.maxColumnWidth),
      maxPrecision: option('max_precision', PRINT_DEFAULTS.maxPrecision),
    };
    this.#printer?.(formatTable(this, opts).join('\n'));
    return '';
  }
  /** agate's `print_structure(max_rows=None)`: a table of each column's name and data type. */
  print_structure(): string {
    this.#printer?.(derive.structureLines(this).join('\n'));
    return '';
  }
  /** agate's `print_csv(**kwargs)`: the table as CSV on stdout (csv's `delimiter` is honoured). */
  print_csv(...raw: unknown[]): string {
    const delimiter = splitArgs(raw).kwargs['delimiter'];
    this.#printer?.(formatCsv(this, typeof delimiter === 'string' && delimiter !== '' ? delimiter : ',').join('\n'));
    return '';
  }
  /**
   * agate's `print_json(key=None, newline=False, indent=None, **kwargs)`: the rows as JSON objects
   * on stdout, each cell as its column type's jsonify() gives it; keyed by a column's values
   * (or a macro's result for each row), or one object a line.
   */
  print_json(...raw: unknown[]): string {
    const { kwargs } = splitArgs(raw);
    const key = kwargs['key'];
    const newline = derive.truth(kwargs['newline']);
    const indent = isNone(kwargs['indent']) ? null : typeof kwargs['indent'] === 'string' ? kwargs['indent'] : Number(kwargs['indent']);
    if (!isNone(key) && newline) throw userError('compiler-error', 'ValueError: key and newline may not be specified together.');
    if (newline && indent !== null) throw userError('compiler-error', 'ValueError: newline and indent may not be specified together.');
    const layout = { indent, sortKeys: derive.truth(kwargs['sort_keys']) };
    const objects = this.rows.map((row) => new PyDict(this.column_names.map((n, i) => [n, this.column_types[i]!.jsonify(row[i])] as const)));
    let text: string;
    if (newline) text = objects.map((o) => agateJsonDumps(o, layout)).join('\n');
    else if (isNone(key)) text = agateJsonDumps(objects, layout);
    else text = agateJsonDumps(derive.keyedRows(this, key, objects), layout);
    this.#printer?.(text);
    return '';
  }

  /** agate's `select(key)`: a table of the named column(s) only, in the order given. */
  select(...raw: unknown[]): Table {
    return derive.select(this, bindParams(raw, ['key'])['key']);
  }
  /** agate's `exclude(key)`: a table without the named column(s). */
  exclude(...raw: unknown[]): Table {
    return derive.exclude(this, bindParams(raw, ['key'])['key']);
  }
  /** agate's `limit(start_or_stop=None, stop=None, step=None)`: the rows of a Python slice. */
  limit(...raw: unknown[]): Table {
    const p = bindParams(raw, ['start_or_stop', 'stop', 'step']);
    return derive.limit(this, p['start_or_stop'], p['stop'], p['step']);
  }
  /** agate's `order_by(key, reverse=False)`: rows sorted by column(s) or a macro's result, nulls last. */
  order_by(...raw: unknown[]): Table {
    const p = bindParams(raw, ['key', 'reverse']);
    return derive.orderBy(this, p['key'], derive.truth(p['reverse']));
  }
  /** agate's `where(test)`: the rows for which a macro (given each row) returns a true value. */
  where(...raw: unknown[]): Table {
    return derive.where(this, bindParams(raw, ['test'])['test']);
  }
  /** agate's `find(test)`: the first row that passes the test, or None. */
  find(...raw: unknown[]): Row | null {
    return derive.find(this, bindParams(raw, ['test'])['test']);
  }
  /** agate's `distinct(key=None)`: the first row of each distinct value of the key (whole rows by default). */
  distinct(...raw: unknown[]): Table {
    return derive.distinct(this, bindParams(raw, ['key'])['key']);
  }
  /** agate's `group_by(key, key_name=None, key_type=None)`: a TableSet of each value's rows, keyed by the value. */
  group_by(...raw: unknown[]): TableSet {
    const p = bindParams(raw, ['key', 'key_name', 'key_type']);
    return derive.groupBy(this, p['key'], p['key_name'], p['key_type']);
  }
  /** agate's class method `Table.merge(tables, row_names=None, column_names=None)`, called on any table. */
  merge(...raw: unknown[]): Table {
    const p = bindParams(raw, ['tables', 'row_names', 'column_names']);
    return derive.merge(p['tables'], p['column_names'], this);
  }
  /**
   * agate's `rename(column_names)`: a copy with new column names, given as a list in column
   * order or as a mapping from old name to new (dbt packages lower-case names this way).
   */
  rename(...raw: unknown[]): Table {
    const { args, kwargs } = splitArgs(raw);
    const given = args[0] ?? kwargs['column_names'];
    let names = [...this.column_names];
    const pairs = given instanceof PyDict ? given.entries() : isPlainObject(given) ? Object.entries(given) : null;
    if (pairs) {
      const map = new Map(pairs.map(([k, v]) => [pyStr(k), pyStr(v)]));
      names = names.map((n) => map.get(n) ?? n);
    } else if (!isNone(given)) {
      const list = [...(given as Iterable<unknown>)].map((n) => pyStr(n));
      if (list.length !== names.length) throw new TypeError('rename: column_names must have one name for each column');
      names = list;
    }
    return this.fork(this.rows, names);
  }
  /** Rows as plain dicts keyed by column name. */
  toDicts(): Record<string, unknown>[] {
    return this.rows.map((r) => Object.fromEntries(this.column_names.map((n, i) => [n, r[i]])));
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

// A query result's cells as Python values, each column typed as dbt's agate table types it.
function fromResult(result: BridgeQueryResult): TableData {
  const rows = withPythonValues(result);
  return {
    names: result.columns.map((c) => c.name),
    dbTypes: result.columns.map((c) => c.dataType),
    types: result.columns.map((c, i) => agateDataType(c.dataType, rows.map((r) => r[i]))),
    rows,
  };
}
