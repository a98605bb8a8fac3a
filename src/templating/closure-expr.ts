// Expression half of the closure compiler: AST expressions -> JavaScript closures over a
// frame. Same semantics as the code generator (compile-expr.ts), but nothing is handed to
// V8's parser: building closures costs microseconds, where `new Function` costs a fraction of a
// millisecond per template. Templates rendered once (models) run this way; see environment.ts.
import type { CallArgs, Expr } from './ast.js';
import type { Ctx } from './context.js';
import type { CompiledTemplate } from './context.js';
import type { Runtime } from './runtime.js';
import * as ops from './ops.js';
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
    if (depth === 0) return (f) => f.v[slot];
    if (depth === 1) return (f) => f.p!.v[slot];
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
    return (f) => f.c.get(name);
  }

  protected isLocal(name: string): boolean {
    return this.resolve(name) !== null;
  }

  /** Compiles an expression. */
  expr(e: Expr): Ev {
    const rt = this.rt;
    switch (e.type) {
      case 'Const': {
        const v = e.value;
        return () => v;
      }
      case 'Name':
        return this.load(e.name);
      case 'List': {
        const items = e.items.map((x) => this.expr(x));
        return (f) => items.map((x) => x(f));
      }
      case 'Tuple': {
        const items = e.items.map((x) => this.expr(x));
        return (f) => rt.tup(items.map((x) => x(f)));
      }
      case 'Dict': {
        const flat = e.pairs.flatMap(([k, v]) => [this.expr(k), this.expr(v)]);
        return (f) => rt.dict(flat.map((x) => x(f)));
      }
      case 'Getattr': {
        const obj = this.expr(e.obj);
        const attr = e.attr;
        return (f) => rt.attr(obj(f), attr);
      }
      case 'Getitem': {
        const obj = this.expr(e.obj);
        if (e.arg.type === 'Slice') {
          const part = (x: Expr | null): Ev => (x ? this.expr(x) : () => null);
          const [a, b, c] = [part(e.arg.start), part(e.arg.stop), part(e.arg.step)];
          return (f) => rt.slice(obj(f), a(f), b(f), c(f));
        }
        const arg = this.expr(e.arg);
        return (f) => rt.item(obj(f), arg(f));
      }
      case 'Slice':
        return this.fail('slice outside of a subscript', e.line);
      case 'Call':
        return this.call(e);
      case 'Filter':
        return this.filter(e, null);
      case 'Test': {
        const t = this.test(e);
        return t;
      }
      case 'BinOp': {
        const op = BINOPS[e.op]!;
        const l = this.expr(e.left);
        const r = this.expr(e.right);
        return (f) => op(l(f), r(f));
      }
      case 'Concat': {
        const nodes = e.nodes.map((x) => this.expr(x));
        return (f) => {
          let s = '';
          for (const n of nodes) s += pyStr(n(f));
          return s;
        };
      }
      case 'Compare':
        return this.compare(e);
      case 'And': {
        const l = this.expr(e.left);
        const r = this.expr(e.right);
        return (f) => {
          const t = l(f);
          return truthy(t) ? r(f) : t;
        };
      }
      case 'Or': {
        const l = this.expr(e.left);
        const r = this.expr(e.right);
        return (f) => {
          const t = l(f);
          return truthy(t) ? t : r(f);
        };
      }
      case 'Not': {
        const c = this.cond(e.node);
        return (f) => !c(f);
      }
      case 'Neg': {
        const x = this.expr(e.node);
        return (f) => rt.neg(x(f));
      }
      case 'Pos': {
        const x = this.expr(e.node);
        return (f) => rt.pos(x(f));
      }
      case 'CondExpr': {
        this.conditional++;
        const hint = `the inline if-expression on line ${e.line} evaluated to false and no else section was defined.`;
        const other: Ev = e.expr2 ? this.expr(e.expr2) : () => rt.undef(hint);
        const test = this.cond(e.test);
        const then = this.expr(e.expr1);
        this.conditional--;
        return (f) => (test(f) ? then(f) : other(f));
      }
    }
  }

  /** Compiles an expression used as a condition. */
  cond(e: Expr): Cond {
    switch (e.type) {
      case 'And': {
        const l = this.cond(e.left);
        const r = this.cond(e.right);
        return (f) => l(f) && r(f);
      }
      case 'Or': {
        const l = this.cond(e.left);
        const r = this.cond(e.right);
        return (f) => l(f) || r(f);
      }
      case 'Not': {
        const c = this.cond(e.node);
        return (f) => !c(f);
      }
      case 'Test':
      case 'Compare':
        return this.expr(e) as Cond;
      case 'Const': {
        const v = truthy(e.value);
        return () => v;
      }
      default: {
        const x = this.expr(e);
        return (f) => truthy(x(f));
      }
    }
  }

  private compare(e: Extract<Expr, { type: 'Compare' }>): Ev {
    const first = this.expr(e.expr);
    if (e.ops.length === 1) {
      const [op, right] = e.ops[0]!;
      const fn = CMP[op]!;
      const r = this.expr(right);
      return (f) => fn(first(f), r(f));
    }
    // chained: a < b < c evaluates b once
    const chain = e.ops.map(([op, right]): [(a: unknown, b: unknown) => boolean, Ev] => [CMP[op]!, this.expr(right)]);
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

  /** A closure building the argument array of a call (positional, then a Kwargs if any). */
  protected callArgs(a: CallArgs, extraKw: [string, Ev][] = []): (f: Frame) => unknown[] {
    // constant arguments (most calls in models: ref('x'), config(materialized='table')) are
    // evaluated once here; each call gets fresh copies, as callees may keep or change them
    const allConst = a.args.every((x) => x.type === 'Const') && a.kwargs.every(([, v]) => v.type === 'Const') && !extraKw.length && !a.dynArgs && !a.dynKwargs;
    if (allConst) {
      const vals = a.args.map((x) => (x as { value: unknown }).value);
      if (!a.kwargs.length) return vals.length === 0 ? () => [] : () => vals.slice();
      const kwv: Record<string, unknown> = {};
      for (const [k, v] of a.kwargs) kwv[k] = (v as { value: unknown }).value;
      return () => {
        const out = vals.slice();
        out.push(new Kwargs({ ...kwv }));
        return out;
      };
    }
    const pos = a.args.map((x) => this.expr(x));
    const kw = a.kwargs.map(([k, v]): [string, Ev] => [k, this.expr(v)]).concat(extraKw);
    const kwObj = (f: Frame): Record<string, unknown> => {
      const o: Record<string, unknown> = {};
      for (const [k, v] of kw) o[k] = v(f);
      return o;
    };
    if (a.dynArgs || a.dynKwargs) {
      const da = a.dynArgs ? this.expr(a.dynArgs) : () => null;
      const dk = a.dynKwargs ? this.expr(a.dynKwargs) : () => null;
      const rt = this.rt;
      return (f) => rt.args(pos.map((x) => x(f)), da(f), kwObj(f), dk(f));
    }
    if (kw.length) {
      return (f) => {
        const out = pos.map((x) => x(f));
        out.push(new Kwargs(kwObj(f)));
        return out;
      };
    }
    switch (pos.length) {
      case 0:
        return () => [];
      case 1: {
        const [a0] = pos as [Ev];
        return (f) => [a0(f)];
      }
      case 2: {
        const [a0, a1] = pos as [Ev, Ev];
        return (f) => [a0(f), a1(f)];
      }
      default:
        return (f) => pos.map((x) => x(f));
    }
  }

  /** Compiles a call; `extraKw` adds keyword args (the caller of a call block). */
  call(e: Extract<Expr, { type: 'Call' }>, extraKw: [string, Ev][] = []): Ev {
    const rt = this.rt;
    if (e.fn.type === 'Name' && e.fn.name === 'return' && !this.isLocal('return')) {
      const v = e.args[0] ? this.expr(e.args[0]) : () => null;
      return (f) => rt.ret(v(f));
    }
    const args = this.callArgs(e, extraKw);
    if (e.fn.type === 'Getattr') {
      const obj = this.expr(e.fn.obj);
      const attr = e.fn.attr;
      return (f) => rt.callMethod(obj(f), attr, args(f));
    }
    const fn = this.expr(e.fn);
    return (f) => rt.call(fn(f), args(f));
  }

  /** Applies a filter node (and the filters it wraps) to `input` (null: the node's own input). */
  filter(e: Extract<Expr, { type: 'Filter' }>, input: Ev | null): Ev {
    const inner: Ev = e.node ? (e.node.type === 'Filter' ? this.filter(e.node, input) : this.expr(e.node)) : (input ?? (() => undefined));
    if (!this.filterNames(e.name) && !this.conditional) this.fail(`No filter named '${e.name}'.`, e.line);
    const args = this.callArgs(e);
    const rt = this.rt;
    const name = e.name;
    return (f) => rt.filter(name, inner(f), args(f));
  }

  /** Re-targets a filter chain whose innermost input is missing (filter blocks, block set). */
  filterChain(e: Expr, input: Ev): Ev {
    if (e.type !== 'Filter') return this.expr(e);
    const inner = e.node ? this.filterChain(e.node, input) : input;
    if (!this.filterNames(e.name) && !this.conditional) this.fail(`No filter named '${e.name}'.`, e.line);
    const args = this.callArgs(e);
    const rt = this.rt;
    const name = e.name;
    return (f) => rt.filter(name, inner(f), args(f));
  }

  private test(e: Extract<Expr, { type: 'Test' }>): Cond {
    const v = this.expr(e.node);
    if (e.name === 'defined' && !e.args.length) return (f) => !(v(f) instanceof Undefined);
    if (e.name === 'undefined' && !e.args.length) return (f) => v(f) instanceof Undefined;
    if (e.name === 'none' && !e.args.length) return (f) => v(f) === null;
    if (!this.testNames(e.name) && !this.conditional) this.fail(`No test named '${e.name}'.`, e.line);
    const args = this.callArgs(e);
    const rt = this.rt;
    const name = e.name;
    return (f) => rt.test(name, v(f), args(f));
  }
}
