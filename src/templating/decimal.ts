// Python's decimal.Decimal as templates meet it: agate (dbt's query result tables) holds every
// non-integer number as a Decimal, so `run_query` values print with their scale (60.00, 3.0)
// and do exact decimal arithmetic under Python's default context (28 digits, half-even).
import { pyError } from './errors.js';
import { approxPower, roundHalfEven } from './decimal-power.js';
import { exactFloatParts, parseDecimalText, type DecimalParts } from './decimal-text.js';
import { DecimalConversions } from './decimal-convert.js';
import { NotImplemented, PyFloat } from './values.js';
import { floatRepr } from './py-literals.js';

const PREC = 28;

const TEN = 10n;
const pow10 = (n: number): bigint => TEN ** BigInt(n);
const digitCount = (c: bigint): number => (c === 0n ? 1 : c.toString().length);

/** A Python decimal.Decimal: sign, integer coefficient and base-10 exponent (or NaN / Infinity). */
export class Decimal extends DecimalConversions {
  /** Decimal(text): Python's string constructor (`'60.00'`, `'1E+20'`, `'NaN'`, `'-Infinity'`). */
  static parse(text: string): Decimal {
    return Decimal.of(parseDecimalText(text));
  }

  /** agate's cast of a Python float: Decimal(repr(x)). */
  static fromFloat(x: number): Decimal {
    return Decimal.parse(floatRepr(x));
  }

  /** Decimal(int). */
  static fromInt(n: number | bigint): Decimal {
    const b = BigInt(n);
    return new Decimal(b < 0n, b < 0n ? -b : b, 0);
  }

  /** The exact value of a float (Decimal.from_float), used to compare with floats as Python does. */
  static exactFloat(x: number): Decimal {
    return Decimal.of(exactFloatParts(x));
  }

  private static of(p: DecimalParts): Decimal {
    return new Decimal(p.negative, p.coeff, p.exp, p.kind);
  }

  private static finite(negative: boolean, coeff: bigint, exp: number): Decimal {
    return new Decimal(negative, coeff, exp).fix();
  }

  /** Rounds to the context's 28 significant digits, half to even (Decimal._fix). */
  private fix(): Decimal {
    const extra = digitCount(this.coeff) - PREC;
    if (this.kind !== 'finite' || extra <= 0) return this;
    return new Decimal(this.negative, roundHalfEven(this.coeff, extra), this.exp + extra);
  }

  private signed(): bigint {
    return this.negative ? -this.coeff : this.coeff;
  }

  /** round(d, n): quantized to n places, half to even; round(d) is an int. */
  __round__(places?: number): Decimal | number {
    if (places === undefined) return this.quantizeTo(0).__int__();
    if (this.kind !== 'finite') return this;
    return this.quantizeTo(-places);
  }

  private quantizeTo(exp: number): Decimal {
    if (this.kind !== 'finite' || exp === this.exp) return this;
    if (exp < this.exp) return new Decimal(this.negative, this.coeff * pow10(this.exp - exp), exp);
    return new Decimal(this.negative, roundHalfEven(this.coeff, exp - this.exp), exp);
  }

  /** +d: the value rounded to the context (so `+Decimal('-0')` is `0`), as Python's unary plus. */
  __pos__(): Decimal {
    if (this.kind === 'finite' && this.coeff === 0n) return new Decimal(false, 0n, this.exp);
    return this.fix();
  }

  /**
   * What a dict key or set member is, as Python's hash() and == see it: a Decimal equal to an int
   * is that int (so 1, 1.0, Decimal('1.00') are one key), one equal to a float is that float,
   * others are their value with trailing zeros dropped (Decimal('0.10') is Decimal('0.1')).
   */
  hashIdentity(): unknown {
    if (this.kind === 'nan') return this;
    if (this.kind === 'inf') return this.negative ? -Infinity : Infinity;
    if (this.coeff === 0n) return 0;
    let coeff = this.coeff;
    let exp = this.exp;
    while (coeff % TEN === 0n) {
      coeff /= TEN;
      exp++;
    }
    if (exp >= 0 && exp < 16) {
      const n = Number((this.negative ? -coeff : coeff) * pow10(exp));
      if (Number.isSafeInteger(n)) return n;
    }
    const x = this.__float__();
    if (Decimal.exactFloat(x).compare(this) === 0) return x;
    return `\u0000Decimal${this.negative ? '-' : ''}${coeff}E${exp}`;
  }

