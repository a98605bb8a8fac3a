// agate's Table.print_table as dbt code calls it (`results.print_table(max_columns=...)`): a
// text grid with `|` borders, a `-` divider, text left-justified and everything else
// right-justified, numbers grouped with commas and cut to `max_precision` decimal places.
import { Decimal, pyStr } from '../../templating/index.js';

/** The parts of a table the printer reads. */
export interface PrintableTable {
  column_names: readonly string[];
  column_types: readonly string[];
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
const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL|NUMERIC)\b/i;
const TEXT = /^(VARCHAR|TEXT|STRING|CHAR|BPCHAR|UUID|ENUM)\b/i;

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
  const isText = names.map((_, j) => j >= shown.length || TEXT.test(table.column_types[j] ?? '') || !table.column_types[j]);
  const rows = table.rows.slice(0, maxRows);
  // decimal places per number column: the most any shown value has, capped by max_precision
  const places = shown.map((_, j) => {
    const type = table.column_types[j] ?? '';
    if (!NUMERIC.test(type)) return null;
    const most = Math.max(0, ...rows.map((r) => decimalPlaces(r[j], type)));
    return { places: Math.min(most, maxPrecision), cut: most > maxPrecision };
  });
  const body = rows.map((r) => {
    const cells = shown.map((_, j) => {
      const v = r[j];
      const fmt = places[j];
      if (v === null || v === undefined) return '';
      const n = v instanceof Decimal ? v.__float__() : v;
      if (fmt && typeof n === 'number' && Number.isFinite(n)) return cut(groupNumber(n, fmt.places) + (fmt.cut ? NUMBER_CUT : ''));
      return cut(pyStr(v));
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

// agate holds numbers as Decimals: a DECIMAL(p,s) value keeps its scale, and a float becomes
// the Decimal of its repr, so 1.0 has one place
function decimalPlaces(v: unknown, type: string): number {
  if (v instanceof Decimal) return v.places;
  if (typeof v !== 'number' || !Number.isFinite(v)) return 0;
  const scale = /^(?:DECIMAL|NUMERIC)\s*\(\s*\d+\s*,\s*(\d+)\s*\)/i.exec(type);
  if (scale) return Number(scale[1]);
  if (Number.isInteger(v)) return /^(FLOAT|REAL|DOUBLE)/i.test(type) ? 1 : 0;
  const text = String(v);
  const e = text.indexOf('e-');
  if (e >= 0) return Number(text.slice(e + 2)) + (text.slice(0, e).split('.')[1]?.length ?? 0);
  return text.split('.')[1]?.length ?? 0;
}

// en_US grouping, rounded half-even to `places` as babel's format_decimal does
function groupNumber(v: number, places: number): string {
  return v.toLocaleString('en-US', { minimumFractionDigits: places, maximumFractionDigits: places, roundingMode: 'halfEven' } as Intl.NumberFormatOptions);
}

/**
 * agate's Table.print_csv: the column names, then one line per row, written by Python's csv
 * module (fields quoted only when they hold the delimiter, a quote or a line break). Values are
 * written as agate's csvify gives them: numbers as their Decimal (a DECIMAL keeps its scale, a
 * float shows at least one place), dates and times in ISO form, booleans as True/False, NULL empty.
 */
export function formatCsv(table: PrintableTable, delimiter = ','): string[] {
  const field = (v: unknown, type: string): string => {
    if (v === null || v === undefined) return '';
    if (v instanceof Decimal) return v.__str__();
    if (typeof v === 'number' && Number.isFinite(v)) {
      const scale = /^(?:DECIMAL|NUMERIC)\s*\(\s*\d+\s*,\s*(\d+)\s*\)/i.exec(type);
      if (scale) return v.toFixed(Number(scale[1]));
      return Number.isInteger(v) && /^(FLOAT|REAL|DOUBLE)/i.test(type) ? v.toFixed(1) : String(v);
    }
    const iso = (v as { isoformat?: unknown }).isoformat;
    const text = typeof iso === 'function' ? String((iso as () => unknown).call(v)) : pyStr(v);
    return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const header = table.column_names.map((n) => field(n, 'VARCHAR')).join(delimiter);
  return [header, ...table.rows.map((r) => table.column_names.map((_, j) => field(r[j], table.column_types[j] ?? '')).join(delimiter))];
}
