// Expression half of the closure compiler: AST expressions -> JavaScript closures over a
// frame. Same semantics as the code generator (compile-expr.ts), but nothing is handed to
// V8's parser: building closures costs microseconds, where `new Function` costs a fraction of a
// millisecond per template. Templates rendered once (models) run this way; see environment.ts.
import type { CallArgs, Expr } from './ast.js';
import {
  FALSE,
  NULL,
  TRUE,
  UNDEFINED,
  and,
  argsDyn,
  argsKw,
  binop,
  callName,
  callNameLiteral,
  callOf,
  concat,
  condAnd,
  condOr,
  constArgs,
  constArgsKw,
  constant,
  contextName,
  compare1,
  compareChain,
  dictOf,
  filterCall,
  filterConst,
  getattr,
  getitem,
  list,
  methodCall,
  not,
  or,
  simpleTest,
  slice,
  ternary,
  testCall,
  truth,
  truthOfCall,
  truthOfName,
  tupleOf,
  unary,
  condUndef,
} from './closure-runtime.js';
import type { CScope, Cond, Ev, FnInfo, Frame } from './closure-runtime.js';
import type { Runtime } from './runtime.js';
import * as ops from './ops.js';
import { truthy } from './values.js';

type BinFn = (a: unknown, b: unknown) => unknown;
const BINOPS: Record<string, BinFn> = { '+': ops.add, '-': ops.sub, '*': ops.mul, '/': ops.div, '//': ops.floordiv, '%': ops.mod, '**': ops.pow };
const CMP: Record<string, (a: unknown, b: unknown) => boolean> = {
  '==': ops.eq,
  '!=': ops.ne,
  '<': ops.lt,
  '<=': ops.le,
  '>': ops.gt,
  '>=': ops.ge,
  in: ops.isIn,
  notin: ops.notIn,
};

/** The values of a call's arguments when all are constants (keyword ones aside), else null. */
function constPositional(a: CallArgs, extraKw: readonly unknown[]): unknown[] | null {
  if (extraKw.length || a.dynArgs || a.dynKwargs) return null;
  for (const x of a.args) if (x.type !== 'Const') return null;
  for (const kv of a.kwargs) if (kv[1].type !== 'Const') return null;
  return a.args.map((x) => (x as { value: unknown }).value);
}

/** A call's arguments read at compile, when all are literals (see callNameLiteral in closure-runtime.ts). */
interface LiteralArgs {
  vals: unknown[];
  /** The keyword arguments' names and values, null when there are none. */
  keys: string[] | null;
  kwVals: unknown[] | null;
  /** Whether a literal list is among them (copied for each call). */
  lists: boolean;
}

const NOT_LITERAL = Symbol('not a literal');
const NO_EXTRA: readonly unknown[] = [];

/** A constant or a list of literals (`['a', 'b']`, common in config()), else NOT_LITERAL; sets `out.lists` on a list. */
function literalValue(e: Expr, out: { lists: boolean }): unknown {
  if (e.type === 'Const') return e.value;
  if (e.type !== 'List') return NOT_LITERAL;
  const items = new Array<unknown>(e.items.length);
  for (let i = 0; i < items.length; i++) {
    const v = literalValue(e.items[i]!, out);
    if (v === NOT_LITERAL) return NOT_LITERAL;
    items[i] = v;
  }
  out.lists = true;
  return items;
}

/** The call's arguments when all are literals and nothing is added or spread, else null. */
function literalArgs(a: CallArgs, extraKw: readonly unknown[]): LiteralArgs | null {
  if (extraKw.length || a.dynArgs || a.dynKwargs) return null;
  const n = a.kwargs.length;
  const res: LiteralArgs = { vals: new Array<unknown>(a.args.length), keys: n ? new Array<string>(n) : null, kwVals: n ? new Array<unknown>(n) : null, lists: false };
  for (let i = 0; i < a.args.length; i++) {
    const v = literalValue(a.args[i]!, res);
    if (v === NOT_LITERAL) return null;
    res.vals[i] = v;
  }
  for (let i = 0; i < n; i++) {
    const [k, x] = a.kwargs[i]!;
    const v = literalValue(x, res);
    if (v === NOT_LITERAL) return null;
    res.keys![i] = k;
    res.kwVals![i] = v;
  }
  return res;
}