  __neg__(): Decimal {
    if (this.kind === 'finite' && this.coeff === 0n) return new Decimal(false, 0n, this.exp).fix();
    return new Decimal(!this.negative, this.coeff, this.exp, this.kind).fix();
  }
  __abs__(): Decimal {
    return new Decimal(false, this.coeff, this.exp, this.kind).fix();
  }

  __add__(other: unknown): unknown {
    return this.binary(other, '+', (a, b) => a.plus(b));
  }
  __radd__(other: unknown): unknown {
    return this.binary(other, '+', (a, b) => b.plus(a), true);
  }
  __sub__(other: unknown): unknown {
    return this.binary(other, '-', (a, b) => a.plus(b.__neg__()));
  }
  __rsub__(other: unknown): unknown {
    return this.binary(other, '-', (a, b) => b.plus(a.__neg__()), true);
  }
  __mul__(other: unknown): unknown {
    return this.binary(other, '*', (a, b) => a.times(b));
  }
  __rmul__(other: unknown): unknown {
    return this.binary(other, '*', (a, b) => b.times(a), true);
  }
  __truediv__(other: unknown): unknown {
    return this.binary(other, '/', (a, b) => a.dividedBy(b));
  }
  __rtruediv__(other: unknown): unknown {
    return this.binary(other, '/', (a, b) => b.dividedBy(a), true);
  }
  __floordiv__(other: unknown): unknown {
    return this.binary(other, '//', (a, b) => a.divmod(b)[0]);
  }
  __rfloordiv__(other: unknown): unknown {
    return this.binary(other, '//', (a, b) => b.divmod(a)[0], true);
  }
  __mod__(other: unknown): unknown {
    return this.binary(other, '%', (a, b) => a.divmod(b)[1]);
  }
  __rmod__(other: unknown): unknown {
    return this.binary(other, '%', (a, b) => b.divmod(a)[1], true);
  }
  __pow__(other: unknown): unknown {
    return this.binary(other, '**', (a, b) => a.power(b));
  }
  __rpow__(other: unknown): unknown {
    return this.binary(other, '**', (a, b) => b.power(a), true);
  }

  __eq__(other: unknown): unknown {
    const o = comparable(other);
    if (o === null) return NotImplemented;
    return this.kind !== 'nan' && o.kind !== 'nan' && this.compare(o) === 0;
  }
  __ne__(other: unknown): unknown {
    const r = this.__eq__(other);
    return r === NotImplemented ? r : !r;
  }

  protected order(other: unknown, test: (c: number) => boolean): unknown {
    const o = comparable(other);
    if (o === null) return NotImplemented;
    if (this.kind === 'nan' || o.kind === 'nan') throw pyError('InvalidOperation', "[<class 'decimal.InvalidOperation'>]");
    return test(this.compare(o));
  }

