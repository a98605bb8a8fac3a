// Python operators over engine values: arithmetic with int/float distinction and
// floor semantics, equality, ordering and membership.
import { pyError } from './errors.js';
import { percentFormat } from './python-format.js';
import { PyInt } from './py-int.js';
import { PySlice } from './py-slice.js';
import { NotImplemented, PyDict, PyFloat, Undefined, dunder, isDict, isFloat, isPySet, isTuple, mkFloat, num, tuple, typeName } from './values.js';
import { dictEntries, dictSize, isMapping, plainKey } from './values-dict.js';
import { PyStrEnum, unwrapStrEnum } from './str-enum.js';

const isNum = (v: unknown): boolean => typeof v === 'number' || v instanceof PyFloat || typeof v === 'boolean';

const NONE_FOUND: unique symbol = Symbol('none');

/** Python's binary operator protocol for host objects: `a.__op__(b)`, then `b.__rop__(a)`. */
function hostBinary(a: unknown, b: unknown, name: string, rname: string): unknown {
  const f = dunder(a, name);
  if (f) {
    const r = f(b);
    if (r !== NotImplemented) return r;
  }
  const g = dunder(b, rname);
  if (g) {
    const r = g(a);
    if (r !== NotImplemented) return r;
  }
  return NONE_FOUND;
}

const isObj = (v: unknown): boolean => v !== null && typeof v === 'object';

function unsupported(op: string, a: unknown, b: unknown): never {
  if (a instanceof Undefined) a.fail();
  if (b instanceof Undefined) b.fail();
  throw pyError('TypeError', `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** An int result past 2**53 computed again exactly, as Python's ints have no size limit. */
function exactInt(r: number, a: unknown, b: unknown, op: (x: bigint, y: bigint) => bigint): unknown {
  return Number.isSafeInteger(r) || !isInt(a) || !isInt(b) ? r : PyInt.of(op(BigInt(a), BigInt(b)));
}

/** Result of a numeric operation: float when either operand was a float. */
function numResult(r: number, a: unknown, b: unknown): number | PyFloat {
  if (Number.isInteger(r) && (isFloat(a) || isFloat(b))) return new PyFloat(r);
  return r;
}

/** a + b */
export function add(a: unknown, b: unknown): unknown {
  if (a instanceof PyStrEnum || b instanceof PyStrEnum) return add(unwrapStrEnum(a), unwrapStrEnum(b));
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (!Number.isInteger(r)) return r;
    if (!Number.isInteger(a) || !Number.isInteger(b)) return new PyFloat(r);
    return Number.isSafeInteger(r) ? r : exactInt(r, a, b, (x, y) => x + y);
  }
  if (isObj(a) || isObj(b)) {
    const r = hostBinary(a, b, '__add__', '__radd__');
    if (r !== NONE_FOUND) return r;
  }
  if (typeof a === 'string') {
    if (typeof b === 'string') return a + b;
    if (b instanceof Undefined) b.fail();
    throw pyError('TypeError', `can only concatenate str (not "${typeName(b)}") to str`);
  }
  if (isNum(a) && isNum(b)) return numResult(num(a) + num(b), a, b);
  if (Array.isArray(a)) {
    if (Array.isArray(b) && isTuple(a) === isTuple(b)) return isTuple(a) ? tuple([...a, ...b]) : [...a, ...b];
    if (b instanceof Undefined) b.fail();
    throw pyError('TypeError', `can only concatenate ${typeName(a)} (not "${typeName(b)}") to ${typeName(a)}`);
  }
  return unsupported('+', a, b);
}

/** a - b */
export function sub(a: unknown, b: unknown): unknown {
  if (isNum(a) && isNum(b)) {
    const r = num(a) - num(b);
    return Number.isSafeInteger(r) ? numResult(r, a, b) : isInt(a) && isInt(b) ? exactInt(r, a, b, (x, y) => x - y) : numResult(r, a, b);
  }
  const r = hostBinary(a, b, '__sub__', '__rsub__');
  if (r !== NONE_FOUND) return r;
  return unsupported('-', a, b);
}

function repeat(seq: unknown, n: unknown): unknown {
  const k = Math.max(0, num(n));
  if (typeof seq === 'string') return seq.repeat(k);
  const arr = seq as unknown[];
  const out: unknown[] = [];
  for (let i = 0; i < k; i++) out.push(...arr);
  return isTuple(arr) ? tuple(out) : out;
}

/** a * b */
export function mul(a: unknown, b: unknown): unknown {
  if (isNum(a) && isNum(b)) {
    const r = num(a) * num(b);
    return Number.isSafeInteger(r) ? numResult(r, a, b) : isInt(a) && isInt(b) ? exactInt(r, a, b, (x, y) => x * y) : numResult(r, a, b);
  }
  if (isObj(a) || isObj(b)) {
    const r = hostBinary(a, b, '__mul__', '__rmul__');
    if (r !== NONE_FOUND) return r;
  }
  const intLike = (v: unknown): boolean => (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'boolean';
  if ((typeof a === 'string' || Array.isArray(a)) && intLike(b)) return repeat(a, b);
  if ((typeof b === 'string' || Array.isArray(b)) && intLike(a)) return repeat(b, a);
  if (typeof a === 'string' || Array.isArray(a)) {
    if (b instanceof Undefined) b.fail();
    throw pyError('TypeError', `can't multiply sequence by non-int of type '${typeName(b)}'`);
  }
  return unsupported('*', a, b);
}