/** The values of `items` when all are literals, else null. */
function constValues(items: readonly Expr[]): unknown[] | null {
  for (const x of items) if (x.type !== 'Const') return null;
  return items.map((x) => (x as { value: unknown }).value);
}

// Readers of a slot of the own or the enclosing frame: they capture nothing of a template, so
// one per slot number serves every template (a model reads locals in many places).
const OWN_SLOT: Ev[] = [];
const OUTER_SLOT: Ev[] = [];

function ownSlot(slot: number): Ev {
  return (f) => f.v[slot];
}

function outerSlot(slot: number): Ev {
  return (f) => f.p!.v[slot];
}

/** Turns expressions into closures. */
export class ClosureExprCompiler {
  protected fn: FnInfo = { kind: 'root', slots: 0, depth: 0 };
  protected scope: CScope = { vars: new Map(), parent: null, top: true, fn: this.fn };
  /** Inside an `if` (or conditional expression): unknown filters/tests fail only when reached, as in Jinja2. */
  protected conditional = 0;

  constructor(
    protected readonly rt: Runtime,
    protected readonly filterNames: (name: string) => boolean,
    protected readonly testNames: (name: string) => boolean,
    protected readonly fail: (message: string, line: number) => never,
  ) {}

  protected newSlot(): number {
    return this.fn.slots++;
  }

  /** A closure reading slot `slot` of the frame `depth` functions out. */
  protected slotReader(depth: number, slot: number): Ev {
    if (depth === 0) return (OWN_SLOT[slot] ??= ownSlot(slot));
    if (depth === 1) return (OUTER_SLOT[slot] ??= outerSlot(slot));
    return (f) => {
      let x = f;
      for (let d = 0; d < depth; d++) x = x.p!;
      return x.v[slot];
    };
  }

  /** Where a name lives: [function depth from here, slot], or null for the context. */
  protected resolve(name: string): [number, number] | null {
    for (let s: CScope | null = this.scope; s; s = s.parent) {
      const slot = s.vars.get(name);
      if (slot !== undefined) return [this.fn.depth - s.fn.depth, slot];
    }
    return null;
  }

  /** A closure reading a Jinja name in the current scope. */
  protected load(name: string): Ev {
    const at = this.resolve(name);
    if (at) return this.slotReader(at[0], at[1]);
    return contextName(name);
  }

  protected isLocal(name: string): boolean {
    return this.resolve(name) !== null;
  }

  /** Compiles an expression. */
  expr(e: Expr): Ev {
    const rt = this.rt;
    switch (e.type) {
      case 'Const':
        return constant(e.value);
      case 'Name':
        return this.load(e.name);
      case 'List':
        return this.items(e.items);
      case 'Tuple':
        return tupleOf(rt, this.items(e.items));
      case 'Dict': {
        const flat = new Array<Ev>(2 * e.pairs.length);
        let i = 0;
        for (const [k, v] of e.pairs) {
          flat[i++] = this.expr(k);
          flat[i++] = this.expr(v);
        }
        return dictOf(rt, list(flat));
      }
      case 'Getattr':
        return getattr(rt, this.expr(e.obj), e.attr);
      case 'Getitem': {
        const obj = this.expr(e.obj);
        if (e.arg.type === 'Slice') {
          const { start, stop, step } = e.arg;
          return slice(rt, obj, start ? this.expr(start) : NULL, stop ? this.expr(stop) : NULL, step ? this.expr(step) : NULL);
        }
        return getitem(rt, obj, this.expr(e.arg));
      }
      case 'Slice':
        return this.fail('slice outside of a subscript', e.line);
      case 'Call':
        return this.call(e);
      case 'Filter':
        return this.filter(e, null);
      case 'Test':
        return this.test(e);
      case 'BinOp':
        return binop(BINOPS[e.op]!, this.expr(e.left), this.expr(e.right));
      case 'Concat':
        return concat(this.exprs(e.nodes));
      case 'Compare':
        return this.compare(e);
      case 'And':
        return and(this.expr(e.left), this.expr(e.right));
      case 'Or':
        return or(this.expr(e.left), this.expr(e.right));
      case 'Not':
        return not(this.cond(e.node));
      case 'Neg':
        return unary(rt.neg, this.expr(e.node));
      case 'Pos':
        return unary(rt.pos, this.expr(e.node));
      case 'CondExpr': {
        this.conditional++;
        const other = e.expr2 ? this.expr(e.expr2) : condUndef(rt, `the inline if-expression on line ${e.line} evaluated to false and no else section was defined.`);
        const res = ternary(this.cond(e.test), this.expr(e.expr1), other);
        this.conditional--;
        return res;
      }
    }
  }

