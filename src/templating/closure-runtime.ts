// The closures compiled templates are made of, and the frame they run on. Every closure is
// created by a function here, at module level, so it captures only its own parts: one small
// context apiece, and never the compiler or the syntax tree (which would keep every compiled
// template's tree alive). A function makes one kind of closure: the closures one function
// makes share its context (every variable any of them captures), and a closure made in a
// block keeps the function's context too, so each would keep the others' parts alive.
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


// shared by every call without arguments (one closure fewer per `x | lower`) and empty list
const NO_ARGS = (): unknown[] => [];

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
  if (n === 0) return NO_ARGS;
  if (n === 1) return list1(items[0]!);
  if (n === 2) return list2(items[0]!, items[1]!);
  return listN(items);
}

function list1(a: Ev): (f: Frame) => unknown[] {
  return (f) => [a(f)];
}

function list2(a: Ev, b: Ev): (f: Frame) => unknown[] {
  return (f) => [a(f), b(f)];
}

function listN(items: Ev[]): (f: Frame) => unknown[] {
  const n = items.length;
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

/** The truth of a context name. */
export function truthOfName(name: string): Cond {
  return (f) => truthy(f.c.get(name));
}

/** The truth of a context function's value, called with constant positional arguments (see callNameLiteral). */
export function truthOfCall(rt: Runtime, name: string, vals: unknown[]): Cond {
  return (f) => truthy(rt.call(f.c.get(name), vals));
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

/**
 * A call's literal arguments (constants, and lists of literals) for one call. Literal lists
 * are copied, as Jinja builds a new list each time it evaluates one (the callee may keep or
 * change it); keywords go in a new Kwargs. Without either, the array itself serves: rt.call
 * spreads it into the callee's arguments, so no callee can keep or change it.
 */
function literalArgs(vals: unknown[], keys: string[] | null, kwVals: unknown[] | null, lists: boolean): unknown[] {
  if (keys === null && !lists) return vals;
  const out = lists ? freshList(vals) : vals.slice();
  if (keys !== null) {
    const o: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const v = kwVals![i];
      o[keys[i]!] = lists && Array.isArray(v) ? freshList(v) : v;
    }
    out.push(new Kwargs(o));
  }
  return out;
}

/** A copy of a literal list, its nested lists copied too. */
function freshList(a: unknown[]): unknown[] {
  const out = a.slice();
  for (let i = 0; i < out.length; i++) {
    const v = out[i];
    if (Array.isArray(v)) out[i] = freshList(v);
  }
  return out;
}

/**
 * A call of a context name whose arguments are all literals (`config(tags=['a'])`, `ref('x')`):
 * one closure, the arguments read once at compile (see literalArgs).
 */
export function callNameLiteral(rt: Runtime, name: string, vals: unknown[], keys: string[] | null, kwVals: unknown[] | null, lists: boolean): Ev {
  if (keys === null && !lists) return callNameConst(rt, name, vals);
  return (f) => rt.call(f.c.get(name), literalArgs(vals, keys, kwVals, lists));
}

/** A call of a context name with constant positional arguments (the array itself serves each call: see literalArgs). */
function callNameConst(rt: Runtime, name: string, vals: unknown[]): Ev {
  return (f) => rt.call(f.c.get(name), vals);
}

/** A call of a context name (a fresh argument array each call: callees may keep it). */
export function callName(rt: Runtime, name: string, args: (f: Frame) => unknown[]): Ev {
  return (f) => rt.call(f.c.get(name), args(f));
}

/** A filter with constant positional arguments (`x | lower`, `x | replace('a', 'b')`); rt.filter spreads them too. */
export function filterConst(rt: Runtime, name: string, input: Ev, vals: unknown[]): Ev {
  return (f) => rt.filter(name, input(f), vals);
}

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
  if (list.length === 2) return seq2(list[0]!, list[1]!);
  return seqN(list);
}

function seq2(a: Ex, b: Ex): Ex {
  return (f) => a(f) || b(f);
}

function seqN(list: Ex[]): Ex {
  return (f) => {
    for (let i = 0; i < list.length; i++) {
      const r = list[i]!(f);
      if (r !== NEXT) return r;
    }
    return NEXT;
  };
}

/**
 * An entry of an output run: a text; or the line of a `{{ }}` followed by its expression, or by
 * the name and argument array of a context function called with constant arguments.
 */
export type OutputItem = string | number | Ev | unknown[];

/**
 * Appends texts and printed expressions in order (see OutputItem). A `{{ ref('x') }}` (a
 * context function called with constant positional arguments, the commonest output of a
 * model) needs no closure of its own.
 */
export function outputRun(rt: Runtime, items: OutputItem[]): Ex {
  if (items.length === 1 && typeof items[0] === 'string') return textOut(items[0]);
  return outputItems(rt, items);
}

/** Appends one text. */
function textOut(t: string): Ex {
  return (f) => ((f.out += t), NEXT);
}

function outputItems(rt: Runtime, items: OutputItem[]): Ex {
  const n = items.length;
  return (f) => {
    for (let i = 0; i < n; i++) {
      const x = items[i];
      if (typeof x === 'string') f.out += x;
      else {
        f.ln = x as number;
        const e = items[++i];
        f.out += pyStr(typeof e === 'function' ? (e as Ev)(f) : rt.call(f.c.get(e as string), items[++i] as unknown[]));
      }
    }
    return NEXT;
  };
}

/** Runs scope initialisers, then the body. */
export function withInit(init: ((f: Frame) => void) | null, body: Ex): Ex {
  return init ? (f) => (init(f), body(f)) : body;
}