/** a / b (always a float) */
export function div(a: unknown, b: unknown): unknown {
  if (isNum(a) && isNum(b)) {
    if (num(b) === 0) throw pyError('ZeroDivisionError', 'division by zero');
    return mkFloat(num(a) / num(b));
  }
  const r = hostBinary(a, b, '__truediv__', '__rtruediv__');
  if (r !== NONE_FOUND) return r;
  return unsupported('/', a, b);
}

/** a // b (floor division) */
export function floordiv(a: unknown, b: unknown): unknown {
  if (isNum(a) && isNum(b)) {
    const y = num(b);
    if (y === 0) throw pyError('ZeroDivisionError', isFloat(a) || isFloat(b) ? 'float floor division by zero' : 'integer division or modulo by zero');
    const x = num(a);
    // Python's float floor division: from the exact remainder, not from the rounded quotient
    // (3 // 0.1 is 29.0, as 0.1 is a little more than a tenth)
    const m = x % y;
    let div = (x - m) / y;
    if (m !== 0 && y < 0 !== m < 0) div -= 1;
    let q: number;
    if (div !== 0) {
      q = Math.floor(div);
      if (div - q > 0.5) q += 1;
    } else q = x / y < 0 || Object.is(x / y, -0) ? -0 : 0;
    if (!isFloat(a) && !isFloat(b)) return q + 0;
    return numResult(q, a, b);
  }
  const r = hostBinary(a, b, '__floordiv__', '__rfloordiv__');
  if (r !== NONE_FOUND) return r;
  return unsupported('//', a, b);
}

/** a % b (Python modulo, or string formatting when a is a string) */
export function mod(a: unknown, b: unknown): unknown {
  if (typeof a === 'string') return percentFormat(a, b);
  if (isNum(a) && isNum(b)) {
    const x = num(a);
    const y = num(b);
    if (y === 0) throw pyError('ZeroDivisionError', isFloat(a) || isFloat(b) ? 'float modulo' : 'integer division or modulo by zero');
    let r = x % y;
    if (r !== 0 && r < 0 !== y < 0) r += y;
    // a zero remainder takes the divisor's sign, as Python's float modulo does (ints have no -0)
    if (r === 0) r = y < 0 && (isFloat(a) || isFloat(b)) ? -0 : 0;
    return numResult(r, a, b);
  }
  const r = hostBinary(a, b, '__mod__', '__rmod__');
  if (r !== NONE_FOUND) return r;
  return unsupported('%', a, b);
}

/** a ** b */
export function pow(a: unknown, b: unknown): unknown {
  if (isNum(a) && isNum(b)) {
    const x = num(a);
    const y = num(b);
    if (x === 0 && y < 0) throw pyError('ZeroDivisionError', '0.0 cannot be raised to a negative power');
    const r = Math.pow(x, y);
    if (!isFloat(a) && !isFloat(b) && y < 0) return mkFloat(r);
    if (!Number.isSafeInteger(r) && isInt(a) && isInt(b)) return exactInt(r, a, b, (p, q) => p ** q);
    return numResult(r, a, b);
  }
  const r = hostBinary(a, b, '__pow__', '__rpow__');
  if (r !== NONE_FOUND) return r;
  return unsupported('** or pow()', a, b);
}