  /**
   * A closure making a new array of the items' values. Literal items (`{% set cols = ['a',
   * 'b'] %}`, common in models) are read once here: one closure instead of one per item, and a
   * fresh copy per evaluation, as the list may be changed by whoever receives it.
   */
  private items(items: Expr[]): (f: Frame) => unknown[] {
    const vals = constValues(items);
    return vals !== null ? constArgs(vals) : list(this.exprs(items));
  }

  /**
   * The items compiled, in an array of their exact size: closures keep these arrays as long as
   * their template, and an array grown by push from empty has room for 17.
   */
  private exprs(items: Expr[]): Ev[] {
    return items.map((x) => this.expr(x));
  }

  /** Compiles an expression used as a condition. */
  cond(e: Expr): Cond {
    switch (e.type) {
      case 'And':
        return condAnd(this.cond(e.left), this.cond(e.right));
      case 'Or':
        return condOr(this.cond(e.left), this.cond(e.right));
      case 'Not':
        return not(this.cond(e.node));
      case 'Test':
      case 'Compare':
        return this.expr(e) as Cond;
      case 'Const':
        return truthy(e.value) ? TRUE : FALSE;
      case 'Name':
        // `{% if execute %}`: one closure rather than a read and a truth test
        return this.isLocal(e.name) ? truth(this.load(e.name)) : truthOfName(e.name);
      case 'Call': {
        // `{% if is_incremental() %}`, `{% if var('full', false) %}`
        const vals = this.constNameCall(e);
        return vals !== null ? truthOfCall(this.rt, (e.fn as { name: string }).name, vals) : truth(this.expr(e));
      }
      default:
        return truth(this.expr(e));
    }
  }

  private compare(e: Extract<Expr, { type: 'Compare' }>): Ev {
    const first = this.expr(e.expr);
    if (e.ops.length === 1) {
      const [op, right] = e.ops[0]!;
      return compare1(CMP[op]!, first, this.expr(right));
    }
    // chained: a < b < c evaluates b once
    const chain = e.ops.map(([op, right]): [(a: unknown, b: unknown) => boolean, Ev] => [CMP[op]!, this.expr(right)]);
    return compareChain(first, chain);
  }

  /** A closure building the argument array of a call (positional, then a Kwargs if any). */
  protected callArgs(a: CallArgs, extraKw: [string, Ev][] = []): (f: Frame) => unknown[] {
    // constant arguments (most calls in models: ref('x'), config(materialized='table')) are
    // evaluated once here; each call gets fresh copies, as callees may keep or change them
    const vals = constPositional(a, extraKw);
    if (vals !== null) {
      if (!a.kwargs.length) return constArgs(vals);
      const kwv: Record<string, unknown> = {};
      for (const [k, v] of a.kwargs) kwv[k] = (v as { value: unknown }).value;
      return constArgsKw(vals, kwv);
    }
    const pos = list(this.exprs(a.args));
    // sized up front, as kept by the closure (see exprs)
    const n = a.kwargs.length + extraKw.length;
    const keys = new Array<string>(n);
    const values = new Array<Ev>(n);
    let i = 0;
    for (const [k, v] of a.kwargs) {
      keys[i] = k;
      values[i++] = this.expr(v);
    }
    for (const [k, v] of extraKw) {
      keys[i] = k;
      values[i++] = v;
    }
    if (a.dynArgs || a.dynKwargs) return argsDyn(this.rt, pos, keys, values, a.dynArgs ? this.expr(a.dynArgs) : NULL, a.dynKwargs ? this.expr(a.dynKwargs) : NULL);
    return keys.length ? argsKw(pos, keys, values) : pos;
  }

