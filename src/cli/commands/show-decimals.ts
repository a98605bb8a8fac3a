// DECIMAL cells as dbt's show prints them: dbt hands query results to an agate table, where a
// DECIMAL column is a Number column, and agate's print_table formats a Number column with babel's
// '#,##0.<places>' pattern: digit groups, and one count of places for the whole column (the most
// any value needs once trailing zeros are dropped, at most 3, with '…' after values cut to 3).

const MAX_PLACES = 3;

/** The display text of one DECIMAL column's exact values (null stays null), as agate prints them. */
export function formatDecimalColumn(values: readonly unknown[]): (string | null)[] {
  const parsed = values.map((v) => (typeof v === 'string' || typeof v === 'number' ? parseDecimal(String(v)) : undefined));
  const needed = Math.max(0, ...parsed.map((p) => (p ? p.frac.replace(/0+$/, '').length : 0)));
  const places = Math.min(needed, MAX_PLACES);
  const ellipsis = needed > MAX_PLACES ? '…' : '';
  return values.map((v, i) => {
    const p = parsed[i];
    if (v === null || v === undefined) return null;
    if (!p) return String(v);
    return `${p.negative ? '-' : ''}${render(roundHalfEven(p, places), places)}${ellipsis}`;
  });
}

interface ParsedDecimal {
  negative: boolean;
  int: string;
  frac: string;
}

function parseDecimal(text: string): ParsedDecimal | undefined {
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text.trim());
  return m ? { negative: m[1] === '-', int: m[2]!, frac: m[3] ?? '' } : undefined;
}

// The value's magnitude scaled by 10^places, rounded half to even (Python's default decimal context).
function roundHalfEven(p: ParsedDecimal, places: number): bigint {
  const digits = BigInt(p.int + p.frac);
  const drop = p.frac.length - places;
  if (drop <= 0) return digits * 10n ** BigInt(-drop);
  const unit = 10n ** BigInt(drop);
  const quotient = digits / unit;
  const twice = (digits % unit) * 2n;
  return twice > unit || (twice === unit && quotient % 2n === 1n) ? quotient + 1n : quotient;
}

// A scaled magnitude as grouped digits with `places` decimals ('#,##0.00').
function render(scaled: bigint, places: number): string {
  const digits = scaled.toString().padStart(places + 1, '0');
  const int = digits.slice(0, digits.length - places).replace(/\B(?=(\d{3})+$)/g, ',');
  return places === 0 ? int : `${int}.${digits.slice(-places)}`;
}