/** -a */
export function neg(a: unknown): unknown {
  if (typeof a === 'number') return -a;
  if (a instanceof PyFloat) return new PyFloat(-a.value);
  if (typeof a === 'boolean') return a ? -1 : 0;
  if (a instanceof Undefined) a.fail();
  const f = dunder(a, '__neg__');
  if (f) return f();
  throw pyError('TypeError', `bad operand type for unary -: '${typeName(a)}'`);
}

/** +a */
export function pos(a: unknown): unknown {
  if (isNum(a)) return typeof a === 'boolean' ? +a : a;
  if (a instanceof Undefined) a.fail();
  const f = dunder(a, '__pos__');
  if (f) return f();
  throw pyError('TypeError', `bad operand type for unary +: '${typeName(a)}'`);
}

/** a == b with Python semantics. */
export function eq(a: unknown, b: unknown): boolean {
  if (a === b) return typeof a !== 'number' || !Number.isNaN(a);
  if (a instanceof Undefined || b instanceof Undefined) {
    if (a instanceof Undefined && a.strict) a.fail();
    if (b instanceof Undefined && b.strict) b.fail();
    return a instanceof Undefined && b instanceof Undefined;
  }
  if (a == null || b == null) return a == null && b == null;
  if (isNum(a) && isNum(b)) return num(a) === num(b);
  if (typeof a === 'object' || typeof b === 'object') {
    const r = hostBinary(a, b, '__eq__', '__eq__');
    if (r !== NONE_FOUND) return !!r;
  }
  if (isPySet(a) || isPySet(b)) {
    // Python sets are equal when they hold the same members, whatever the order.
    if (!isPySet(a) || !isPySet(b) || a.length !== b.length) return false;
    return a.every((x) => b.some((y) => eq(x, y)));
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || isTuple(a) !== isTuple(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!eq(a[i], b[i])) return false;
    return true;
  }
  if (isMapping(a)) {
    if (!isMapping(b) || dictSize(a) !== dictSize(b)) return false;
    for (const [k, v] of dictEntries(a)) {
      // a plain dict only has string keys: {1: x} never equals {'1': x}
      const w = b instanceof PyDict ? b.get(k) : typeof k === 'string' && Object.hasOwn(b, k) ? b[k] : undefined;
      if (w === undefined || !eq(v, w)) return false;
    }
    return true;
  }
  return false;
}

/** a != b */
export function ne(a: unknown, b: unknown): boolean {
  if ((typeof a === 'object' && a !== null) || (typeof b === 'object' && b !== null)) {
    const r = hostBinary(a, b, '__ne__', '__ne__');
    if (r !== NONE_FOUND) return !!r;
  }
  return !eq(a, b);
}

