// The conversions of a Python Decimal to other values (str, repr, float, int, bool, JSON, and
// the digit count agate prints with), on the Decimal's parts. The Decimal class (decimal.ts)
// extends it with construction, arithmetic and comparison.
import { pyError } from './errors.js';
import { PyOrdered } from './py-ordered.js';
import { decimalText, type DecimalParts } from './decimal-text.js';

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** A Decimal's parts (sign, coefficient, exponent, kind) and what they convert to. */
export abstract class DecimalConversions extends PyOrdered {
  protected constructor(
    readonly negative: boolean,
    readonly coeff: bigint,
    readonly exp: number,
    readonly kind: DecimalParts['kind'] = 'finite',
  ) {
    super();
  }

  /** Python's str(Decimal): scientific notation only for large exponents or tiny values. */
  __str__(): string {
    return decimalText(this);
  }
  __repr__(): string {
    return `Decimal('${this.__str__()}')`;
  }
  override toString(): string {
    return this.__str__();
  }
  /** Host code serializing engine values (artifacts) gets the number; templates' tojson refuses a Decimal, as Python's json does. */
  toJSON(): number {
    return this.__float__();
  }
  __bool__(): boolean {
    return this.kind !== 'finite' || this.coeff !== 0n;
  }
  /** float(d) */
  __float__(): number {
    return Number(this.__str__());
  }
  /** int(d): truncated toward zero. */
  __int__(): number {
    if (this.kind === 'nan') throw pyError('ValueError', 'cannot convert NaN to integer');
    if (this.kind === 'inf') throw pyError('OverflowError', 'cannot convert Infinity to integer');
    const n = this.exp >= 0 ? this.coeff * pow10(this.exp) : this.coeff / pow10(-this.exp);
    return Number(this.negative ? -n : n);
  }
  /** The digits after the point once trailing zeros are dropped (`normalize()`), as agate's print_table counts them. */
  get places(): number {
    if (this.kind !== 'finite' || this.coeff === 0n) return 0;
    let exp = this.exp;
    for (let c = this.coeff; c % 10n === 0n; c /= 10n) exp++;
    return Math.max(0, -exp);
  }
}
