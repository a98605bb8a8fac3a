// The helpers compiled templates call (`rt.*`): attribute and item access with Jinja2's
// getattr/getitem fallbacks, calls, iteration and macros (includes, imports and inheritance:
// runtime-templates.ts).
import { applyAfter, applyArgs } from './apply.js';
import { closestMatch } from '../core/did-you-mean.js';
import { ReturnSignal, annotate, pyError, unwound } from './errors.js';
import type { TemplateError } from './errors.js';
import { tooManyMacroArguments, unknownMacroKeyword } from './macro-arguments.js';
import { Loop, TemplateModule } from './context.js';
import * as ops from './ops.js';
import { TemplatesRuntime } from './runtime-templates.js';
import { DICT_METHODS, LIST_METHODS, SET_METHODS, STR_METHODS, TUPLE_METHODS, splitArgs } from './python-methods.js';
import { Kwargs, Namespace, PyDict, PyFloat, Undefined, dunder, isDict, isHostAttribute, isPySet, isTuple, missingIsNone, num, pyStr, tuple, typeName } from './values.js';
import { isIndexLikeKey, makeDict, plainDictKeys } from './values-dict.js';
import { PyStrEnum, unwrapStrEnum } from './str-enum.js';

const LOOKUP_ERRORS = new Set(['KeyError', 'IndexError', 'LookupError', 'TypeError', 'AttributeError']);

/**
 * A host object's `__getitem__(key)`, or JS undefined when the key is missing: returned as
 * undefined, or raised as a lookup error (a KeyError/IndexError/TypeError TemplateError, or a
 * JS TypeError/RangeError), as Jinja2 falls back to the attribute on those.
 */
function lookupItem(getitem: (key: unknown) => unknown, key: unknown): unknown {
  try {
    return getitem(key);
  } catch (e) {
    if ((e as { pyType?: string }).pyType !== undefined ? LOOKUP_ERRORS.has((e as { pyType: string }).pyType) : e instanceof TypeError || e instanceof RangeError) return undefined;
    throw e;
  }
}

// A template macro or a project's macro bound to a render: a function that carries its name.
function isMacroValue(fn: unknown): boolean {
  return typeof fn === 'function' && typeof (fn as { macroName?: unknown }).macroName === 'string';
}

function objectTypeRepr(obj: unknown): string {
  if (obj === null || obj === undefined) return "'None'";
  return `'${typeName(obj)} object'`;
}

/** What all values of one macro definition share: its name and the attributes templates read (`m.arguments`...). */
export interface MacroInfo {
  readonly name: string;
  readonly meta: Readonly<Record<string, unknown>>;
}

/** The shared part of a macro's values, made once when the macro is compiled. */
export function macroInfo(name: string, params: string[], varargs: boolean, kwargs: boolean, caller: boolean): MacroInfo {
  return { name, meta: { name, arguments: tuple(params), catch_varargs: varargs, catch_kwargs: kwargs, caller } };
}

// dbt's UndefinedMacroError: calling a name nothing defines, or reading a member of one (the
// `dbt_utils.` of `dbt_utils.star(...)` when the package is not installed), is nearly always a
// missing macro or package, and dbt says so under the error.
function undefinedMacro(value: Undefined): never {
  const err = pyError('UndefinedError', value.hint);
  const name = /^'([^']+)' is undefined$|has no attribute '([^']+)'$/u.exec(value.hint)?.slice(1).find((n) => n !== undefined);
  const closest = name !== undefined && value.scope ? closestMatch(name, value.scope.names()) : undefined;
  err.diagnostic.hint = `${closest ? `Did you mean '${closest}'? ` : ''}This can happen when calling a macro that does not exist: check the name for typos, or install the package that defines it with \`reelhouse deps\`.`;
  throw err;
}

/** The attribute names of an object, its prototypes' included (a package namespace keeps its macros there). */
function attributeNames(obj: object): string[] {
  if (obj instanceof Map) return [...obj.keys()].map(String);
  const out = new Set<string>();
  for (let o: object | null = obj; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const key of Object.getOwnPropertyNames(o)) out.add(key);
  }
  return [...out];
}