  /**
   * The argument values of a call of a context name with constant positional arguments only
   * (`ref('x')`, `var('y')`), which an output run makes without a closure; else null.
   */
  protected constNameCall(e: Expr): unknown[] | null {
    if (e.type !== 'Call' || e.fn.type !== 'Name' || e.kwargs.length || e.fn.name === 'return' || this.isLocal(e.fn.name)) return null;
    const lit = literalArgs(e, NO_EXTRA);
    return lit !== null && !lit.lists ? lit.vals : null;
  }

  /** Compiles a call; `extraKw` adds keyword args (the caller of a call block). */
  call(e: Extract<Expr, { type: 'Call' }>, extraKw: [string, Ev][] = []): Ev {
    const rt = this.rt;
    if (e.fn.type === 'Name' && e.fn.name === 'return' && !this.isLocal('return')) {
      return unary((v) => rt.ret(v), e.args[0] ? this.expr(e.args[0]) : NULL);
    }
    if (e.fn.type === 'Name' && !this.isLocal(e.fn.name)) {
      // a call of a context name (ref, source, config, a macro) with literal arguments is one
      // closure, not one per argument and list
      const lit = literalArgs(e, extraKw);
      return lit !== null ? callNameLiteral(rt, e.fn.name, lit.vals, lit.keys, lit.kwVals, lit.lists) : callName(rt, e.fn.name, this.callArgs(e, extraKw));
    }
    const args = this.callArgs(e, extraKw);
    if (e.fn.type === 'Getattr') return methodCall(rt, this.expr(e.fn.obj), e.fn.attr, args);
    return callOf(rt, this.expr(e.fn), args);
  }

  /** Applies a filter node (and the filters it wraps) to `input` (null: the node's own input). */
  filter(e: Extract<Expr, { type: 'Filter' }>, input: Ev | null): Ev {
    const inner: Ev = e.node ? (e.node.type === 'Filter' ? this.filter(e.node, input) : this.expr(e.node)) : (input ?? UNDEFINED);
    if (!this.filterNames(e.name) && !this.conditional) this.fail(`No filter named '${e.name}'.`, e.line);
    const vals = e.kwargs.length ? null : constPositional(e, []);
    return vals !== null ? filterConst(this.rt, e.name, inner, vals) : filterCall(this.rt, e.name, inner, this.callArgs(e));
  }

  /** Re-targets a filter chain whose innermost input is missing (filter blocks, block set). */
  filterChain(e: Expr, input: Ev): Ev {
    if (e.type !== 'Filter') return this.expr(e);
    const inner = e.node ? this.filterChain(e.node, input) : input;
    if (!this.filterNames(e.name) && !this.conditional) this.fail(`No filter named '${e.name}'.`, e.line);
    return filterCall(this.rt, e.name, inner, this.callArgs(e));
  }

  private test(e: Extract<Expr, { type: 'Test' }>): Cond {
    const v = this.expr(e.node);
    if (!e.args.length && !e.kwargs.length && (e.name === 'defined' || e.name === 'undefined' || e.name === 'none')) return simpleTest(e.name, v);
    if (!this.testNames(e.name) && !this.conditional) this.fail(`No test named '${e.name}'.`, e.line);
    return testCall(this.rt, e.name, v, this.callArgs(e));
  }
}
