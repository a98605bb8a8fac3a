// agate's Table.print_table as dbt code calls it (`results.print_table(max_columns=...)`) and as
// `dbt show` prints its preview: a text grid with `|` borders, a `-` divider, Text columns
// left-justified and every other type right-justified. dbt gives agate its own column types:
// integers are dbt's Integer type, printed as they are; floats and DECIMALs are agate Numbers,
// grouped with commas and given one count of decimal places per column, cut to `max_precision` with '…'.
import { Decimal, pyStr } from '../../templating/index.js';
import { pyJsonDumps } from './py-helpers.js';

/** The parts of a table the printer reads: names, agate types (by class name) and cells. */
export interface PrintableTable {
  column_names: readonly string[];
  column_types: readonly { readonly kind: string }[];
  rows: readonly (readonly unknown[])[];
}

/** print_table's options, with agate's defaults. */
export interface PrintOptions {
  maxRows: number | null;
  maxColumns: number | null;
  maxColumnWidth: number | null;
  maxPrecision: number | null;
}

/** agate's defaults: 20 rows, 6 columns, 20 characters a column, 3 decimal places. */
export const PRINT_DEFAULTS: PrintOptions = { maxRows: 20, maxColumns: 6, maxColumnWidth: 20, maxPrecision: 3 };

const ELLIPSIS = '...';
const NUMBER_CUT = '\u2026';
/** LIST, ARRAY, STRUCT, MAP and UNION types: dbt hands their values to agate as JSON text. */
export const CONTAINER_TYPE = /\[\d*\]$|^(STRUCT|MAP|UNION)\s*\(/i;

/** The table as agate prints it, one line per array entry. */
export function formatTable(table: PrintableTable, opts: PrintOptions): string[] {
  const maxRows = opts.maxRows ?? table.rows.length;
  const maxColumns = opts.maxColumns ?? table.column_names.length;
  const maxPrecision = opts.maxPrecision ?? Infinity;
  const width = opts.maxColumnWidth;
  const cut = (s: string): string => (width !== null && s.length > width ? `${s.slice(0, Math.max(0, width - ELLIPSIS.length))}${ELLIPSIS}` : s);
  const shown = table.column_names.slice(0, maxColumns);
  const columnsCut = maxColumns < table.column_names.length;
  const names = shown.map(cut);
  if (columnsCut) names.push(ELLIPSIS);
  const kinds = shown.map((_, j) => table.column_types[j]?.kind ?? 'Text');
  const isText = names.map((_, j) => j >= shown.length || kinds[j] === 'Text');
  const rows = table.rows.slice(0, maxRows);
  // A Number column's places: the most any shown value has once trailing zeros are dropped,
  // capped by max_precision (then marked as cut).
  const numbers = kinds.map((kind, j) => (kind === 'Number' ? rows.map((r) => asDecimal(r[j])) : null));
  const formats = numbers.map((column) => {
    if (!column) return null;
    const most = Math.max(0, ...column.map((d) => (d ? d.places : 0)));
    return { places: Math.min(most, maxPrecision), mark: most > maxPrecision ? NUMBER_CUT : '' };
  });
  const body = rows.map((r, i) => {
    const cells = shown.map((_, j) => {
      const v = r[j];
      if (v === null || v === undefined) return '';
      const d = numbers[j]?.[i];
      const fmt = formats[j];
      if (d && fmt && d.kind === 'finite') return cut(grouped(String(d.__round__(fmt.places))) + fmt.mark);
      return cut(cellText(v));
    });
    if (columnsCut) cells.push(ELLIPSIS);
    return cells;
  });
  const widths = names.map((n, j) => Math.max(n.length, ...body.map((cells) => cells[j]!.length)));
  const line = (cells: string[]): string => `|${cells.map((c, j) => ` ${isText[j] ? c.padEnd(widths[j]!) : c.padStart(widths[j]!)} |`).join('')}`;
  const out = [line(names), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...body.map(line)];
  if (maxRows < table.rows.length) out.push(line(names.map(() => ELLIPSIS)));
  return out;
}

// agate holds a Number as a Decimal: a float as Decimal(repr(x)), a DECIMAL as its exact digits
// (which a query hands over as text).
function asDecimal(v: unknown): Decimal | undefined {
  if (v instanceof Decimal) return v;
  try {
    if (typeof v === 'number') return Decimal.fromFloat(v);
    if (typeof v === 'string') return Decimal.parse(v);
  } catch {
    // not a number: printed as text
  }
  return undefined;
}

// dbt hands lists and structs to agate as JSON text (json.dumps); everything else prints as str().
function cellText(v: unknown): string {
  if (typeof v === 'object' && v !== null && (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype)) return pyJsonDumps(v);
  return pyStr(v);
}

// '-1234567.25' -> '-1,234,567.25', as babel formats '#,##0.00' in en_US
function grouped(text: string): string {
  const [int = '', frac] = text.split('.');
  const withGroups = int.replace(/\B(?=(\d{3})+$)/g, ',');
  return frac === undefined ? withGroups : `${withGroups}.${frac}`;
}

/**
 * agate's Table.print_csv: the column names, then one line per row, written by Python's csv
 * module (fields quoted only when they hold the delimiter, a quote or a line break). Values are
 * written as agate's csvify gives them: numbers as their Decimal (a DECIMAL keeps its scale, a
 * float shows at least one place), dates and times in ISO form, booleans as True/False, NULL empty.
 */
export function formatCsv(table: PrintableTable, delimiter = ','): string[] {
  const field = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    if (v instanceof Decimal) return v.__str__();
    const iso = (v as { isoformat?: unknown }).isoformat;
    const text = typeof iso === 'function' ? String((iso as () => unknown).call(v)) : pyStr(v);
    return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const header = table.column_names.map((n) => field(n)).join(delimiter);
  return [header, ...table.rows.map((r) => table.column_names.map((_, j) => field(r[j])).join(delimiter))];
}