  /** -1, 0 or 1: this against other (neither NaN). */
  private compare(o: Decimal): number {
    const rank = (d: Decimal): number => (d.kind === 'inf' ? (d.negative ? -1 : 1) : 0);
    if (rank(this) !== rank(o) || rank(this) !== 0) return Math.sign(rank(this) - rank(o));
    const e = Math.min(this.exp, o.exp);
    const a = this.signed() * pow10(this.exp - e);
    const b = o.signed() * pow10(o.exp - e);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  // Python mixes a Decimal with ints (and bools) only; a float operand is a TypeError.
  private binary(other: unknown, op: string, f: (a: Decimal, b: Decimal) => Decimal, reflected = false): unknown {
    const o = other instanceof Decimal ? other : intOperand(other);
    if (o === null) {
      if (other instanceof PyFloat || typeof other === 'number') {
        const [l, r] = reflected ? ['float', 'decimal.Decimal'] : ['decimal.Decimal', 'float'];
        throw pyError('TypeError', `unsupported operand type(s) for ${op}: '${l}' and '${r}'`);
      }
      return NotImplemented;
    }
    return f(this, o);
  }

  private plus(o: Decimal): Decimal {
    if (this.kind === 'nan' || o.kind === 'nan') return NAN;
    if (this.kind === 'inf' || o.kind === 'inf') {
      if (this.kind === 'inf' && o.kind === 'inf' && this.negative !== o.negative) throw invalid();
      return this.kind === 'inf' ? this : o;
    }
    const e = Math.min(this.exp, o.exp);
    const sum = this.signed() * pow10(this.exp - e) + o.signed() * pow10(o.exp - e);
    // an exact zero sum is positive unless both operands were negative (half-even rounding)
    const negative = sum < 0n || (sum === 0n && this.negative && o.negative);
    return Decimal.finite(negative, sum < 0n ? -sum : sum, e);
  }

  private times(o: Decimal): Decimal {
    const negative = this.negative !== o.negative;
    if (this.kind === 'nan' || o.kind === 'nan') return NAN;
    if (this.kind === 'inf' || o.kind === 'inf') {
      if ((this.kind === 'finite' && this.coeff === 0n) || (o.kind === 'finite' && o.coeff === 0n)) throw invalid();
      return new Decimal(negative, 0n, 0, 'inf');
    }
    return Decimal.finite(negative, this.coeff * o.coeff, this.exp + o.exp);
  }

  // Decimal.__truediv__: exact results come as close to the ideal exponent as they can.
  private dividedBy(o: Decimal): Decimal {
    const negative = this.negative !== o.negative;
    if (this.kind !== 'finite' || o.kind !== 'finite') return this.specialDivide(o, negative);
    if (o.coeff === 0n) {
      if (this.coeff === 0n) throw pyError('InvalidOperation', "[<class 'decimal.DivisionUndefined'>]");
      throw pyError('ZeroDivisionError', "[<class 'decimal.DivisionByZero'>]");
    }
    if (this.coeff === 0n) return Decimal.finite(negative, 0n, this.exp - o.exp);
    const shift = digitCount(o.coeff) - digitCount(this.coeff) + PREC + 1;
    let exp = this.exp - o.exp - shift;
    const [n, d] = shift >= 0 ? [this.coeff * pow10(shift), o.coeff] : [this.coeff, o.coeff * pow10(-shift)];
    let q = n / d;
    if (n % d !== 0n) {
      // not exact: a final 1 stands for the discarded remainder so rounding is correct
      if (q % 5n === 0n) q += 1n;
    } else {
      const ideal = this.exp - o.exp;
      while (exp < ideal && q % TEN === 0n) {
        q /= TEN;
        exp++;
      }
    }
    return Decimal.finite(negative, q, exp);
  }

  private specialDivide(o: Decimal, negative: boolean): Decimal {
    if (this.kind === 'nan' || o.kind === 'nan') return NAN;
    if (this.kind === 'inf' && o.kind === 'inf') throw invalid();
    if (this.kind === 'inf') return new Decimal(negative, 0n, 0, 'inf');
    return new Decimal(negative, 0n, 0);
  }

  // Decimal's // and %: the quotient truncated toward zero, the remainder takes the dividend's sign.
  private divmod(o: Decimal): [Decimal, Decimal] {
    if (this.kind !== 'finite' || o.kind !== 'finite') {
      if (this.kind === 'nan' || o.kind === 'nan') return [NAN, NAN];
      if (this.kind === 'inf') throw invalid();
      return [new Decimal(this.negative !== o.negative, 0n, 0), this];
    }
    if (o.coeff === 0n) {
      if (this.coeff === 0n) throw pyError('InvalidOperation', "[<class 'decimal.DivisionUndefined'>]");
      throw pyError('ZeroDivisionError', "[<class 'decimal.DivisionByZero'>]");
    }
    const e = Math.min(this.exp, o.exp);
    const a = this.coeff * pow10(this.exp - e);
    const b = o.coeff * pow10(o.exp - e);
    const q = a / b;
    if (digitCount(q) > PREC) throw pyError('InvalidOperation', "[<class 'decimal.DivisionImpossible'>]");
    return [new Decimal(this.negative !== o.negative, q, 0), Decimal.finite(this.negative, a % b, e)];
  }

  // Decimal.__pow__: an integer power is computed exactly, then rounded to the context (its exact
  // form keeps the ideal exponent, so Decimal('1.50') ** 2 is 2.2500); any other power is
  // e**(y·ln x) correctly rounded to 28 digits (see decimal-power.ts).
  private power(o: Decimal): Decimal {
    if (this.kind === 'nan' || o.kind === 'nan') return NAN;
    const integral = o.kind === 'finite' && (o.exp >= 0 || o.coeff % pow10(-o.exp) === 0n);
    const isZero = (d: Decimal): boolean => d.kind === 'finite' && d.coeff === 0n;
    if (isZero(o)) {
      if (isZero(this)) throw invalid();
      return new Decimal(false, 1n, 0);
    }
    let negative = false;
    if (this.negative) {
      if (integral) negative = o.integerValue() % 2n !== 0n;
      else if (!isZero(this)) throw invalid();
    }
    const base = new Decimal(false, this.coeff, this.exp, this.kind);
    const infinity = new Decimal(negative, 0n, 0, 'inf');
    const zero = new Decimal(negative, 0n, 0);
    if (isZero(base)) return o.negative ? infinity : zero;
    if (base.kind === 'inf') return o.negative ? zero : infinity;
    if (base.compare(ONE) === 0) {
      // 1 ** y: the exponent follows an integer y (1.0 ** 3 is 1.000), else 28 digits
      let exp = 1 - PREC;
      if (integral) {
        const n = o.integerValue();
        exp = Math.max(1 - PREC, base.exp * (o.negative ? 0 : n > BigInt(PREC) ? PREC : Number(n)));
      }
      return new Decimal(negative, pow10(-exp), exp);
    }
    if (o.kind === 'inf') return (o.negative === false) === base.compare(ONE) < 0 ? zero : infinity;
    let xc = base.coeff;
    let xe = base.exp;
    while (xc % TEN === 0n) {
      xc /= TEN;
      xe++;
    }
    if (integral && xc === 1n) {
      // a power of ten: exact at any size, padded toward the ideal exponent for a positive power
      const n = Number(o.integerValue());
      if (n < 0) return new Decimal(negative, 1n, xe * n);
      const zeros = Math.min(xe * n - base.exp * n, PREC);
      return Decimal.finite(negative, pow10(zeros), xe * n - zeros);
    }
    if (integral) {
      const n = o.integerValue();
      const m = n < 0n ? -n : n;
      // past a few thousand digits the exact power is not worth building: it is rounded anyway
      if (m * BigInt(digitCount(xc)) <= 4000n) {
        const k = Number(m);
        if (n > 0n) {
          const exact = xc ** m;
          const zeros = Math.max(0, Math.min(xe * k - base.exp * k, PREC + 1 - digitCount(exact)));
          return Decimal.finite(negative, exact * pow10(zeros), xe * k - zeros);
        }
        const power = xc ** m;
        const q = ONE.dividedBy(new Decimal(false, power, xe * k));
        // an exact reciprocal (q · x^m == 1, no rounding) comes without trailing zeros
        const e = q.exp + xe * k;
        const exact = e <= 0 && q.coeff * power === pow10(-e);
        return exact ? q.stripped(negative) : new Decimal(negative, q.coeff, q.exp);
      }
    }
    const r = approxPower(xc, xe, o.negative, o.coeff, o.exp, PREC);
    if (r === 'overflow') throw pyError('Overflow', "[<class 'decimal.Overflow'>]");
    if (r === 'underflow') return new Decimal(negative, 0n, -1000026);
    return new Decimal(negative, r.coeff, r.exp);
  }

  // the integer value of an integral finite Decimal, exactly
  private integerValue(): bigint {
    const n = this.exp >= 0 ? this.coeff * pow10(this.exp) : this.coeff / pow10(-this.exp);
    return this.negative ? -n : n;
  }

  private stripped(negative: boolean): Decimal {
    let { coeff, exp } = this;
    while (coeff !== 0n && coeff % TEN === 0n) {
      coeff /= TEN;
      exp++;
    }
    return new Decimal(negative, coeff, exp);
  }
}

const NAN = Decimal.parse('NaN');
const ONE = Decimal.fromInt(1);

function invalid(): Error {
  return pyError('InvalidOperation', "[<class 'decimal.InvalidOperation'>]");
}

// ints and bools mix into Decimal arithmetic; floats do not
function intOperand(v: unknown): Decimal | null {
  if (typeof v === 'boolean') return Decimal.fromInt(v ? 1 : 0);
  if (typeof v === 'number' && Number.isInteger(v)) return Decimal.fromInt(v);
  return null;
}

// comparisons also take floats, compared at their exact value
function comparable(v: unknown): Decimal | null {
  if (v instanceof Decimal) return v;
  if (v instanceof PyFloat) return Decimal.exactFloat(v.value);
  if (typeof v === 'number' && !Number.isInteger(v)) return Decimal.exactFloat(v);
  return intOperand(v);
}