/** Runtime helpers bound to one environment (for its undefined behaviour, filters and loader). */
export class Runtime extends TemplatesRuntime {
  readonly Loop = Loop;
  readonly add = ops.add;
  readonly sub = ops.sub;
  readonly mul = ops.mul;
  readonly div = ops.div;
  readonly floordiv = ops.floordiv;
  readonly mod = ops.mod;
  readonly pow = ops.pow;
  readonly neg = ops.neg;
  readonly pos = ops.pos;
  readonly eq = ops.eq;
  readonly ne = ops.ne;
  readonly lt = ops.lt;
  readonly le = ops.le;
  readonly gt = ops.gt;
  readonly ge = ops.ge;
  readonly isIn = ops.isIn;
  readonly notIn = ops.notIn;
  readonly tup = tuple;
  readonly slice = ops.slice;
  readonly lookup = (obj: unknown, key: string, isItem: boolean): unknown =>
    isItem ? this.item(obj, /^-?\d+$/.test(key) && !isDict(obj) ? Number(key) : key) : this.attr(obj, key);

  /** An Undefined with the given message, strict or lenient per the environment. */
  override undef(hint: string, _name?: string): Undefined {
    return new Undefined(hint, this.env.strict, this.env.parsing);
  }

  /** The value of `a if cond` when cond is false: Jinja2 always makes it a lenient Undefined, even in strict mode. */
  condUndef(hint: string): Undefined {
    return new Undefined(hint, false);
  }

  error(pyType: string, message: string): TemplateError {
    return pyError(pyType, message);
  }

  annotate(e: unknown, T: { filename: string; source: string }, line: number): unknown {
    return annotate(e, T.filename, T.source, line);
  }

  /** An error leaving top-level macro `name` of template `T`, noted as having passed through it. */
  unwound(e: unknown, name: string, T: { filename: string }): unknown {
    return unwound(e, name, T.filename);
  }

  private missingAttr(obj: unknown, name: unknown): Undefined {
    if (typeof name === 'string') {
      // a package's macros are the attributes of its namespace: suggest the closest one when called
      const scope = obj !== null && typeof obj === 'object' ? { names: () => attributeNames(obj) } : undefined;
      return new Undefined(`${objectTypeRepr(obj)} has no attribute '${name}'`, this.env.strict, this.env.parsing, scope);
    }
    return this.undef(`'${typeName(obj)} object' has no element ${pyStr(name)}`);
  }