/** Python ordering: <0, 0, >0, or throws TypeError for unorderable types. */
export function cmp(a: unknown, b: unknown, op = '<'): number {
  if (a instanceof PyStrEnum || b instanceof PyStrEnum) return cmp(unwrapStrEnum(a), unwrapStrEnum(b), op);
  if (isNum(a) && isNum(b)) {
    const x = num(a);
    const y = num(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (eq(a[i], b[i])) continue;
      return cmp(a[i], b[i], op);
    }
    return a.length - b.length;
  }
  if (isObj(a) || isObj(b)) {
    // orderable host objects (dates, versions) sort by __lt__, as Python's sort does
    if (hostLess(a, b, op)) return -1;
    if (hostLess(b, a, op)) return 1;
    return 0;
  }
  if (a instanceof Undefined) a.fail();
  if (b instanceof Undefined) b.fail();
  throw pyError('TypeError', `'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

function unorderable(a: unknown, b: unknown, op: string): never {
  if (a instanceof Undefined) a.fail();
  if (b instanceof Undefined) b.fail();
  throw pyError('TypeError', `'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

/** `a < b` for host objects: `a.__lt__(b)`, then `b.__gt__(a)`. */
function hostLess(a: unknown, b: unknown, op: string): boolean {
  const r = hostBinary(a, b, '__lt__', '__gt__');
  if (r === NONE_FOUND) unorderable(a, b, op);
  return !!r;
}

const REFLECT: Record<string, string> = { __lt__: '__gt__', __le__: '__ge__', __gt__: '__lt__', __ge__: '__le__' };

const builtinOrdered = (v: unknown): boolean => !isObj(v) || v instanceof PyFloat || Array.isArray(v) || v instanceof Undefined;

/** A rich comparison: host dunders when an operand is an object, else Python's builtin ordering. */
function compare(a: unknown, b: unknown, name: string, op: string, test: (c: number) => boolean): boolean {
  if (a instanceof PyStrEnum || b instanceof PyStrEnum) return compare(unwrapStrEnum(a), unwrapStrEnum(b), name, op, test);
  if (isObj(a) || isObj(b)) {
    const r = hostBinary(a, b, name, REFLECT[name]!);
    if (r !== NONE_FOUND) return !!r;
    if (!builtinOrdered(a) || !builtinOrdered(b)) unorderable(a, b, op);
  }
  return test(cmp(a, b, op));
}

export const lt = (a: unknown, b: unknown): boolean => (typeof a === 'number' && typeof b === 'number' ? a < b : compare(a, b, '__lt__', '<', (c) => c < 0));
export const le = (a: unknown, b: unknown): boolean => (typeof a === 'number' && typeof b === 'number' ? a <= b : compare(a, b, '__le__', '<=', (c) => c <= 0));
export const gt = (a: unknown, b: unknown): boolean => (typeof a === 'number' && typeof b === 'number' ? a > b : compare(a, b, '__gt__', '>', (c) => c > 0));
export const ge = (a: unknown, b: unknown): boolean => (typeof a === 'number' && typeof b === 'number' ? a >= b : compare(a, b, '__ge__', '>=', (c) => c >= 0));

/** item in container */
export function isIn(item: unknown, container: unknown): boolean {
  if (item instanceof PyStrEnum || container instanceof PyStrEnum) return isIn(unwrapStrEnum(item), unwrapStrEnum(container));
  if (typeof container === 'string') {
    if (typeof item !== 'string') {
      if (item instanceof Undefined) item.fail();
      throw pyError('TypeError', `'in <string>' requires string as left operand, not ${typeName(item)}`);
    }
    return container.includes(item);
  }
  if (Array.isArray(container)) {
    for (const x of container) if (eq(x, item)) return true;
    return false;
  }
  if (isDict(container)) return Object.hasOwn(container, keyOf(item));
  if (container instanceof PyDict) return container.has(item);
  if (container instanceof Map || container instanceof Set) return container.has(item);
  if (container instanceof Undefined) {
    if (container.strict) container.fail();
    return false;
  }
  if (container !== null && typeof container === 'object') {
    const contains = dunder(container, '__contains__');
    if (contains) return !!contains(item);
    const it = dunder(container, '__iter__');
    if (it) {
      for (const x of it() as Iterable<unknown>) if (eq(x, item)) return true;
      return false;
    }
    if (Symbol.iterator in container) {
      for (const x of container as Iterable<unknown>) if (eq(x, item)) return true;
      return false;
    }
    return keyOf(item) in container;
  }
  throw pyError('TypeError', `argument of type '${typeName(container)}' is not iterable`);
}

/** item not in container */
export const notIn = (item: unknown, container: unknown): boolean => !isIn(item, container);

/** The JS property key for a Python dict key. */
export function keyOf(k: unknown): string {
  return plainKey(k);
}

/**
 * `obj[start:stop:step]` with Python's slice rules; a host object gets a slice object in its
 * `__getitem__` (agate's Table and MappedSequence answer with a tuple), as in Python.
 */
export function slice(obj: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  if (obj instanceof Undefined) return obj.fail();
  const s = new PySlice(start, stop, step);
  if (typeof obj === 'string') return s.select([...obj]).join('');
  if (Array.isArray(obj)) return isTuple(obj) ? tuple(s.select(obj)) : s.select(obj);
  const getitem = isDict(obj) || obj instanceof PyDict ? undefined : dunder(obj, '__getitem__');
  const r = getitem ? getitem(s) : undefined;
  if (r !== undefined) return r;
  // a host `__getitem__` that has no item for a slice is one that does not take slices
  if (getitem) throw pyError('TypeError', `'${typeName(obj)}' object does not support slicing`);
  throw pyError('TypeError', `'${typeName(obj)}' object is not subscriptable`);
}
