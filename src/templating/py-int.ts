// Python ints past ±(2**53 − 1), which a JS number cannot hold exactly. Templates meet them in
// query results (a BIGINT or HUGEINT cell): dbt hands those to Jinja as exact Python ints. Every
// other int stays a plain number, so the common path never sees this class; results that fit a
// number again become one.
import { Decimal } from './decimal.js';
import { pyError } from './errors.js';
import { add, div, floordiv, mod, mul, pow, sub } from './ops.js';
import { jsonNumber } from './python-json-numbers.js';
import { NotImplemented, PyFloat, num } from './values.js';
import { PyOrdered } from './py-ordered.js';

const MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** An exact Python int too large for a JS number; arithmetic, comparison, hashing and str() are Python's. */
export class PyInt extends PyOrdered {
  constructor(readonly value: bigint) {
    super();
  }

  /** An int as the engine holds it: a number when it fits exactly, else a PyInt. */
  static of(value: bigint): number | PyInt {
    return value <= MAX && value >= -MAX ? Number(value) : new PyInt(value);
  }

  __str__(): string {
    return this.value.toString();
  }
  __repr__(): string {
    return this.value.toString();
  }
  __int__(): PyInt {
    return this;
  }
  __float__(): number {
    return Number(this.value);
  }
  __bool__(): boolean {
    return this.value !== 0n;
  }
  __neg__(): number | PyInt {
    return PyInt.of(-this.value);
  }
  __pos__(): PyInt {
    return this;
  }
  __abs__(): number | PyInt {
    return PyInt.of(this.value < 0n ? -this.value : this.value);
  }
  /** As Python hashes: equal to a float that holds the same value, else its own key. */
  hashIdentity(): unknown {
    const n = Number(this.value);
    return BigInt(n) === this.value ? n : `\u0000int${this.value}`;
  }
  /** JSON.stringify (host code) writes the nearest number; the tojson filter and the artifacts write the digits. */
  toJSON(): number | string {
    return jsonNumber(() => this.value.toString(), Number(this.value));
  }

  __add__(o: unknown): unknown {
    return this.binary(o, false, (a, b) => a + b, add, (a, b) => a.__add__(b));
  }
  __radd__(o: unknown): unknown {
    return this.binary(o, true, (a, b) => a + b, add, (a, b) => a.__add__(b));
  }
  __sub__(o: unknown): unknown {
    return this.binary(o, false, (a, b) => a - b, sub, (a, b) => a.__sub__(b));
  }
  __rsub__(o: unknown): unknown {
    return this.binary(o, true, (a, b) => a - b, sub, (a, b) => a.__sub__(b));
  }
  __mul__(o: unknown): unknown {
    return this.binary(o, false, (a, b) => a * b, mul, (a, b) => a.__mul__(b));
  }
  __rmul__(o: unknown): unknown {
    return this.binary(o, true, (a, b) => a * b, mul, (a, b) => a.__mul__(b));
  }
  __floordiv__(o: unknown): unknown {
    return this.binary(o, false, floorDiv, floordiv, (a, b) => a.__floordiv__(b));
  }
  __rfloordiv__(o: unknown): unknown {
    return this.binary(o, true, floorDiv, floordiv, (a, b) => a.__floordiv__(b));
  }
  __mod__(o: unknown): unknown {
    return this.binary(o, false, floorMod, mod, (a, b) => a.__mod__(b));
  }
  __rmod__(o: unknown): unknown {
    return this.binary(o, true, floorMod, mod, (a, b) => a.__mod__(b));
  }
  // int / int is a float in Python 3: through numbers, as the result is one.
  __truediv__(o: unknown): unknown {
    return this.binary(o, false, undefined, div, (a, b) => a.__truediv__(b));
  }
  __rtruediv__(o: unknown): unknown {
    return this.binary(o, true, undefined, div, (a, b) => a.__truediv__(b));
  }
  __pow__(o: unknown): unknown {
    return this.binary(o, false, intPow, pow, (a, b) => a.__pow__(b));
  }
  __rpow__(o: unknown): unknown {
    return this.binary(o, true, intPow, pow, (a, b) => a.__pow__(b));
  }

  __eq__(o: unknown): unknown {
    const c = this.compare(o);
    return c === NotImplemented ? c : c === 0;
  }
  __ne__(o: unknown): unknown {
    const c = this.compare(o);
    return c === NotImplemented ? c : c !== 0;
  }

  // An int operand exactly; a float operand through the engine's float arithmetic (the result is
  // a float); a Decimal operand as Decimal(int) does it. `reflected`: this is the right operand.
  private binary(
    o: unknown,
    reflected: boolean,
    ints: ((a: bigint, b: bigint) => unknown) | undefined,
    floats: (a: unknown, b: unknown) => unknown,
    decimals: (a: Decimal, b: Decimal) => unknown,
  ): unknown {
    const b = intOperand(o);
    if (b !== undefined && ints) {
      const r = reflected ? ints(b, this.value) : ints(this.value, b);
      return typeof r === 'bigint' ? PyInt.of(r) : r;
    }
    if (b !== undefined || o instanceof PyFloat || typeof o === 'number') {
      const x = Number(this.value);
      const y = b !== undefined ? Number(b) : o;
      return reflected ? floats(y, x) : floats(x, y);
    }
    if (o instanceof Decimal) {
      const d = Decimal.fromInt(this.value);
      return reflected ? decimals(o, d) : decimals(d, o);
    }
    return NotImplemented;
  }

  // -1, 0, 1 against an int, float or Decimal, exactly as Python compares them; NaN for a float NaN.
  private compare(o: unknown): number | typeof NotImplemented {
    const b = intOperand(o);
    if (b !== undefined) return this.value < b ? -1 : this.value > b ? 1 : 0;
    if (o instanceof PyFloat || typeof o === 'number') {
      const f = num(o);
      if (Number.isNaN(f)) return NaN;
      if (!Number.isFinite(f)) return f > 0 ? -1 : 1;
      const floor = Math.floor(f);
      const whole = BigInt(floor);
      if (this.value < whole) return -1;
      if (this.value > whole) return 1;
      return f === floor ? 0 : -1;
    }
    if (o instanceof Decimal) {
      const d = Decimal.fromInt(this.value);
      return d.__lt__(o) === true ? -1 : d.__gt__(o) === true ? 1 : 0;
    }
    return NotImplemented;
  }

  protected order(o: unknown, test: (c: number) => boolean): unknown {
    const c = this.compare(o);
    if (c === NotImplemented) return c;
    return !Number.isNaN(c) && test(c);
  }
}

// Python error messages name the type `int`.
Object.defineProperty(PyInt, 'name', { value: 'int' });

// A Python int operand (an int number, a bool or a PyInt) as a bigint; undefined otherwise.
function intOperand(v: unknown): bigint | undefined {
  if (v instanceof PyInt) return v.value;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  return undefined;
}

function floorDiv(a: bigint, b: bigint): bigint {
  if (b === 0n) throw pyError('ZeroDivisionError', 'integer division or modulo by zero');
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

function floorMod(a: bigint, b: bigint): bigint {
  if (b === 0n) throw pyError('ZeroDivisionError', 'integer division or modulo by zero');
  const r = a % b;
  return r !== 0n && r < 0n !== b < 0n ? r + b : r;
}

// int ** int: exact for a non-negative exponent (Python's result), a float for a negative one.
function intPow(a: bigint, b: bigint): unknown {
  if (b >= 0n) return a ** b;
  return pow(Number(a), Number(b));
}