  /** `obj.name`: attribute first, then item (Jinja2's getattr). */
  attr(obj: unknown, name: string): unknown {
    // a string enum member is its str, with the Enum's `.value` and `.name` besides
    if (obj instanceof PyStrEnum) return name === 'value' || name === 'name' ? obj[name] : this.attr(obj.value, name);
    if (typeof obj === 'string') {
      const m = STR_METHODS[name];
      return m ? this.bound(obj, name) : this.missingAttr(obj, name);
    }
    if (obj === null || obj === undefined) return this.missingAttr(obj, name);
    if (typeof obj !== 'object' && typeof obj !== 'function') {
      if (typeof obj === 'number' || typeof obj === 'boolean') {
        if (name === 'real') return typeof obj === 'boolean' ? +obj : obj;
        if (name === 'imag') return 0;
      }
      return this.missingAttr(obj, name);
    }
    if (obj instanceof Undefined) return obj.absorbing ? obj : undefinedMacro(obj);
    if (Array.isArray(obj)) {
      // a host sequence's own attribute (agate Column's `index`) before the list method it shadows
      if (isHostAttribute(obj, name)) return (obj as unknown as Record<string, unknown>)[name];
      if ((isTuple(obj) ? TUPLE_METHODS : isPySet(obj) ? SET_METHODS : LIST_METHODS)[name]) return this.bound(obj, name);
      return Object.hasOwn(obj, name) && !/^\d+$/.test(name) && name !== 'length' ? (obj as unknown as Record<string, unknown>)[name] : this.missingAttr(obj, name);
    }
    if (typeof obj === 'function') {
      const meta = (obj as unknown as { macroMeta?: Record<string, unknown> }).macroMeta;
      if (meta && Object.hasOwn(meta, name)) return meta[name];
      // dbt's MacroGenerator.call_macro(...): the macro itself, called without a new call-stack
      // frame (materialization wrappers use it so dbt still sees its own materialization running).
      if (name === 'call_macro' && isMacroValue(obj)) return obj;
    }
    if (isDict(obj)) {
      const own = Object.hasOwn(obj, name) ? obj[name] : undefined;
      if (DICT_METHODS[name] && typeof own !== 'function') return this.bound(obj, name);
      if (own === undefined) return missingIsNone(obj) ? null : this.missingAttr(obj, name);
      return own;
    }
    if (obj instanceof PyDict) {
      if (DICT_METHODS[name]) return this.bound(obj, name);
      const own = obj.get(name);
      return own === undefined ? this.missingAttr(obj, name) : own;
    }
    const v = (obj as Record<string, unknown>)[name];
    if (v === undefined) {
      if (obj instanceof Map && obj.has(name)) return obj.get(name);
      const getitem = dunder(obj, '__getitem__');
      if (getitem) {
        const r = lookupItem(getitem, name);
        if (r !== undefined) return r;
      }
      return this.missingAttr(obj, name);
    }
    // A macro (a package namespace's attribute) stays itself, with its attributes (call_macro...).
    return typeof v === 'function' && !(obj instanceof TemplateModule) && !(obj instanceof Namespace) && !isMacroValue(v) ? (v as (...a: unknown[]) => unknown).bind(obj) : v;
  }

  /** A Python method of a builtin value, as a callable. */
  private bound(obj: unknown, name: string): (...args: unknown[]) => unknown {
    return (...args: unknown[]) => this.callMethod(obj, name, args);
  }

  /** `obj[key]`: item first, then attribute (Jinja2's getitem). */
  item(obj: unknown, key: unknown): unknown {
    if (obj instanceof PyStrEnum) obj = obj.value;
    if (Array.isArray(obj) || typeof obj === 'string') {
      if (typeof key === 'number' || typeof key === 'boolean' || key instanceof PyFloat) {
        if (key instanceof PyFloat || !Number.isInteger(num(key))) return this.missingAttr(obj, key);
        let i = num(key);
        if (i < 0) i += obj.length;
        if (typeof obj === 'string') return i >= 0 && i < obj.length ? obj[i] : this.missingAttr(obj, key);
        return i >= 0 && i < obj.length ? obj[i] : this.missingAttr(obj, key);
      }
      if (key instanceof Undefined) key.fail();
      // a named sequence (an agate row or column set) answers `row['count']` with its item, as
      // subscripting comes before attributes in Jinja; `row.count` stays the method
      if (typeof key === 'string' && Array.isArray(obj)) {
        const getitem = dunder(obj, '__getitem__');
        const r = getitem ? lookupItem(getitem, key) : undefined;
        if (r !== undefined) return r;
        if (Object.hasOwn(obj, key) && key !== 'length' && !/^\d+$/.test(key)) return (obj as unknown as Record<string, unknown>)[key];
      }
      return typeof key === 'string' ? this.attr(obj, key) : this.missingAttr(obj, key);
    }
    if (isDict(obj)) {
      const k = ops.keyOf(key);
      if (Object.hasOwn(obj, k)) {
        const v = obj[k];
        return v === undefined ? null : v;
      }
      if (typeof key === 'string' && DICT_METHODS[key]) return this.bound(obj, key);
      return missingIsNone(obj) ? null : this.missingAttr(obj, key);
    }
    if (obj instanceof PyDict) {
      const v = obj.get(key);
      if (v !== undefined) return v;
      return typeof key === 'string' && DICT_METHODS[key] ? this.bound(obj, key) : this.missingAttr(obj, key);
    }
    if (obj instanceof Undefined) return obj.absorbing ? obj : undefinedMacro(obj);
    if (obj instanceof Map) return obj.has(key) ? obj.get(key) : this.missingAttr(obj, key);
    if (obj === null || obj === undefined || typeof obj !== 'object') return this.missingAttr(obj, key);
    if (key instanceof Undefined && key.strict) key.fail();
    const getitem = dunder(obj, '__getitem__');
    if (getitem) {
      // Jinja2's getitem: the item, else the attribute of that name
      const r = lookupItem(getitem, key);
      if (r !== undefined) return r;
    }
    return this.attr(obj, ops.keyOf(key));
  }

