// Statement half of the closure compiler: template AST -> TemplateFunctions made of closures.
// It mirrors compiler.ts statement by statement (scopes, loops, macros, call blocks, blocks,
// inheritance), so both back ends render identically; the conformance corpus runs on both.
import type { Expr, Param, Stmt, Target, TemplateAst } from './ast.js';
import { ClosureExprCompiler, newFrame } from './closure-expr.js';
import type { CScope, Ev, FnInfo, Frame } from './closure-expr.js';
import { assigned, mentions, targetNames } from './compiler.js';
import type { CompiledModule } from './compiler.js';
import { Loop } from './context.js';
import type { BlockFn, Ctx, TemplateFunctions } from './context.js';
import { ReturnSignal } from './errors.js';
import { Kwargs, pyStr } from './values.js';

/** A compiled statement; returns one of the signals below. */
type Ex = (f: Frame) => number;
const NEXT = 0;
const BREAK = 1;
const CONTINUE = 2;
const RETURN = 3;

const nothing: Ex = () => NEXT;

/** Runs statements in order, stopping at a break, continue or return signal. */
function seq(list: Ex[]): Ex {
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

/** Appends text and printed expressions in order (an expression entry's text is unused). */
function outputRun(texts: string[], exprs: (Ev | null)[], lines: number[]): Ex {
  const n = texts.length;
  if (n === 1 && exprs[0] === null) {
    const t = texts[0]!;
    return (f) => ((f.out += t), NEXT);
  }
  return (f) => {
    for (let i = 0; i < n; i++) {
      const x = exprs[i] as Ev | null;
      if (x === null) f.out += texts[i]!;
      else {
        f.ln = lines[i]!;
        f.out += pyStr(x(f));
      }
    }
    return NEXT;
  };
}

/** Runs scope initialisers, then the body. */
function withInit(init: ((f: Frame) => void) | null, body: Ex): Ex {
  return init ? (f) => (init(f), body(f)) : body;
}

/** Compiles one template AST to closures. */
export class ClosureCompiler extends ClosureExprCompiler {
  private readonly macroInfo: CompiledModule['macros'] = [];
  private readonly macroFactories: Record<string, (c: Ctx) => unknown> = {};
  private readonly blockFns: Record<string, BlockFn> = {};
  private hasExtends = false;
  private meta: { filename: string; source: string } = { filename: '', source: '' };

  /** Produces the template's functions and its macro list. */
  compile(ast: TemplateAst, meta: { filename: string; source: string }): { module: TemplateFunctions; macros: CompiledModule['macros'] } {
    this.meta = meta;
    this.hasExtends = ast.body.some((s) => s.type === 'Extends');
    const info = this.fn;
    // runtime closures must not capture AST nodes (they would keep every template's tree
    // alive), so compile-time callbacks get their nodes through bind, not through closures
    const { init, result: body } = this.scoped(ast.body, true, this.stmts.bind(this, ast.body));
    const run = withInit(init, body);
    const rt = this.rt;
    const T = this.meta;
    const blocks = this.blockFns;
    const hasBlocks = Object.keys(blocks).length > 0;
    const hasExtends = this.hasExtends;
    const root = (c: Ctx): string => {
      const f = newFrame(null, c, info.slots);
      try {
        if (hasBlocks) rt.registerBlocks(c, blocks);
        if (run(f) === RETURN) return f.out;
        if (hasExtends && f.ext !== null) return f.pre + rt.renderParent(f.ext, c);
        return f.out;
      } catch (e) {
        if (e instanceof ReturnSignal) return f.out;
        throw rt.annotate(e, T, f.ln);
      }
    };
    return { module: { root, macros: this.macroFactories, blocks }, macros: this.macroInfo };
  }

  /** Opens a scope declaring the names `body` assigns, initialised from the enclosing scope. */
  private scoped<R>(body: Stmt[], top: boolean, inner: () => R, preset: Map<string, number> = new Map(), parent: CScope | null = this.scope): { init: ((f: Frame) => void) | null; result: R } {
    const names = assigned(body, new Set());
    const scope: CScope = { vars: new Map(preset), parent, top, fn: this.fn };
    const saved = this.scope;
    const inits: [number, Ev][] = [];
    for (const n of names) {
      if (scope.vars.has(n)) continue;
      const slot = this.newSlot();
      this.scope = { vars: new Map(), parent, top: false, fn: this.fn };
      inits.push([slot, this.load(n)]);
      scope.vars.set(n, slot);
    }
    this.scope = scope;
    const result = inner();
    this.scope = saved;
    let init: ((f: Frame) => void) | null = null;
    if (inits.length === 1) {
      const [slot, ld] = inits[0]!;
      init = (f) => {
        f.v[slot] = ld(f);
      };
    } else if (inits.length) {
      init = (f) => {
        for (const [slot, ld] of inits) f.v[slot] = ld(f);
      };
    }
    return { init, result };
  }

  private stmts(body: Stmt[]): Ex {
    const list: Ex[] = [];
    // runs of text and `{{ }}` (most of a model) become one closure over parallel arrays
    let texts: string[] = [];
    let exprs: (Ev | null)[] = [];
    let lines: number[] = [];
    const flush = (): void => {
      if (!texts.length) return;
      list.push(outputRun(texts, exprs, lines));
      texts = [];
      exprs = [];
      lines = [];
    };
    for (const s of body) {
      if (s.type === 'Data') {
        if (texts.length && exprs[exprs.length - 1] === null) texts[texts.length - 1] += s.text;
        else {
          texts.push(s.text);
          exprs.push(null);
          lines.push(s.line);
        }
        continue;
      }
      if (s.type === 'Output' && !this.isReturn(s.expr)) {
        texts.push('');
        exprs.push(this.expr(s.expr));
        lines.push(s.line);
        continue;
      }
      flush();
      const x = this.stmt(s);
      const line = s.line;
      list.push((f) => ((f.ln = line), x(f)));
    }
    flush();
    return seq(list);
  }

  private stmt(s: Stmt): Ex {
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
      case 'Do': {
        if (this.isReturn(s.expr)) return this.returnStmt(s.expr);
        const x = this.expr(s.expr);
        return (f) => (x(f), NEXT);
      }
      case 'If': {
        const test = this.cond(s.test);
        this.conditional++;
        const body = this.stmts(s.body);
        const other = s.else_.length ? this.stmts(s.else_) : nothing;
        this.conditional--;
        return (f) => (test(f) ? body(f) : other(f));
      }
      case 'For':
        return this.forLoop(s);
      case 'Assign': {
        const x = this.expr(s.expr);
        const assign = this.assign(s.target);
        return (f) => (assign(f, x(f)), NEXT);
      }
      case 'AssignBlock': {
        const body = this.stmts(s.body);
        const value: Ev = s.filters ? this.filterChain(s.filters, (f) => f.out) : (f) => f.out;
        const assign = this.assign(s.target);
        return (f) => {
          const saved = f.out;
          f.out = '';
          const r = body(f);
          const v = value(f);
          f.out = saved;
          assign(f, v);
          return r;
        };
      }
      case 'Macro':
        return this.macroDef(s);
      case 'CallBlock': {
        const caller = this.macroFn('caller', s.params, s.body, s.line, this.scope);
        const call = this.call(s.call as Extract<Expr, { type: 'Call' }>, [['caller', caller]]);
        return (f) => ((f.out += pyStr(call(f))), NEXT);
      }
      case 'FilterBlock': {
        const body = this.stmts(s.body);
        const value = this.filterChain(s.filters, (f) => f.out);
        return (f) => {
          const saved = f.out;
          f.out = '';
          const r = body(f);
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
    }
  }

  private withStmt(s: Extract<Stmt, { type: 'With' }>): Ex {
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

  private assignsAndBody(targets: Target[], body: Stmt[]): { assigns: ((f: Frame, v: unknown) => void)[]; body: Ex } {
    const assigns: ((f: Frame, v: unknown) => void)[] = [];
    for (const t of targets) assigns.push(this.assign(t));
    return { assigns, body: this.stmts(body) };
  }

  private assignAndCond(target: Target, test: Expr): readonly [(f: Frame, v: unknown) => void, (f: Frame) => boolean] {
    return [this.assign(target), this.cond(test)];
  }

  private assignAndStmts(target: Target, body: Stmt[]): readonly [(f: Frame, v: unknown) => void, Ex] {
    return [this.assign(target), this.stmts(body)];
  }

  private isReturn(e: Expr): e is Extract<Expr, { type: 'Call' }> {
    return e.type === 'Call' && e.fn.type === 'Name' && e.fn.name === 'return' && !this.isLocal('return');
  }

  private returnStmt(e: Extract<Expr, { type: 'Call' }>): Ex {
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
  private assign(t: Target): (f: Frame, value: unknown) => void {
    const rt = this.rt;
    if (t.type === 'NSRef') {
      const ns = this.load(t.name);
      const attr = t.attr;
      return (f, v) => rt.setNs(ns(f), attr, v);
    }
    if (t.type === 'Name') {
      const slot = this.scope.vars.get(t.name);
      if (slot === undefined) return this.fail(`internal: unscoped assignment to '${t.name}'`, t.line);
      if (this.scope.top) {
        const name = t.name;
        return (f, v) => {
          f.v[slot] = v;
          f.c.vars[name] = v;
        };
      }
      return (f, v) => {
        f.v[slot] = v;
      };
    }
    const items = t.items.map((x) => this.assign(x));
    const n = items.length;
    return (f, v) => {
      const parts = rt.unpack(v, n);
      for (let i = 0; i < n; i++) items[i]!(f, parts[i]);
    };
  }

  private localsObject(): (f: Frame) => Record<string, unknown> {
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

  /** Compiles a loop's body into a runner over the items (in the function that runs it). */
  private loopRunner(s: Extract<Stmt, { type: 'For' }>): (f: Frame, items: unknown, depth: number, recurse: ((it: unknown, depth: number) => string) | null) => number {
    const rt = this.rt;
    const usesLoop = s.recursive || mentions(s.body, 'loop');
    // slots are taken here, so a recursive loop's variables live in its own frame
    const preset = new Map<string, number>();
    const targetVars = new Set<string>();
    targetNames(s.target, targetVars);
    for (const n of targetVars) preset.set(n, this.newSlot());
    const loopSlot = usesLoop ? this.newSlot() : -1;
    if (usesLoop) preset.set('loop', loopSlot);
    let filter: ((f: Frame, items: unknown[]) => unknown[]) | null = null;
    if (s.test) {
      const filterPreset = new Map(preset);
      filterPreset.delete('loop');
      const { init, result } = this.scoped([], false, this.assignAndCond.bind(this, s.target, s.test), filterPreset);
      const [assign, cond] = result;
      filter = (f, items) => {
        const kept: unknown[] = [];
        for (const x of items) {
          init?.(f);
          assign(f, x);
          if (cond(f)) kept.push(x);
        }
        return kept;
      };
    }
    const { init, result } = this.scoped(s.body, false, this.assignAndStmts.bind(this, s.target, s.body), preset);
    const [assign, body] = result;
    const elseBody = s.else_.length ? this.scoped(s.else_, false, this.stmts.bind(this, s.else_)) : null;
    return (f, items, depth, recurse) => {
      let list = rt.iter(items);
      if (filter) list = filter(f, list);
      const loop = usesLoop ? new Loop(rt, list, depth, recurse) : null;
      if (loop) f.v[loopSlot] = loop;
      for (let i = 0; i < list.length; i++) {
        init?.(f);
        assign(f, list[i]);
        if (loop) loop.i = i;
        const r = body(f);
        if (r === NEXT || r === CONTINUE) continue;
        if (r === BREAK) break;
        return r;
      }
      if (list.length === 0 && elseBody) {
        elseBody.init?.(f);
        return elseBody.result(f);
      }
      return NEXT;
    };
  }

  private forLoop(s: Extract<Stmt, { type: 'For' }>): Ex {
    const rt = this.rt;
    const iter = this.expr(s.iter);
    if (!s.recursive) {
      const run = this.loopRunner(s);
      return (f) => run(f, iter(f), 0, null);
    }
    // a recursive loop is its own function, as loop(items) renders the body again
    const { run, info } = this.nested(this.loopRunner.bind(this, s));
    const T = this.meta;
    return (f) => {
      const rec = (it: unknown, depth: number): string => {
        const g = newFrame(f, f.c, info.slots);
        try {
          run(g, it, depth, rec);
          return g.out;
        } catch (e) {
          if (e instanceof ReturnSignal) throw e;
          throw rt.annotate(e, T, g.ln);
        }
      };
      f.out += rec(iter(f), 0);
      return NEXT;
    };
  }

  /** Compiles the body of a function nested in the current one (its frame points at ours). */
  private nested<R>(build: () => R, kind: FnInfo['kind'] = 'nested', parent: CScope | null = this.scope): { run: R; info: FnInfo } {
    const savedFn = this.fn;
    const savedScope = this.scope;
    const info: FnInfo = { kind, slots: 0, depth: parent ? savedFn.depth + 1 : 0 };
    this.fn = info;
    this.scope = { vars: new Map(), parent, top: false, fn: info };
    const run = build();
    this.fn = savedFn;
    this.scope = savedScope;
    return { run, info };
  }

  /** A closure creating the macro value (the frame it is created in is the macro's outer frame). */
  private macroFn(name: string, params: Param[], body: Stmt[], line: number, parent: CScope | null): Ev {
    const rt = this.rt;
    const usesCaller = mentions(body, 'caller');
    const usesVarargs = mentions(body, 'varargs');
    const usesKwargs = mentions(body, 'kwargs');
    const paramNames = params.map((p) => p.name);
    const nParams = params.length;
    const savedConditional = this.conditional;
    const hasParent = parent !== null;
    const { run, info } = this.nested(this.macroBody.bind(this, params, body, line, parent, usesCaller, usesVarargs, usesKwargs), 'macro', parent);
    this.conditional = savedConditional;
    const T = this.meta;
    return (outer) => {
      const c = outer.c;
      const p = hasParent ? outer : null;
      const fn = (...a: unknown[]): unknown => {
        let kw: Record<string, unknown> | null = null;
        let n = a.length;
        if (n > 0 && a[n - 1] instanceof Kwargs) {
          kw = (a[n - 1] as Kwargs).values;
          n--;
        }
        if (!usesVarargs && n > nParams) rt.tooManyArgs(name, nParams);
        const kwx = kw === null ? null : rt.checkKwargs(kw, n, name, paramNames, usesKwargs, usesCaller);
        const f = newFrame(p, c, info.slots);
        try {
          return run(f, a, n, kw, kwx) === RETURN ? f.ret : f.out;
        } catch (e) {
          if (e instanceof ReturnSignal) return e.value;
          throw rt.annotate(e, T, f.ln);
        }
      };
      return rt.macro(name, fn, paramNames, usesVarargs, usesKwargs, usesCaller);
    };
  }

  /** The body of a macro: binds arguments to parameter slots, then runs the statements. */
  private macroBody(
    params: Param[],
    body: Stmt[],
    line: number,
    parent: CScope | null,
    usesCaller: boolean,
    usesVarargs: boolean,
    usesKwargs: boolean,
  ): (f: Frame, a: unknown[], n: number, kw: Record<string, unknown> | null, kwx: Record<string, unknown> | null) => number {
    const rt = this.rt;
    const preset = new Map<string, number>();
    const pslots: number[] = [];
    const paramNames: string[] = [];
    const missing: string[] = [];
    for (const p of params) {
      const slot = this.newSlot();
      preset.set(p.name, slot);
      pslots.push(slot);
      paramNames.push(p.name);
      missing.push(`parameter '${p.name}' was not provided`);
    }
    const nParams = params.length;
    const special: [string, boolean][] = [['caller', usesCaller], ['varargs', usesVarargs], ['kwargs', usesKwargs]];
    for (const [n, used] of special) if (used && !preset.has(n)) preset.set(n, this.newSlot());
    const { init, result } = this.scoped(body, false, this.defaultsAndBody.bind(this, params, body), preset, parent);
    const { defaults, body: run } = result;
    const callerSlot = usesCaller ? preset.get('caller')! : -1;
    const varargsSlot = usesVarargs ? preset.get('varargs')! : -1;
    const kwargsSlot = usesKwargs ? preset.get('kwargs')! : -1;
    return (f, a, n, kw, kwx) => {
      f.ln = line;
      init?.(f);
      for (let i = 0; i < nParams; i++) {
        const p = paramNames[i]!;
        const dflt = defaults[i];
        f.v[pslots[i]!] = n > i ? a[i] : kw !== null && Object.hasOwn(kw, p) ? kw[p] : dflt ? dflt(f) : rt.undef(missing[i]!, p);
      }
      if (usesCaller) f.v[callerSlot] = kw !== null && Object.hasOwn(kw, 'caller') ? kw.caller : rt.undef('No caller defined', 'caller');
      if (usesVarargs) f.v[varargsSlot] = rt.tup(a.slice(nParams, n));
      if (usesKwargs) f.v[kwargsSlot] = kwx === null ? {} : kwx;
      return run(f);
    };
  }

  private defaultsAndBody(params: Param[], body: Stmt[]): { defaults: (Ev | null)[]; body: Ex } {
    const defaults: (Ev | null)[] = [];
    for (const p of params) defaults.push(p.default ? this.expr(p.default) : null);
    return { defaults, body: this.stmts(body) };
  }

  private macroDef(s: Extract<Stmt, { type: 'Macro' }>): Ex {
    const assign = this.assign({ type: 'Name', name: s.name, line: s.line });
    if (this.scope.top && this.fn.kind === 'root') {
      const make = this.macroFn(s.name, s.params, s.body, s.line, null);
      const factory = (c: Ctx): unknown => make(newFrame(null, c, 0));
      this.macroFactories[s.name] = factory;
      this.macroInfo.push({ name: s.name, line: s.line, params: s.params.map((p) => ({ name: p.name, hasDefault: p.default !== null })), fn: '' });
      return (f) => (assign(f, factory(f.c)), NEXT);
    }
    const make = this.macroFn(s.name, s.params, s.body, s.line, this.scope);
    return (f) => (assign(f, make(f)), NEXT);
  }

  private blockBody(body: Stmt[]): { superSlot: number; body: Ex } {
    const superSlot = this.newSlot();
    const preset = new Map<string, number>([['super', superSlot]]);
    const { init, result } = this.scoped(body, false, this.stmts.bind(this, body), preset, null);
    return { superSlot, body: withInit(init, result) };
  }

  private block(s: Extract<Stmt, { type: 'Block' }>): Ex {
    const rt = this.rt;
    const name = s.name;
    const { run, info } = this.nested(this.blockBody.bind(this, s.body), 'nested', null);
    const T = this.meta;
    const fn: BlockFn = (c) => {
      const f = newFrame(null, c, info.slots);
      try {
        f.v[run.superSlot] = rt.superBlock(c, name, fn);
        run.body(f);
        return f.out;
      } catch (e) {
        if (e instanceof ReturnSignal) throw e;
        throw rt.annotate(e, T, f.ln);
      }
    };
    this.blockFns[name] = fn;
    const guarded = this.hasExtends && this.scope.top;
    return (f) => {
      if (!guarded || f.ext === null) f.out += rt.renderBlock(f.c, name);
      return NEXT;
    };
  }
}
