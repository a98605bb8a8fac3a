// The result of run_query(): a small agate-like Table (columns, rows, column_names) so that
// dbt code written for agate (`results.columns[0].values()`, `row['name']`) works unchanged.
import type { BridgeQueryResult } from './database-bridge.js';
import { CONTAINER_TYPE, PRINT_DEFAULTS, formatCsv, formatTable, type PrintOptions } from './agate-print.js';
import { bindParams, isNone, splitArgs } from './py-args.js';
import { Decimal, PyDict, PyInt, pyRepr, pyStr, tuple } from '../../templating/index.js';
import { parseIso } from './py/datetime.js';
import { pyJsonDumps } from './py-helpers.js';

/** Where print_table writes its lines (dbt prints agate tables to the console). */
export type TablePrinter = (text: string) => void;

/**
 * One agate column: a sequence of its values (`column[0]`, `for v in column`), with its name and type name.
 * values() and values_distinct() are tuples, as in agate, so `in {{ col.values() }}` renders a SQL list.
 */
export type TableColumn = unknown[] & {
  name: string;
  data_type: string;
  values(): unknown[];
  values_distinct(): unknown[];
};

type Row = unknown[] & Record<string, unknown>;
type MappedSequence<T> = T[] & Record<string, unknown>;

/** A query result table as dbt's agate.Table exposes it to templates. */
export class Table {
  readonly column_names: string[];
  readonly column_types: string[];
  readonly rows: MappedSequence<Row>;
  readonly columns: MappedSequence<TableColumn>;

