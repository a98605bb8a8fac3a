// The closures compiled templates are made of, and the frame they run on. Every closure is
// created by a function here, at module level, so it captures only its own parts: one small
// context apiece, and never the compiler or the syntax tree (which would keep every compiled
// template's tree alive).
import type { Ctx } from './context.js';
import type { CompiledTemplate } from './context.js';
import type { Runtime } from './runtime.js';
import { Kwargs, Undefined, pyStr, truthy } from './values.js';

/** The variables and output of one running template function (root, macro, caller, block, recursive loop). */
export interface Frame {
  /** Slots of the function's local variables. */
  v: unknown[];
  /** The frame of the function this one was defined in (for closures over outer variables). */
  p: Frame | null;
  c: Ctx;
  out: string;
  ln: number;
  /** Value of a statement-level `return(...)`. */
  ret: unknown;
  /** `{% extends %}`: the parent template and the output before it. */
  ext: CompiledTemplate | null;
  pre: string;
}

/** A compiled expression. */
export type Ev = (f: Frame) => unknown;
/** A compiled condition. */
export type Cond = (f: Frame) => boolean;

/** Per-function compile state: how many slots its frame needs and how deep it is nested. */
export interface FnInfo {
  kind: 'root' | 'macro' | 'nested';
  slots: number;
  depth: number;
}

/** A compile-time scope: Jinja names mapped to frame slots. */
export interface CScope {
  vars: Map<string, number>;
  parent: CScope | null;
  top: boolean;
  fn: FnInfo;
}

/** Creates a frame. */
export function newFrame(p: Frame | null, c: Ctx, slots: number): Frame {
  return { v: new Array<unknown>(slots), p, c, out: '', ln: 0, ret: undefined, ext: null, pre: '' };
}


export const NULL: Ev = () => null;
export const UNDEFINED: Ev = () => undefined;

export function simpleTest(name: string, v: Ev): Cond {
  if (name === 'defined') return (f) => !(v(f) instanceof Undefined);
  if (name === 'undefined') return (f) => v(f) instanceof Undefined;
  return (f) => v(f) === null;
}
export const TRUE: Cond = () => true;
export const FALSE: Cond = () => false;

export function constant(v: unknown): Ev {
  return () => v;
}

/** Evaluates expressions into a new array. */
export function list(items: Ev[]): (f: Frame) => unknown[] {
  const n = items.length;
  if (n === 0) return () => [];
  if (n === 1) {
    const a = items[0]!;
    return (f) => [a(f)];
  }
  if (n === 2) {
    const a = items[0]!;
    const b = items[1]!;
    return (f) => [a(f), b(f)];
  }
  return (f) => {
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = items[i]!(f);
    return out;
  };
}

/** A chained comparison (`a < b < c`): each operand is evaluated once. */
export function compareChain(first: Ev, chain: [(a: unknown, b: unknown) => boolean, Ev][]): Cond {
  return (f) => {
    let left = first(f);
    for (const [fn, r] of chain) {
      const right = r(f);
      if (!fn(left, right)) return false;
      left = right;
    }
    return true;
  };
}

export function tupleOf(rt: Runtime, items: (f: Frame) => unknown[]): Ev {
  return (f) => rt.tup(items(f));
}

export function dictOf(rt: Runtime, flat: (f: Frame) => unknown[]): Ev {
  return (f) => rt.dict(flat(f));
}

export function getattr(rt: Runtime, obj: Ev, attr: string): Ev {
  return (f) => rt.attr(obj(f), attr);
}

export function getitem(rt: Runtime, obj: Ev, arg: Ev): Ev {
  return (f) => rt.item(obj(f), arg(f));
}

export function slice(rt: Runtime, obj: Ev, a: Ev, b: Ev, c: Ev): Ev {
  return (f) => rt.slice(obj(f), a(f), b(f), c(f));
}

export function binop(op: (a: unknown, b: unknown) => unknown, l: Ev, r: Ev): Ev {
  return (f) => op(l(f), r(f));
}

export function concat(nodes: Ev[]): Ev {
  return (f) => {
    let s = '';
    for (const n of nodes) s += pyStr(n(f));
    return s;
  };
}

export function and(l: Ev, r: Ev): Ev {
  return (f) => {
    const t = l(f);
    return truthy(t) ? r(f) : t;
  };
}

export function or(l: Ev, r: Ev): Ev {
  return (f) => {
    const t = l(f);
    return truthy(t) ? t : r(f);
  };
}

export function not(c: Cond): Cond {
  return (f) => !c(f);
}

export function unary(op: (a: unknown) => unknown, x: Ev): Ev {
  return (f) => op(x(f));
}

export function condUndef(rt: Runtime, hint: string): Ev {
  return () => rt.condUndef(hint);
}

export function ternary(test: Cond, then: Ev, other: Ev): Ev {
  return (f) => (test(f) ? then(f) : other(f));
}

