// Statement part of the closure compiler (see closure-compiler.ts): output, conditions,
// assignments and scopes, mirroring compiler.ts statement by statement.
import type { Expr, Param, Stmt, Target } from './ast.js';
import { ClosureExprCompiler } from './closure-expr.js';
import { BREAK, CONTINUE, NEXT, RETURN, nothing, outputRun, seq, withInit } from './closure-runtime.js';
import type { CScope, Ev, Ex, Frame, OutputItem } from './closure-runtime.js';
import { assigned, targetNames } from './compiler.js';
import { assignNs, assignSlot, assignStmt, assignTop, doStmt, ifStmt, initAll, initOne, lineStmt, setSlot, setTop, unpackInto } from './stmt-closures.js';
import type { CompiledModule } from './compiler.js';
import type { BlockFn, Ctx } from './context.js';
import { pyStr } from './values.js';

const NO_NAMES: ReadonlySet<string> = new Set();

/** Statements, scopes and assignments; loops, macros and blocks are in the subclass. */
export abstract class ClosureStmtCompiler extends ClosureExprCompiler {
  protected readonly macroInfo: CompiledModule['macros'] = [];
  protected readonly macroFactories: Record<string, (c: Ctx) => unknown> = {};
  protected readonly blockFns: Record<string, BlockFn> = {};
  protected hasExtends = false;
  protected meta: { filename: string; source: string } = { filename: '', source: '' };

  protected abstract forLoop(s: Extract<Stmt, { type: 'For' }>): Ex;
  protected abstract macroDef(s: Extract<Stmt, { type: 'Macro' }>): Ex;
  protected abstract block(s: Extract<Stmt, { type: 'Block' }>): Ex;
  protected abstract macroFn(name: string, params: Param[], body: Stmt[], line: number, parent: CScope | null, callBlock?: boolean): Ev;

  /** Opens a scope declaring the names `body` assigns, initialised from the enclosing scope. */
  protected scoped<R>(body: Stmt[], top: boolean, inner: () => R, preset: Map<string, number> | null = null, parent: CScope | null = this.scope): { init: ((f: Frame) => void) | null; result: R } {
    const names = body.length ? assigned(body, new Set()) : NO_NAMES;
    // the preset map is handed over by the caller (every caller builds its own), not copied
    const scope: CScope = { vars: preset ?? new Map(), parent, top, fn: this.fn };
    const saved = this.scope;
    const inits: [number, Ev][] = [];
    // initial values are read where the scope opens: one empty scope over the parent serves all
    let outer: CScope | null = null;
    // set when the last name initialised reads the context (as a model's `{% set x %}` does)
    let fromContext: string | null = null;
    for (const n of names) {
      if (scope.vars.has(n)) continue;
      const slot = this.newSlot();
      this.scope = outer ??= { vars: new Map(), parent, top: false, fn: this.fn };
      fromContext = this.isLocal(n) ? null : n;
      inits.push([slot, this.load(n)]);
      scope.vars.set(n, slot);
    }
    this.scope = scope;
    const result = inner();
    this.scope = saved;
    let init: ((f: Frame) => void) | null = null;
    // copied to its exact size: the list grown by push has room for 17
    if (inits.length === 1) init = initOne(inits[0]![0], inits[0]![1], fromContext);
    else if (inits.length) init = initAll(inits.slice());
    return { init, result };
  }

  protected stmts(body: Stmt[]): Ex {
    const list: Ex[] = [];
    const n = body.length;
    for (let i = 0; i < n; ) {
      // runs of text and `{{ }}` (most of a model) become one closure over parallel arrays
      let j = i;
      while (j < n && this.isOutput(body[j]!)) j++;
      if (j > i) {
        list.push(this.outputRun(body, i, j));
        i = j;
      } else list.push(this.stmt(body[i++]!));
    }
    // copied to its exact size when kept (seq keeps lists of three or more): grown by push,
    // it has room for 17
    return seq(list.length > 2 ? list.slice() : list);
  }

  private isOutput(s: Stmt): boolean {
    return s.type === 'Data' || (s.type === 'Output' && !this.isReturn(s.expr));
  }