  constructor(
    private readonly result: BridgeQueryResult,
    private readonly printer?: TablePrinter,
  ) {
    this.column_names = tuple(result.columns.map((c) => c.name));
    this.column_types = result.columns.map((c) => c.dataType);
    const data = withPythonValues(result);
    const rows = data.map((values) => makeRow(this.column_names, values));
    this.rows = mapped(rows, []);
    const columns = result.columns.map((c, i): TableColumn => {
      const column = data.map((r) => r[i]);
      const values = (): unknown[] => tuple([...column]);
      for (const [key, value] of Object.entries({ name: c.name, data_type: c.dataType, values, values_distinct: () => tuple(distinct(values())) })) {
        Object.defineProperty(column, key, { value, enumerable: false, configurable: true });
      }
      printsAs(column, 'Column');
      return column as TableColumn;
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
  /** agate's `table[i]`, shorthand for `table.rows[i]` (a negative index counts from the end); other keys are attributes. */
  __getitem__(key: unknown): unknown {
    if (typeof key !== 'number' || !Number.isInteger(key)) return undefined;
    return this.rows[key < 0 ? key + this.rows.length : key];
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
    this.printer?.(formatTable(this, opts).join('\n'));
    return '';
  }
  /** agate's `print_csv(**kwargs)`: the table as CSV on stdout (csv's `delimiter` is honoured). */
  print_csv(...raw: unknown[]): string {
    const delimiter = splitArgs(raw).kwargs['delimiter'];
    this.printer?.(formatCsv(this, typeof delimiter === 'string' && delimiter !== '' ? delimiter : ',').join('\n'));
    return '';
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
    const columns = this.result.columns.map((c, i) => ({ ...c, name: names[i]! }));
    return new Table({ ...this.result, columns }, this.printer);
  }
  /** Rows as plain dicts keyed by column name. */
  toDicts(): Record<string, unknown>[] {
    return this.rows.map((r) => Object.fromEntries(this.column_names.map((n, i) => [n, r[i]])));
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

const DATE_TYPE = /^DATE$/i;
const TIMESTAMP_TYPE = /^(TIMESTAMP|DATETIME)(_S|_MS|_NS|\(\d\))?( WITH TIME ZONE)?$|^TIMESTAMPTZ$/i;
const FLOAT_TYPE = /^(DOUBLE|FLOAT|REAL|FLOAT4|FLOAT8)$/i;
const DECIMAL_TYPE = /^(?:DECIMAL|NUMERIC)\s*\(\s*\d+\s*,\s*(\d+)\s*\)$/i;

// The integer types whose values may pass 2**53: the warehouse hands those over as their digits.
const WIDE_INT_TYPE = /^(BIGINT|HUGEINT|UBIGINT|UHUGEINT|BIGNUM|VARINT)$/i;

type CellKind = 'date' | 'datetime' | 'float' | 'json' | 'int' | { scale: number } | null;

function cellKind(dataType: string): CellKind {
  if (WIDE_INT_TYPE.test(dataType)) return 'int';
  if (CONTAINER_TYPE.test(dataType)) return 'json';
  if (DATE_TYPE.test(dataType)) return 'date';
  if (TIMESTAMP_TYPE.test(dataType)) return 'datetime';
  if (FLOAT_TYPE.test(dataType)) return 'float';
  const decimal = DECIMAL_TYPE.exec(dataType);
  return decimal ? { scale: Number(decimal[1]) } : null;
}

// agate's Number type holds floats and decimals as Python Decimals: a float becomes
// Decimal(repr(x)) (3.0 prints `3.0`) and a DECIMAL(p,s) keeps its scale (60.00); integer
// columns stay ints (dbt's Integer type). The warehouse hands a DECIMAL to templates as its exact
// text; a bridge that gives a number instead has its shortest repr (exact up to 15 significant
// digits) given the column's scale.
function pyDecimal(v: number | string, kind: 'float' | { scale: number }): Decimal {
  const decimal = typeof v === 'string' ? Decimal.parse(v) : Decimal.fromFloat(v);
  return kind === 'float' ? decimal : (decimal.__round__(kind.scale) as Decimal);
}

// The cells as agate holds them: floats and DECIMALs as Decimals (above), DATE and TIMESTAMP
// values as Python date and datetime objects (dbt code calls .strftime() on them or adds
// timedeltas), which the warehouse hands over in its text form, and lists and structs as JSON text.
function withPythonValues(result: BridgeQueryResult): unknown[][] {
  const kinds = result.columns.map((c) => cellKind(c.dataType));
  // Integer cells are numbers and pass as they are, unless one is past 2**53 (given as its digits).
  if (kinds.every((k) => k === null || k === 'int') && !hasWideInt(result.rows, kinds)) return result.rows;
  return result.rows.map((row) =>
    row.map((v, i) => {
      const kind = kinds[i];
      if (kind === null || kind === undefined) return v;
      // dbt gives templates an exact Python int, which a JS number past 2**53 is not.
      if (kind === 'int') return typeof v === 'string' ? PyInt.of(BigInt(v)) : typeof v === 'bigint' ? PyInt.of(v) : v;
      if (kind === 'float') return typeof v === 'number' ? pyDecimal(v, kind) : v;
      // dbt hands a list or dict value to agate as its JSON text (json.dumps), so templates get a string.
      if (kind === 'json') return v === null || typeof v === 'string' ? v : pyJsonDumps(v);
      if (kind !== 'date' && kind !== 'datetime') return typeof v === 'number' || typeof v === 'string' ? pyDecimal(v, kind) : v;
      if (typeof v !== 'string') return v;
      try {
        // DuckDB writes a whole-hour offset as +00; Python's isoformat wants +00:00
        return kind === 'date' ? parseIso(v, true) : parseIso(v.replace(/(\d:\d{2}(?:\.\d+)?[+-]\d{2})$/, '$1:00'), false);
      } catch {
        return v; // infinity, BC dates and years past 9999 stay text
      }
    }),
  );
}

// Whether an integer column holds a value past 2**53 (as text or a bigint, not a number).
function hasWideInt(rows: unknown[][], kinds: CellKind[]): boolean {
  const columns = kinds.flatMap((k, i) => (k === 'int' ? [i] : []));
  return columns.length > 0 && rows.some((row) => columns.some((i) => typeof row[i] === 'string' || typeof row[i] === 'bigint'));
}

// Python's set(): equal dates are one value even as distinct objects.
function distinct(values: unknown[]): unknown[] {
  const seen = new Set<unknown>();
  return values.filter((v) => {
    // equal Decimals (3.0 and 3.00) are one member of a Python set
    const key = v instanceof Decimal || v instanceof PyInt ? v.hashIdentity() : v !== null && typeof v === 'object' ? `${v.constructor.name}:${String(v)}` : v;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function makeRow(names: string[], values: unknown[]): Row {
  const row = mapped([...values], names);
  printsAs(row, 'Row');
  return row as Row;
}

// str() of agate's Row and Column (a MappedSequence): `<agate.Row: (1, Decimal('2.50'), 'x', ...)>`,
// the reprs of the first five values.
function printsAs(seq: unknown[], kind: string): void {
  const str = (): string => `<agate.${kind}: (${seq.slice(0, 5).map(pyRepr).join(', ')}${seq.length > 5 ? ', ...' : ''})>`;
  Object.defineProperty(seq, '__str__', { value: str, enumerable: false, configurable: true });
}

// agate's MappedSequence: indexable by position and by key, with keys()/values()/items()/dict();
// keys(), values() and items() are tuples there.
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
  hidden('keys', () => tuple([...keys]));
  hidden('values', () => tuple([...items]));
  hidden('items', () => tuple(keys.map((k, i) => tuple([k, items[i]]))));
  hidden('dict', () => new PyDict(keys.map((k, i) => [k, items[i]] as const)));
  hidden('get', (key: unknown, dflt: unknown = null) => {
    const i = typeof key === 'number' ? key : keys.indexOf(String(key));
    return i >= 0 && i < items.length ? items[i] : dflt;
  });
  return seq;
}