  /** Calls a value from a template. */
  call(fn: unknown, args: unknown[]): unknown {
    if (typeof fn === 'function') return applyArgs(fn as (...a: unknown[]) => unknown, args);
    if (fn instanceof Undefined) return fn.absorbing ? fn : undefinedMacro(fn);
    if (fn instanceof Loop) return fn.call(args[0]);
    const call = dunder(fn, '__call__');
    if (call) return call(...args);
    throw pyError('TypeError', `'${typeName(fn)}' object is not callable`);
  }

  callNamed(fn: unknown, args: unknown[], _name: string): unknown {
    return this.call(fn, args);
  }

  /** `obj.name(args)`: Python methods of builtin values, host methods on objects. */
  callMethod(obj: unknown, name: string, args: unknown[]): unknown {
    if (typeof obj === 'string') {
      const m = STR_METHODS[name];
      if (m) {
        const [a, kw] = splitArgs(args);
        // a string enum member passed to a str method is the str it stands for
        return m(obj, a.some((x) => x instanceof PyStrEnum) ? a.map(unwrapStrEnum) : a, kw, this.lookup);
      }
    } else if (Array.isArray(obj) && !isHostAttribute(obj, name)) {
      const m = (isTuple(obj) ? TUPLE_METHODS : isPySet(obj) ? SET_METHODS : LIST_METHODS)[name];
      if (m) {
        const [a, kw] = splitArgs(args);
        return m(obj, a, kw);
      }
    } else if (obj !== null && typeof obj === 'object' && !(obj instanceof Undefined)) {
      const f = (obj as Record<string, unknown>)[name];
      if (obj instanceof PyDict) {
        const m = DICT_METHODS[name];
        if (m) {
          const [a, kw] = splitArgs(args);
          return m(obj, a, kw);
        }
      } else if (isDict(obj)) {
        if (typeof f === 'function' && Object.hasOwn(obj, name)) return (f as (...a: unknown[]) => unknown)(...args);
        const m = DICT_METHODS[name];
        if (m) {
          const [a, kw] = splitArgs(args);
          return m(obj, a, kw);
        }
      } else if (typeof f === 'function') return (f as (...a: unknown[]) => unknown).apply(obj, args);
    }
    return this.call(this.attr(obj, name), args);
  }

  /** Builds an argument list with `*args` and `**kwargs` spread in. */
  args(pos: unknown[], dynArgs: unknown, kw: Record<string, unknown>, dynKw: unknown): unknown[] {
    const out = dynArgs === null ? pos : [...pos, ...this.iter(dynArgs)];
    const allKw = dynKw === null ? kw : { ...kw, ...(dynKw instanceof PyDict ? Object.fromEntries(dynKw.entries().map(([k, v]) => [pyStr(k), v])) : (dynKw as Record<string, unknown>)) };
    for (const _ in allKw) return [...out, new Kwargs(allKw)];
    return out;
  }

  filter(name: string, value: unknown, args: unknown[]): unknown {
    const f = this.env.filters[name];
    if (!f) throw pyError('TemplateRuntimeError', `No filter named '${name}' found.`);
    return applyAfter(f, this, unwrapStrEnum(value), args);
  }

  test(name: string, value: unknown, args: unknown[]): boolean {
    const t = this.env.tests[name];
    if (!t) throw pyError('TemplateRuntimeError', `No test named '${name}' found.`);
    return !!t.call(this, unwrapStrEnum(value), ...args);
  }