  /** The text and `{{ }}` statements body[from, to) as one closure (adjacent texts joined). */
  private outputRun(body: Stmt[], from: number, to: number): Ex {
    // one array, in the layout outputRun reads, each `{{ }}` with its line beside it (an array
    // of small integers alone, allocated where the compiled macro files, which live on, were
    // allocated first, came to be allocated in the old generation by V8 for every template
    // after them: slowly, then collected there)
    const items: OutputItem[] = [];
    for (let i = from; i < to; i++) {
      const s = body[i]!;
      if (s.type === 'Data') {
        if (i > from && body[i - 1]!.type === 'Data') items[items.length - 1] += s.text;
        else items.push(s.text);
      } else if (s.type === 'Output') {
        items.push(s.line);
        const vals = this.constNameCall(s.expr);
        // `{{ ref('x') }}`: the name and the arguments, called by the run itself
        if (vals !== null) items.push((s.expr as { fn: { name: string } }).fn.name, vals);
        else items.push(this.expr(s.expr));
      }
    }
    // copied to its exact size: it lives as long as the template, and grown by push it has room for 17
    return outputRun(this.rt, items.slice());
  }

  /**
   * A statement that first records its line (for error locations). The common ones (if, for,
   * set, do) record it in their own closure; the others are wrapped in one that does.
   */
  protected stmt(s: Stmt): Ex {
    switch (s.type) {
      case 'If': {
        const test = this.cond(s.test);
        this.conditional++;
        const body = this.stmts(s.body);
        const other = s.else_.length ? this.stmts(s.else_) : nothing;
        this.conditional--;
        return ifStmt(s.line, test, body, other);
      }
      case 'For':
        return this.forLoop(s);
      case 'Assign': {
        const x = this.expr(s.expr);
        // `{% set name = ... %}` (the common one): the statement stores the value itself
        if (s.target.type === 'Name') {
          const slot = this.slotOf(s.target.name, s.target.line);
          return this.scope.top ? setTop(s.line, slot, s.target.name, x) : setSlot(s.line, slot, x);
        }
        return assignStmt(s.line, this.assign(s.target), x);
      }
      case 'Do':
        if (!this.isReturn(s.expr)) return doStmt(s.line, this.expr(s.expr));
        break;
    }
    return lineStmt(s.line, this.otherStmt(s));
  }

  /** The statements stmt() leaves to a wrapper that records the line. */
  private otherStmt(s: Stmt): Ex {
    const rt = this.rt;
    switch (s.type) {
      case 'Data': {
        const t = s.text;
        return (f) => ((f.out += t), NEXT);
      }
      case 'Output': {
        if (this.isReturn(s.expr)) return this.returnStmt(s.expr);
        const x = this.expr(s.expr);
        return (f) => ((f.out += pyStr(x(f))), NEXT);
      }
      case 'Do':
        // a statement-level return(...); other `do`s are in stmt()
        return this.returnStmt(s.expr as Extract<Expr, { type: 'Call' }>);
      case 'AssignBlock': {
        // the body and the filters run in the block's own scope; the target is assigned outside it
        const { init, result } = this.scoped(s.body, false, this.blockAndFilters.bind(this, s.body, s.filters));
        const body = withInit(init, result.body);
        const value = result.value;
        const assign = this.assign(s.target);
        return (f) => {
          const saved = f.out;
          f.out = '';
          const r = body(f);
          // a break, continue or return in the body leaves the block: output dropped, nothing assigned
          if (r !== NEXT) {
            f.out = saved;
            return r;
          }
          const v = value(f);
          f.out = saved;
          assign(f, v);
          return r;
        };
      }
      case 'Macro':
        return this.macroDef(s);
      case 'CallBlock': {
        const caller = this.macroFn('caller', s.params, s.body, s.line, this.scope, true);
        const call = this.call(s.call as Extract<Expr, { type: 'Call' }>, [['caller', caller]]);
        return (f) => ((f.out += pyStr(call(f))), NEXT);
      }
      case 'FilterBlock': {
        const { init, result } = this.scoped(s.body, false, this.blockAndFilters.bind(this, s.body, s.filters));
        const body = withInit(init, result.body);
        const value = result.value;
        return (f) => {
          const saved = f.out;
          f.out = '';
          const r = body(f);
          if (r !== NEXT) {
            f.out = saved;
            return r;
          }
          const v = value(f);
          f.out = saved + pyStr(v);
          return r;
        };
      }
      case 'With':
        return this.withStmt(s);
      case 'Include': {
        const tmpl = this.expr(s.template);
        const locals = s.withContext ? this.localsObject() : () => null;
        const T = this.meta;
        const ignore = s.ignoreMissing;
        return (f) => ((f.out += rt.include(f.c, T, tmpl(f), locals(f), ignore)), NEXT);
      }
      case 'Import': {
        const tmpl = this.expr(s.template);
        const T = this.meta;
        const withContext = s.withContext;
        const assign = this.assign({ type: 'Name', name: s.target, line: s.line });
        return (f) => (assign(f, rt.importModule(f.c, T, tmpl(f), withContext)), NEXT);
      }
      case 'FromImport': {
        const tmpl = this.expr(s.template);
        const T = this.meta;
        const withContext = s.withContext;
        const line = s.line;
        const parts: [string, (f: Frame, v: unknown) => void][] = [];
        for (const [name, alias] of s.names) parts.push([name, this.assign({ type: 'Name', name: alias, line })]);
        return (f) => {
          const m = rt.importModule(f.c, T, tmpl(f), withContext);
          for (const [name, assign] of parts) assign(f, rt.importName(m, name, line));
          return NEXT;
        };
      }
      case 'Extends': {
        const tmpl = this.expr(s.template);
        const T = this.meta;
        return (f) => {
          if (f.ext !== null) throw rt.error('TemplateRuntimeError', 'extended multiple times');
          f.ext = rt.load(f.c, T, tmpl(f)) as Frame['ext'];
          f.pre = f.out;
          return NEXT;
        };
      }
      case 'Block':
        return this.block(s);
      case 'Break':
        return () => BREAK;
      case 'Continue':
        return () => CONTINUE;
      case 'Captured':
        return nothing;
      case 'If':
      case 'For':
      case 'Assign':
        // compiled by stmt()
        return this.stmt(s);
    }
  }

