// Text and float conversions of Python's Decimal, on its parts (sign, coefficient, exponent):
// the string constructor, str(), and the exact value of a float.
import { pyError } from './errors.js';

/** A Decimal's value: NaN and Infinity carry only a sign. */
export interface DecimalParts {
  negative: boolean;
  coeff: bigint;
  exp: number;
  kind: 'finite' | 'nan' | 'inf';
}

/** Decimal(text): Python's string constructor (`'60.00'`, `'1E+20'`, `'NaN'`, `'-Infinity'`). */
export function parseDecimalText(text: string): DecimalParts {
  const s = text.trim();
  const special = /^([+-])?(nan|inf|infinity)$/i.exec(s);
  if (special) return { negative: special[1] === '-', coeff: 0n, exp: 0, kind: special[2]!.toLowerCase() === 'nan' ? 'nan' : 'inf' };
  const m = /^([+-])?(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw pyError('InvalidOperation', `[<class 'decimal.ConversionSyntax'>]`);
  const frac = m[3] ?? '';
  return { negative: m[1] === '-', coeff: BigInt(`${m[2]}${frac}` || '0'), exp: Number(m[4] ?? 0) - frac.length, kind: 'finite' };
}

/** Python's str(Decimal): scientific notation only for large exponents or tiny values. */
export function decimalText(d: DecimalParts): string {
  const sign = d.negative ? '-' : '';
  if (d.kind === 'nan') return `${sign}NaN`;
  if (d.kind === 'inf') return `${sign}Infinity`;
  const digits = d.coeff.toString();
  const left = d.exp + digits.length;
  const dot = d.exp <= 0 && left > -6 ? left : 1;
  let intPart: string;
  let fracPart: string;
  if (dot <= 0) {
    intPart = '0';
    fracPart = `.${'0'.repeat(-dot)}${digits}`;
  } else if (dot >= digits.length) {
    intPart = digits + '0'.repeat(dot - digits.length);
    fracPart = '';
  } else {
    intPart = digits.slice(0, dot);
    fracPart = `.${digits.slice(dot)}`;
  }
  const e = left === dot ? '' : `E${left - dot >= 0 ? '+' : '-'}${Math.abs(left - dot)}`;
  return sign + intPart + fracPart + e;
}

/** The exact value of a float (Decimal.from_float), used to compare with floats as Python does. */
export function exactFloatParts(x: number): DecimalParts {
  if (!Number.isFinite(x)) return { negative: x < 0, coeff: 0n, exp: 0, kind: Number.isNaN(x) ? 'nan' : 'inf' };
  let m = Math.abs(x);
  let e = 0;
  while (!Number.isInteger(m)) {
    m *= 2;
    e++;
  }
  // m / 2^e == m * 5^e / 10^e
  return { negative: x < 0 || Object.is(x, -0), coeff: BigInt(m) * 5n ** BigInt(e), exp: -e, kind: 'finite' };
}
