// How Python values are represented in JavaScript, and how they print.
//
// int -> number with an integral value; float -> number with a fractional part, or a
// PyFloat box when the value is integral (so 2.0 prints as `2.0`); str -> string;
// bool -> boolean; None -> null (JS undefined also prints as None); list -> array;
// tuple -> array tagged with TUPLE; dict -> plain object; Undefined -> Undefined.
import { pyError } from './errors.js';
import { floatRepr, intStr, strRepr } from './py-literals.js';
import { jsonNumber } from './python-json-numbers.js';
import { dictEntries } from './values-dict.js';

/** A Python float whose value is integral (2.0); other floats are plain numbers. */
export class PyFloat {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value;
  }
  // json.dumps writes 2.0, where a JavaScript number would write 2 (infinities and nan stay null)
  toJSON(): number | string {
    return Number.isFinite(this.value) ? jsonNumber(() => floatRepr(this.value), this.value) : this.value;
  }
}

/** The marker that makes an array a Python tuple. */
export const TUPLE: unique symbol = Symbol('tuple');

/** Marks a list as a dict view (`d.items()`) so it prints as `dict_items([...])`. */
export const VIEW: unique symbol = Symbol('dictView');

/** Makes a tuple from an array (tagging it in place). */
export function tuple<T>(items: T[]): T[] {
  (items as unknown as Record<symbol, boolean>)[TUPLE] = true;
  return items;
}

// Tagging an array as a tuple gives it a new hidden class, so the plain array's class stops
// being "stable", and code the JIT compiled assuming it was (the lexer's, the parser's) is
// thrown away and compiled again. Tagging one array of each kind when the engine loads makes
// that happen before anything is compiled rather than in the middle of a build.
const ARRAY_KINDS: unknown[][] = [[0], [0.5], [''], [0, , 0], [0.5, , 0.5], ['', , '']];
for (const kind of ARRAY_KINDS) tuple(kind);

/** True when the array is a tuple. */
export function isTuple(v: unknown): v is unknown[] {
  return Array.isArray(v) && (v as unknown as Record<symbol, boolean>)[TUPLE] === true;
}

/** The marker that makes an array a Python set (distinct items, compared without order). */
export const PYSET: unique symbol = Symbol('set');

/** Makes a set from an array of distinct items (tagging it in place). */
export function pySetOf<T>(items: T[]): T[] {
  (items as unknown as Record<symbol, boolean>)[PYSET] = true;
  return items;
}
for (const kind of [[0], [''], [0.5]] as unknown[][]) pySetOf(kind);

/** True when the array is a Python set. */
export function isPySet(v: unknown): v is unknown[] {
  return Array.isArray(v) && (v as unknown as Record<symbol, boolean>)[PYSET] === true;
}

/** Makes a float: integral values are boxed so they keep printing as floats. */
export function mkFloat(n: number): number | PyFloat {
  return Number.isInteger(n) ? new PyFloat(n) : n;
}

/** True for a Python float. */
export function isFloat(v: unknown): boolean {
  return v instanceof PyFloat || (typeof v === 'number' && !Number.isInteger(v));
}

/** True for a Python int (booleans excluded). */
export function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/** True for a number (int, float or bool as Python counts them). */
export function isNumber(v: unknown): boolean {
  return typeof v === 'number' || v instanceof PyFloat || typeof v === 'boolean';
}

/** Numeric value of an int, float or bool. */
export function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v instanceof PyFloat) return v.value;
  if (typeof v === 'boolean') return v ? 1 : 0;
  // a host number (a Decimal from a query result) converts as Python's float() does
  const f = dunder(v, '__float__');
  return f ? Number(f()) : NaN;
}

/** Keyword arguments of a call from a template to a host function (always the last argument). */
export class Kwargs {
  constructor(readonly values: Record<string, unknown>) {}
}

/** Jinja2's undefined value; `strict` ones fail on any use but tests and `default`. */
export class Undefined {
  constructor(
    readonly hint: string,
    readonly strict: boolean,
    /**
     * dbt's parse-time undefined: calling it or reading an attribute or item of it gives itself,
     * so a model that calls a missing macro still parses (its refs are recorded) and fails only
     * when compiled, as in dbt.
     */
    readonly absorbing: boolean = false,
    /** The names visible where the name was looked up, for "did you mean" when it is called. */
    readonly scope?: { names(): Iterable<string> },
  ) {}
  fail(): never {
    throw pyError('UndefinedError', this.hint);
  }
  toString(): string {
    if (this.strict) this.fail();
    return '';
  }
}

/** True when the value is a Jinja undefined (or JS undefined). */
export function isUndefined(v: unknown): boolean {
  return v instanceof Undefined || v === undefined;
}

/** Jinja2's namespace(): the one object whose attributes `set` may assign. */
export class Namespace {
  [key: string]: unknown;
}