  protected withStmt(s: Extract<Stmt, { type: 'With' }>): Ex {
    const values: Ev[] = [];
    for (const v of s.values) values.push(this.expr(v));
    const preset = new Map<string, number>();
    const names = new Set<string>();
    for (const t of s.targets) targetNames(t, names);
    for (const n of names) preset.set(n, this.newSlot());
    const { init, result } = this.scoped(s.body, false, this.assignsAndBody.bind(this, s.targets, s.body), preset);
    const { assigns, body } = result;
    return (f) => {
      const vals = values.map((v) => v(f));
      init?.(f);
      for (let i = 0; i < assigns.length; i++) assigns[i]!(f, vals[i]);
      return body(f);
    };
  }

  /** The statements of a set or filter block and the filters applied to its output, compiled in the block's scope. */
  private blockAndFilters(body: Stmt[], filters: Expr | null): { body: Ex; value: Ev } {
    const run = this.stmts(body);
    return { body: run, value: filters ? this.filterChain(filters, (f) => f.out) : (f) => f.out };
  }

  protected assignsAndBody(targets: Target[], body: Stmt[]): { assigns: ((f: Frame, v: unknown) => void)[]; body: Ex } {
    const assigns: ((f: Frame, v: unknown) => void)[] = [];
    for (const t of targets) assigns.push(this.assign(t));
    return { assigns, body: this.stmts(body) };
  }

  protected isReturn(e: Expr): e is Extract<Expr, { type: 'Call' }> {
    return e.type === 'Call' && e.fn.type === 'Name' && e.fn.name === 'return' && !this.isLocal('return');
  }

  protected returnStmt(e: Extract<Expr, { type: 'Call' }>): Ex {
    const value = e.args[0] ? this.expr(e.args[0]) : () => null;
    if (this.fn.kind === 'nested') {
      const rt = this.rt;
      return (f) => rt.ret(value(f));
    }
    return (f) => {
      f.ret = value(f);
      return RETURN;
    };
  }

  /** A closure assigning a value to a target in the current scope. */
  protected assign(t: Target): (f: Frame, value: unknown) => void {
    if (t.type === 'NSRef') return assignNs(this.rt, this.load(t.name), t.attr);
    if (t.type === 'Name') {
      const slot = this.slotOf(t.name, t.line);
      // at the top level, also a variable of the context (exported, read by imports)
      return this.scope.top ? assignTop(slot, t.name) : assignSlot(slot);
    }
    // a loop, not map: an arrow function using `this` here would put the compiler in the
    // context every closure this method makes keeps (see unpackInto)
    const items = new Array<(f: Frame, value: unknown) => void>(t.items.length);
    for (let i = 0; i < items.length; i++) items[i] = this.assign(t.items[i]!);
    return unpackInto(this.rt, items);
  }

  /** The slot the current scope gives an assigned name. */
  private slotOf(name: string, line: number): number {
    const slot = this.scope.vars.get(name);
    return slot !== undefined ? slot : this.fail(`internal: unscoped assignment to '${name}'`, line);
  }

  protected localsObject(): (f: Frame) => Record<string, unknown> {
    const seen = new Map<string, Ev>();
    for (let s: CScope | null = this.scope; s; s = s.parent) {
      for (const [k, slot] of s.vars) if (!seen.has(k)) seen.set(k, this.slotReader(this.fn.depth - s.fn.depth, slot));
    }
    const entries = [...seen];
    return (f) => {
      const o: Record<string, unknown> = {};
      for (const [k, r] of entries) o[k] = r(f);
      return o;
    };
  }

}