  /** Python iteration of a value, as an array. */
  iter(v: unknown): unknown[] {
    if (v instanceof PyStrEnum) v = v.value;
    if (Array.isArray(v)) return v;
    if (typeof v === 'string') return [...v];
    if (v instanceof Undefined) {
      if (v.strict) v.fail();
      return [];
    }
    if (isDict(v)) return plainDictKeys(v);
    if (v instanceof PyDict) return v.keys();
    if (v instanceof Map) return [...v.keys()];
    if (v !== null && typeof v === 'object') {
      const it = dunder(v, '__iter__');
      if (it) return Array.from(it() as Iterable<unknown>);
      if (Symbol.iterator in v) return Array.from(v as Iterable<unknown>);
      const getitem = dunder(v, '__getitem__');
      const len = dunder(v, '__len__');
      if (getitem && len) return Array.from({ length: num(len()) }, (_, i) => getitem(i));
    }
    throw pyError('TypeError', `'${typeName(v)}' object is not iterable`);
  }

  /** Tuple unpacking: `a, b = value`. */
  unpack(v: unknown, n: number): unknown[] {
    const items = this.iter(v);
    if (items.length < n) throw pyError('ValueError', `not enough values to unpack (expected ${n}, got ${items.length})`);
    if (items.length > n) throw pyError('ValueError', `too many values to unpack (expected ${n})`);
    return items;
  }

  /** A dict literal from alternating keys and values: a plain object unless a key is not a string or is index-like ('2024'). */
  dict(flat: unknown[]): unknown {
    const d: Record<string, unknown> = {};
    for (let i = 0; i < flat.length; i += 2) {
      const k = flat[i];
      if (typeof k !== 'string' || isIndexLikeKey(k)) {
        if (k instanceof Undefined && k.strict) k.fail();
        const pairs: [unknown, unknown][] = [];
        for (let j = 0; j < flat.length; j += 2) pairs.push([flat[j], flat[j + 1]]);
        return makeDict(pairs);
      }
      d[k] = flat[i + 1];
    }
    return d;
  }

  /** `return(value)` used inside an expression: unwinds to the macro call. */
  ret(value: unknown): never {
    throw new ReturnSignal(value);
  }

  setNs(ns: unknown, attr: string, value: unknown): void {
    if (!(ns instanceof Namespace)) {
      if (ns instanceof Undefined) ns.fail();
      throw pyError('TemplateRuntimeError', 'cannot assign attribute on non-namespace object');
    }
    ns[attr] = value;
  }

  /** Makes `fn` a macro value: a macro is bound once per model, so its attributes are shared, not rebuilt. */
  macro<F extends (...a: unknown[]) => unknown>(info: MacroInfo, fn: F): F & { macroName: string } {
    const m = fn as F & { macroName: string; macroMeta: Record<string, unknown> };
    m.macroName = info.name;
    m.macroMeta = info.meta;
    return m;
  }

  tooManyArgs(name: string, params: readonly string[], given: number): never {
    // Jinja2's message, plus the signature, so the fix is visible without opening the macro file.
    throw tooManyMacroArguments(name, params, given);
  }

  /** Validates keyword arguments of a macro call; returns the leftovers for `kwargs`. */
  checkKwargs(kw: Record<string, unknown>, n: number, name: string, params: string[], usesKwargs: boolean, usesCaller: boolean): Record<string, unknown> | null {
    let extra: Record<string, unknown> | null = usesKwargs ? {} : null;
    for (const k of Object.keys(kw)) {
      const idx = params.indexOf(k);
      if (idx >= 0) {
        if (idx >= n) continue;
      } else if (k === 'caller' && usesCaller) continue;
      if (extra) extra[k] = kw[k];
      else {
        // Jinja2's message, plus the signature and the closest parameter, as for too many arguments.
        throw unknownMacroKeyword(name, k, params);
      }
    }
    return extra;
  }
}
