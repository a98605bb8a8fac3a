// Expression half of the code generator: AST expressions -> JavaScript expressions that
// call the runtime (`rt`) for Python semantics.
import type { CallArgs, Expr } from './ast.js';
import { PyFloat, truthy } from './values.js';

/** A compile-time scope: Jinja names visible as JS variables. */
export interface Scope {
  vars: Map<string, string>;
  parent: Scope | null;
  /** Template top level: assignments are also written to the context (`c.vars`). */
  top: boolean;
}

/** Per-JS-function state (temporaries, what `return(...)` compiles to). */
export interface FnState {
  kind: 'root' | 'macro' | 'nested';
  temps: number;
}

/** An internal expression holding ready JS code (used for caller and filter-block input). */
export interface RawExpr {
  type: 'Raw';
  js: string;
  line: number;
}

const BINOPS: Record<string, string> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '//': 'floordiv', '%': 'mod', '**': 'pow' };
const CMP: Record<string, string> = { '==': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge', in: 'isIn', notin: 'notIn' };

/** Turns expressions into JS source. */
export class ExprCompiler {
  protected scope: Scope = { vars: new Map(), parent: null, top: true };
  protected fn: FnState = { kind: 'root', temps: 0 };
  /** Inside an `if` (or conditional expression): unknown filters/tests fail only when reached, as in Jinja2. */
  protected conditional = 0;
  protected ids = 0;
  /** Constants that have no JS literal (boxed floats), passed to the module as K. */
  readonly consts: unknown[] = [];

  constructor(
    protected readonly filterNames: (name: string) => boolean,
    protected readonly testNames: (name: string) => boolean,
    protected readonly fail: (message: string, line: number) => never,
  ) {}

  /** A constant passed in K, so templates differing only in text and lines share compiled code. */
  protected konst(v: unknown): string {
    return `K[${this.consts.push(v) - 1}]`;
  }

  protected temp(): string {
    return `t${this.fn.temps++}`;
  }

  /** A fresh JS variable for a Jinja name (numbered only, so same-shaped templates share code). */
  protected newVar(_name: string): string {
    return `v${this.ids++}`;
  }

  /** JS for reading a Jinja name in the current scope. */
  protected load(name: string): string {
    for (let s: Scope | null = this.scope; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v !== undefined) return v;
    }
    return `c.get(${this.konst(name)})`;
  }

  /** Compiles an expression to JS. */
  expr(e: Expr | RawExpr): string {
    switch (e.type) {
      case 'Raw':
        return e.js;
      case 'Const':
        return this.constant(e.value);
      case 'Name':
        return this.load(e.name);
      case 'List':
        return `[${e.items.map((x) => this.expr(x)).join(', ')}]`;
      case 'Tuple':
        return `rt.tup([${e.items.map((x) => this.expr(x)).join(', ')}])`;
      case 'Dict':
        return `rt.dict([${e.pairs.map(([k, v]) => `${this.expr(k)}, ${this.expr(v)}`).join(', ')}])`;
      case 'Getattr':
        return `rt.attr(${this.expr(e.obj)}, ${this.konst(e.attr)})`;
      case 'Getitem':
        if (e.arg.type === 'Slice') {
          const part = (x: Expr | null): string => (x ? this.expr(x) : 'null');
          return `rt.slice(${this.expr(e.obj)}, ${part(e.arg.start)}, ${part(e.arg.stop)}, ${part(e.arg.step)})`;
        }
        return `rt.item(${this.expr(e.obj)}, ${this.expr(e.arg)})`;
      case 'Slice':
        return this.fail('slice outside of a subscript', e.line);
      case 'Call':
        return this.call(e);
      case 'Filter':
        return this.filter(e, e.node ? this.expr(e.node) : 'undefined');
      case 'Test':
        return this.test(e);
      case 'BinOp':
        return `rt.${BINOPS[e.op]}(${this.expr(e.left)}, ${this.expr(e.right)})`;
      case 'Concat':
        return `(${e.nodes.map((x) => `S(${this.expr(x)})`).join(' + ')})`;
      case 'Compare':
        return this.compare(e);
      case 'And': {
        const t = this.temp();
        return `(B(${t} = ${this.expr(e.left)}) ? ${this.expr(e.right)} : ${t})`;
      }
      case 'Or': {
        const t = this.temp();
        return `(B(${t} = ${this.expr(e.left)}) ? ${t} : ${this.expr(e.right)})`;
      }
      case 'Not':
        return `!${this.cond(e.node)}`;
      case 'Neg':
        return `rt.neg(${this.expr(e.node)})`;
      case 'Pos':
        return `rt.pos(${this.expr(e.node)})`;
      case 'CondExpr': {
        this.conditional++;
        const other = e.expr2
          ? this.expr(e.expr2)
          : `rt.condUndef(${this.konst(`the inline if-expression on line ${e.line} evaluated to false and no else section was defined.`)})`;
        const res = `(${this.cond(e.test)} ? ${this.expr(e.expr1)} : ${other})`;
        this.conditional--;
        return res;
      }
    }
  }

  /** Compiles an expression used as a condition to a JS boolean. */
  cond(e: Expr): string {
    switch (e.type) {
      case 'And':
        return `(${this.cond(e.left)} && ${this.cond(e.right)})`;
      case 'Or':
        return `(${this.cond(e.left)} || ${this.cond(e.right)})`;
      case 'Not':
        return `!${this.cond(e.node)}`;
      case 'Test':
      case 'Compare':
        return this.expr(e);
      case 'Const':
        return truthy(e.value) ? 'true' : 'false';
      default:
        return `B(${this.expr(e)})`;
    }
  }

  private constant(v: unknown): string {
    if (v === null) return 'null';
    if (typeof v === 'string') return this.konst(v);
    if (typeof v === 'boolean') return String(v);
    if (typeof v === 'number') return Number.isFinite(v) ? (Object.is(v, -0) ? '-0' : String(v)) : `K[${this.consts.push(v) - 1}]`;
    if (v instanceof PyFloat) return `K[${this.consts.push(v) - 1}]`;
    return `K[${this.consts.push(v) - 1}]`;
  }

  private compare(e: Extract<Expr, { type: 'Compare' }>): string {
    if (e.ops.length === 1) {
      const [op, right] = e.ops[0]!;
      return `rt.${CMP[op]}(${this.expr(e.expr)}, ${this.expr(right)})`;
    }
    // chained: a < b < c evaluates b once
    let left = this.expr(e.expr);
    const parts: string[] = [];
    for (const [op, right] of e.ops) {
      const t = this.temp();
      parts.push(`rt.${CMP[op]}(${left}, ${t} = ${this.expr(right)})`);
      left = t;
    }
    return `(${parts.join(' && ')})`;
  }

  /** JS for the argument array of a call (positional, then a Kwargs if any). */
  protected callArgs(a: CallArgs, extraKw: [string, string][] = []): string {
    const pos = a.args.map((x) => this.expr(x));
    const kw = a.kwargs.map(([k, v]): [string, string] => [k, this.expr(v)]).concat(extraKw);
    const kwJs = `{${kw.map(([k, v]) => `[${this.konst(k)}]: ${v}`).join(', ')}}`;
    if (a.dynArgs || a.dynKwargs) {
      return `rt.args([${pos.join(', ')}], ${a.dynArgs ? this.expr(a.dynArgs) : 'null'}, ${kwJs}, ${a.dynKwargs ? this.expr(a.dynKwargs) : 'null'})`;
    }
    if (kw.length) pos.push(`new KW(${kwJs})`);
    return `[${pos.join(', ')}]`;
  }

  /** Compiles a call; `extraKw` adds keyword args given as JS (the caller of a call block). */
  call(e: Extract<Expr, { type: 'Call' }>, extraKw: [string, string][] = []): string {
    if (e.fn.type === 'Name' && e.fn.name === 'return' && !this.isLocal('return')) {
      return `rt.ret(${e.args[0] ? this.expr(e.args[0]) : 'null'})`;
    }
    const args = this.callArgs(e, extraKw);
    if (e.fn.type === 'Getattr') return `rt.callMethod(${this.expr(e.fn.obj)}, ${this.konst(e.fn.attr)}, ${args})`;
    return `rt.call(${this.expr(e.fn)}, ${args})`;
  }

  protected isLocal(name: string): boolean {
    for (let s: Scope | null = this.scope; s; s = s.parent) if (s.vars.has(name)) return true;
    return false;
  }

  /** Applies a filter node (and the filters it wraps) to the JS value `input`. */
  filter(e: Extract<Expr, { type: 'Filter' }>, input: string): string {
    const inner = e.node ? (e.node.type === 'Filter' && e.node !== null ? this.filter(e.node, input) : this.expr(e.node)) : input;
    if (!this.filterNames(e.name) && !this.conditional) this.fail(`No filter named '${e.name}'.`, e.line);
    const args = this.callArgs(e);
    return `rt.filter(${this.konst(e.name)}, ${inner}, ${args})`;
  }

  /** Re-targets a filter chain whose innermost input is missing (filter blocks, block set). */
  filterChain(e: Expr, input: string): string {
    if (e.type !== 'Filter') return this.expr(e);
    const inner = e.node ? this.filterChain(e.node, input) : input;
    if (!this.filterNames(e.name) && !this.conditional) this.fail(`No filter named '${e.name}'.`, e.line);
    return `rt.filter(${this.konst(e.name)}, ${inner}, ${this.callArgs(e)})`;
  }

  private test(e: Extract<Expr, { type: 'Test' }>): string {
    const v = this.expr(e.node);
    if (e.name === 'defined' && !e.args.length) return `!(${v} instanceof UD)`;
    if (e.name === 'undefined' && !e.args.length) return `(${v} instanceof UD)`;
    if (e.name === 'none' && !e.args.length) return `(${v} === null)`;
    if (!this.testNames(e.name) && !this.conditional) this.fail(`No test named '${e.name}'.`, e.line);
    return `rt.test(${this.konst(e.name)}, ${v}, ${this.callArgs(e)})`;
  }
}
