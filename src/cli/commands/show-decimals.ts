// DECIMAL cells as dbt's show prints them: dbt hands query results to an agate table, where a
// DECIMAL column is a Number column, and agate's print_table formats a Number column with babel's
// '#,##0.<places>' pattern: digit groups, and one count of places for the whole column (the most
// any value needs once trailing zeros are dropped, at most 3, with '…' after values cut to 3).
import { Decimal } from '../../templating/index.js';

const MAX_PLACES = 3;

/** The display text of one DECIMAL column's exact values (null stays null), as agate prints them. */
export function formatDecimalColumn(values: readonly unknown[]): (string | null)[] {
  const parsed = values.map((v) => (typeof v === 'string' || typeof v === 'number' ? parse(String(v)) : undefined));
  const needed = Math.max(0, ...parsed.map((d) => (d ? significantPlaces(d) : 0)));
  const places = Math.min(needed, MAX_PLACES);
  const ellipsis = needed > MAX_PLACES ? '…' : '';
  return values.map((v, i) => {
    const d = parsed[i];
    if (v === null || v === undefined) return null;
    if (!d) return String(v);
    // __round__(n) quantizes half to even, as Python's default decimal context does.
    return `${grouped(String(d.__round__(places)))}${ellipsis}`;
  });
}

function parse(text: string): Decimal | undefined {
  try {
    return Decimal.parse(text);
  } catch {
    return undefined;
  }
}

// Places after the point once trailing zeros are dropped.
function significantPlaces(d: Decimal): number {
  const [, frac = ''] = String(d).split('.');
  return frac.replace(/0+$/, '').length;
}

// '-1234567.25' -> '-1,234,567.25'
function grouped(text: string): string {
  const [int = '', frac] = text.split('.');
  const withGroups = int.replace(/\B(?=(\d{3})+$)/g, ',');
  return frac === undefined ? withGroups : `${withGroups}.${frac}`;
}