/** True for a string-keyed dict: a plain object (not a class instance). */
export function isDict(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/**
 * Set to true on a host object (or its prototype) that Python would see as a
 * collections.abc.Mapping though it is no dict: Jinja's `mapping` test is true for it.
 */
export const PY_MAPPING: unique symbol = Symbol('PY_MAPPING');

/**
 * Set on a host object (or its prototype) to the name of the Python type it stands for, where that
 * is not its class's name: Jinja names it in messages such as "'dict object' has no attribute 'x'".
 */
export const PY_TYPE_NAME: unique symbol = Symbol('PY_TYPE_NAME');

/** True for a host object marked with PY_MAPPING. */
export function isHostMapping(v: unknown): boolean {
  return v !== null && typeof v === 'object' && (v as { [PY_MAPPING]?: unknown })[PY_MAPPING] === true;
}

/**
 * Set to true on a dict that stands for a Python object whose `__getitem__` answers a key it
 * lacks with None (dbt's node configs: BaseConfig.get's default), so that `obj.name` and
 * `obj['name']` read None there instead of undefined.
 */
export const PY_MISSING_IS_NONE: unique symbol = Symbol('PY_MISSING_IS_NONE');

/** True for a dict marked with PY_MISSING_IS_NONE. */
export function missingIsNone(v: object): boolean {
  return (v as { [PY_MISSING_IS_NONE]?: unknown })[PY_MISSING_IS_NONE] === true;
}

/**
 * Set on an array-like host object (or its prototype) to the names of the attributes its Python
 * class defines, such as agate Column's `index`: `obj.index` is then that attribute, not the
 * list method of the same name, as a class attribute shadows the one it inherits.
 */
export const PY_ATTRIBUTES: unique symbol = Symbol('PY_ATTRIBUTES');

/** True when `name` is one of the attributes a host sequence's class defines (see PY_ATTRIBUTES). */
export function isHostAttribute(v: object, name: string): boolean {
  const names = (v as { [PY_ATTRIBUTES]?: ReadonlySet<string> })[PY_ATTRIBUTES];
  return names !== undefined && names.has(name);
}

/** Returned by a host object's dunder method when it does not handle the operand (Python's NotImplemented). */
export const NotImplemented: unique symbol = Symbol('NotImplemented');

/**
 * A host object's Python special method (`__add__`, `__eq__`, `__len__`...), bound, when it
 * has one. Plain objects are dicts, whose keys are data, so they never have special methods.
 */
export function dunder(v: unknown, name: string): ((...args: unknown[]) => unknown) | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const f = (v as Record<string, unknown>)[name];
  if (typeof f !== 'function' || isDict(v)) return undefined;
  return (...args: unknown[]) => (f as (...a: unknown[]) => unknown).apply(v, args);
}

/** The identity a dict key hashes to: 1, 1.0 and True are one key, as in Python. */
function hashKey(k: unknown): unknown {
  if (typeof k === 'string' || typeof k === 'number') return k;
  if (k === null || k === undefined) return null;
  if (typeof k === 'boolean') return k ? 1 : 0;
  if (k instanceof PyFloat) return k.value;
  if (Array.isArray(k)) {
    if (!isTuple(k)) throw pyError('TypeError', "unhashable type: 'list'");
    return `\u0000tuple${k.map((x) => {
      const h = hashKey(x);
      return typeof h === 'string' ? strRepr(h) : typeof h === 'object' && h !== null ? pyRepr(h) : String(h);
    }).join(',')}`;
  }
  if (isDict(k) || k instanceof PyDict) throw pyError('TypeError', "unhashable type: 'dict'");
  // host values equal across types (Decimal('1.0') == 1) share a hash, as in Python
  const identity = dunder(k, 'hashIdentity');
  return identity ? identity() : k;
}

/** The identity of a value as a Python set or dict key sees it (1, 1.0, True and Decimal('1.00') are one); throws for unhashable values. */
export function hashIdentity(k: unknown): unknown {
  return hashKey(k);
}

/**
 * A dict whose keys are not all strings (`{1: 'one', 2.5: 'x'}`). String-keyed dicts stay
 * plain objects so host code reads them directly; this one is made only when a key needs it.
 */
export class PyDict {
  private readonly m = new Map<unknown, [unknown, unknown]>();

  constructor(entries?: Iterable<readonly [unknown, unknown]>) {
    if (entries) for (const [k, v] of entries) this.set(k, v);
  }
  get size(): number {
    return this.m.size;
  }
  has(k: unknown): boolean {
    return this.m.has(hashKey(k));
  }
  /** The value under `k`, or JS undefined when absent. */
  get(k: unknown): unknown {
    return this.m.get(hashKey(k))?.[1];
  }
  set(k: unknown, v: unknown): void {
    const h = hashKey(k);
    const e = this.m.get(h);
    if (e) e[1] = v;
    else this.m.set(h, [k, v]);
  }
  delete(k: unknown): boolean {
    return this.m.delete(hashKey(k));
  }
  clear(): void {
    this.m.clear();
  }
  keys(): unknown[] {
    return Array.from(this.m.values(), (e) => e[0]);
  }
  values(): unknown[] {
    return Array.from(this.m.values(), (e) => e[1]);
  }
  entries(): [unknown, unknown][] {
    return Array.from(this.m.values(), (e) => [e[0], e[1]]);
  }
}