export function condAnd(l: Cond, r: Cond): Cond {
  return (f) => l(f) && r(f);
}

export function condOr(l: Cond, r: Cond): Cond {
  return (f) => l(f) || r(f);
}

export function truth(x: Ev): Cond {
  return (f) => truthy(x(f));
}

export function contextName(name: string): Ev {
  return (f) => f.c.get(name);
}

export function compare1(fn: (a: unknown, b: unknown) => boolean, l: Ev, r: Ev): Ev {
  return (f) => fn(l(f), r(f));
}

export function callOf(rt: Runtime, fn: Ev, args: (f: Frame) => unknown[]): Ev {
  return (f) => rt.call(fn(f), args(f));
}

export function methodCall(rt: Runtime, obj: Ev, name: string, args: (f: Frame) => unknown[]): Ev {
  return (f) => rt.callMethod(obj(f), name, args(f));
}

export function filterCall(rt: Runtime, name: string, input: Ev, args: (f: Frame) => unknown[]): Ev {
  return (f) => rt.filter(name, input(f), args(f));
}

export function testCall(rt: Runtime, name: string, v: Ev, args: (f: Frame) => unknown[]): Cond {
  return (f) => rt.test(name, v(f), args(f));
}

/** A call of a context name (a fresh argument array each call: callees may keep it). */
export function callName(rt: Runtime, name: string, args: (f: Frame) => unknown[]): Ev {
  return (f) => rt.call(f.c.get(name), args(f));
}

/**
 * A call of a context name with constant positional arguments. The array is not copied:
 * rt.call spreads it into the callee's arguments, so no callee can keep or change it.
 */
export function callNameConst(rt: Runtime, name: string, vals: unknown[]): Ev {
  return (f) => rt.call(f.c.get(name), vals);
}

/** A filter with constant positional arguments (`x | lower`, `x | replace('a', 'b')`); rt.filter spreads them too. */
export function filterConst(rt: Runtime, name: string, input: Ev, vals: unknown[]): Ev {
  return (f) => rt.filter(name, input(f), vals);
}

// shared by every call without arguments (one closure fewer per `x | lower`)
const NO_ARGS = (): unknown[] => [];

/** A call's constant argument list, copied for each call. */
export function constArgs(vals: unknown[]): (f: Frame) => unknown[] {
  return vals.length === 0 ? NO_ARGS : () => vals.slice();
}

export function constArgsKw(vals: unknown[], kwv: Record<string, unknown>): (f: Frame) => unknown[] {
  return () => {
    const out = vals.slice();
    out.push(new Kwargs({ ...kwv }));
    return out;
  };
}

export function argsKw(pos: (f: Frame) => unknown[], keys: string[], values: Ev[]): (f: Frame) => unknown[] {
  return (f) => {
    const out = pos(f);
    const o: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) o[keys[i]!] = values[i]!(f);
    out.push(new Kwargs(o));
    return out;
  };
}

export function argsDyn(rt: Runtime, pos: (f: Frame) => unknown[], keys: string[], values: Ev[], da: Ev, dk: Ev): (f: Frame) => unknown[] {
  return (f) => {
    const o: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) o[keys[i]!] = values[i]!(f);
    return rt.args(pos(f), da(f), o, dk(f));
  };
}

/** A compiled statement; returns one of the signals below. */
export type Ex = (f: Frame) => number;
export const NEXT = 0;
export const BREAK = 1;
export const CONTINUE = 2;
export const RETURN = 3;

export const nothing: Ex = () => NEXT;

/** Runs statements in order, stopping at a break, continue or return signal. */
export function seq(list: Ex[]): Ex {
  if (list.length === 0) return nothing;
  if (list.length === 1) return list[0]!;
  if (list.length === 2) {
    const [a, b] = list as [Ex, Ex];
    return (f) => a(f) || b(f);
  }
  return (f) => {
    for (let i = 0; i < list.length; i++) {
      const r = list[i]!(f);
      if (r !== NEXT) return r;
    }
    return NEXT;
  };
}

/**
 * Appends text and printed expressions in order: entry i is texts[i] when steps[2i] is null,
 * else the expression steps[2i] (whose line is steps[2i + 1]).
 */
export function outputRun(texts: string[], steps: (Ev | number | null)[]): Ex {
  const n = texts.length;
  if (n === 1 && steps[0] === null) {
    const t = texts[0]!;
    return (f) => ((f.out += t), NEXT);
  }
  return (f) => {
    for (let i = 0; i < n; i++) {
      const x = steps[2 * i] as Ev | null;
      if (x === null) f.out += texts[i]!;
      else {
        f.ln = steps[2 * i + 1] as number;
        f.out += pyStr(x(f));
      }
    }
    return NEXT;
  };
}

/** Runs scope initialisers, then the body. */
export function withInit(init: ((f: Frame) => void) | null, body: Ex): Ex {
  return init ? (f) => (init(f), body(f)) : body;
}