/** Python's type name of a value, as used in error messages. */
export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  switch (typeof v) {
    case 'string':
      return 'str';
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float';
    case 'boolean':
      return 'bool';
    case 'function':
      return (v as { macroName?: string }).macroName !== undefined ? 'Macro' : 'function';
  }
  if (v instanceof PyFloat) return 'float';
  if (Array.isArray(v)) return isTuple(v) ? 'tuple' : 'list';
  if (v instanceof Undefined) return v.strict ? 'StrictUndefined' : 'Undefined';
  if (isDict(v) || v instanceof PyDict) return 'dict';
  const named = (v as { [PY_TYPE_NAME]?: unknown })[PY_TYPE_NAME];
  if (typeof named === 'string') return named;
  return (v as object).constructor?.name ?? 'object';
}

/** Python truthiness. */
export function truthy(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  if (v === null || v === undefined) return false;
  if (typeof v !== 'object') return true;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Undefined) {
    if (v.strict) v.fail();
    return false;
  }
  if (v instanceof PyFloat) return v.value !== 0;
  if (isDict(v)) {
    for (const _ in v) return true;
    return false;
  }
  if (v instanceof Map || v instanceof Set || v instanceof PyDict) return v.size > 0;
  const b = dunder(v, '__bool__');
  if (b) return truthy(b());
  const n = dunder(v, '__len__');
  if (n) return num(n()) !== 0;
  return true;
}

/** Python's repr() of a value (also used to print containers). */
export function pyRepr(v: unknown): string {
  if (typeof v === 'string') return strRepr(v);
  if (v === undefined) return 'None';
  if (Array.isArray(v)) {
    // a host sequence may have its own repr (agate's Row is `<agate.Row: (...)>` inside a list too)
    const own = dunder(v, '__repr__');
    if (own) return String(own());
    const parts = v.map(pyRepr);
    if (isTuple(v)) return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
    if (isPySet(v)) return parts.length === 0 ? 'set()' : `{${parts.join(', ')}}`;
    const view = (v as unknown as Record<symbol, string | undefined>)[VIEW];
    if (view !== undefined) return `${view}([${parts.join(', ')}])`;
    return `[${parts.join(', ')}]`;
  }
  // a plain dict may hold keys given as numbers, tuples or None, in an order JS would not keep
  if (isDict(v)) return `{${dictEntries(v).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  if (v instanceof PyDict) return `{${v.entries().map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  if (v instanceof Undefined) return v.strict ? v.fail() : 'Undefined';
  const r = dunder(v, '__repr__');
  if (r) return String(r());
  if (v instanceof Namespace) {
    const parts: string[] = [];
    for (const k of Object.keys(v)) parts.push(`${strRepr(k)}: ${pyRepr(v[k])}`);
    return `<Namespace {${parts.join(', ')}}>`;
  }
  return pyStr(v);
}

/** What `{{ v }}` prints: Python's str(). JS undefined (a void host function's result) prints as nothing. */
export function pyStr(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return Number.isInteger(v) ? intStr(v) : floatRepr(v);
    case 'boolean':
      return v ? 'True' : 'False';
    case 'undefined':
      return '';
    case 'function': {
      const name = (v as { macroName?: string }).macroName;
      return name !== undefined ? `<Macro '${name}'>` : `<function ${v.name || '<lambda>'}>`;
    }
  }
  if (v === null) return 'None';
  if (v instanceof PyFloat) return floatRepr(v.value);
  if (v instanceof Undefined) return v.toString();
  if (Array.isArray(v)) {
    // a host sequence may print itself (agate's Row is `<agate.Row: (...)>`)
    const own = dunder(v, '__str__');
    return own ? String(own()) : pyRepr(v);
  }
  if (isDict(v) || v instanceof Namespace || v instanceof PyDict) return pyRepr(v);
  const str = dunder(v, '__str__') ?? dunder(v, '__repr__');
  if (str) return String(str());
  if (v instanceof Map) {
    const parts: string[] = [];
    for (const [k, x] of v) parts.push(`${pyRepr(k)}: ${pyRepr(x)}`);
    return `{${parts.join(', ')}}`;
  }
  const ts = (v as object).toString;
  if (typeof ts === 'function' && ts !== Object.prototype.toString) return String(v);
  return `<${typeName(v)} object>`;
}
