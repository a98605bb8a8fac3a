// The closure compiler: template AST -> TemplateFunctions made of closures (see
// environment.ts for when it is used). It mirrors compiler.ts (scopes, loops, macros, call
// blocks, blocks, inheritance), so both back ends render identically; the conformance corpus
// runs on both. This file holds the functions (root, loops, macros, blocks); statements are
// in closure-stmt.ts, expressions in closure-expr.ts, the closures themselves in closure-runtime.ts.
import type { Expr, Param, Stmt, Target, TemplateAst } from './ast.js';
import { ClosureStmtCompiler } from './closure-stmt.js';
import { BREAK, CONTINUE, NEXT, RETURN, newFrame, withInit } from './closure-runtime.js';
import type { CScope, Ev, Ex, FnInfo, Frame } from './closure-runtime.js';
import type { Runtime } from './runtime.js';
import { defaultsReadLaterParams, mentions, namesIn, targetNames } from './ast-names.js';
import type { CompiledModule } from './compiler.js';
import { Loop } from './context.js';
import type { BlockFn, Ctx, TemplateFunctions } from './context.js';
import { ReturnSignal } from './errors.js';
import { macroInfo } from './runtime.js';
import { Kwargs } from './values.js';

const NO_MACROS: Record<string, (c: Ctx) => unknown> = Object.freeze({}) as Record<string, never>;
const NO_BLOCKS: Record<string, BlockFn> = Object.freeze({}) as Record<string, never>;

// The root functions are made outside the compiler, so that each keeps only what it uses.

/** The root of a template without blocks or extends (a model): runs the body in a new frame, after its scope's initialiser if any. */
function plainRoot(rt: Runtime, T: { filename: string; source: string }, init: ((f: Frame) => void) | null, run: Ex, slots: number): (c: Ctx) => string {
  return (c) => {
    const f = newFrame(null, c, slots);
    try {
      if (init !== null) init(f);
      run(f);
      return f.out;
    } catch (e) {
      if (e instanceof ReturnSignal) return f.out;
      throw rt.annotate(e, T, f.ln);
    }
  };
}

/** The root of a template with blocks (registered for its children) or an extends (rendering the parent). */
function inheritingRoot(rt: Runtime, T: { filename: string; source: string }, run: Ex, slots: number, blocks: Record<string, BlockFn> | null): (c: Ctx) => string {
  return (c) => {
    const f = newFrame(null, c, slots);
    try {
      if (blocks !== null) rt.registerBlocks(c, blocks);
      if (run(f) === RETURN) return f.out;
      if (f.ext !== null) return f.pre + rt.renderParent(f.ext, c);
      return f.out;
    } catch (e) {
      if (e instanceof ReturnSignal) return f.out;
      throw rt.annotate(e, T, f.ln);
    }
  };
}

/** Compiles one template AST to closures. */
export class ClosureCompiler extends ClosureStmtCompiler {
  /** Produces the template's functions and its macro list. */
  compile(ast: TemplateAst, meta: { filename: string; source: string }): { module: TemplateFunctions; macros: CompiledModule['macros'] } {
    this.meta = meta;
    this.hasExtends = ast.body.some((s) => s.type === 'Extends');
    const info = this.fn;
    // runtime closures must not capture AST nodes (they would keep every template's tree
    // alive), so compile-time callbacks get their nodes through bind, not through closures
    const { init, result: body } = this.scoped(ast.body, true, this.stmts.bind(this, ast.body));
    const blocks = this.blockFns;
    const hasBlocks = Object.keys(blocks).length > 0;
    // the root's slots are all taken once its body is compiled
    const root = hasBlocks || this.hasExtends ? inheritingRoot(this.rt, this.meta, withInit(init, body), info.slots, hasBlocks ? blocks : null) : plainRoot(this.rt, this.meta, init, body, info.slots);
    // a template without macros or blocks (a model) shares empty tables: they live as long as it
    const macros = this.macroInfo.length > 0 ? this.macroFactories : NO_MACROS;
    return { module: { root, macros, blocks: hasBlocks ? blocks : NO_BLOCKS }, macros: this.macroInfo };
  }

  /** Compiles a loop's body into a runner over the items (in the function that runs it). */
  private loopRunner(s: Extract<Stmt, { type: 'For' }>): (f: Frame, items: unknown, depth: number, recurse: ((it: unknown, depth: number) => string) | null) => number {
    const rt = this.rt;
    const usesLoop = s.recursive || (s.usesLoop ?? mentions(s.body, 'loop'));
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
    if (elseBody === null) {
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
        return NEXT;
      };
    }
    // as in Jinja2, `else` runs unless some iteration ran its body to the end (a break or
    // continue skips the end), so `{% break %}` in the first iteration still runs it
    return (f, items, depth, recurse) => {
      let list = rt.iter(items);
      if (filter) list = filter(f, list);
      const loop = usesLoop ? new Loop(rt, list, depth, recurse) : null;
      if (loop) f.v[loopSlot] = loop;
      let ran = false;
      for (let i = 0; i < list.length; i++) {
        init?.(f);
        assign(f, list[i]);
        if (loop) loop.i = i;
        const r = body(f);
        if (r === NEXT) ran = true;
        else if (r === BREAK) break;
        else if (r !== CONTINUE) return r;
      }
      if (ran) return NEXT;
      elseBody.init?.(f);
      return elseBody.result(f);
    };
  }

  private assignAndCond(target: Target, test: Expr): readonly [(f: Frame, v: unknown) => void, (f: Frame) => boolean] {
    return [this.assign(target), this.cond(test)];
  }

  private assignAndStmts(target: Target, body: Stmt[]): readonly [(f: Frame, v: unknown) => void, Ex] {
    return [this.assign(target), this.stmts(body)];
  }

  protected override forLoop(s: Extract<Stmt, { type: 'For' }>): Ex {
    const rt = this.rt;
    const iter = this.expr(s.iter);
    const line = s.line;
    if (!s.recursive) {
      const run = this.loopRunner(s);
      return (f) => ((f.ln = line), run(f, iter(f), 0, null));
    }
    // a recursive loop is its own function, as loop(items) renders the body again
    const { run, info } = this.nested(this.loopRunner.bind(this, s));
    const T = this.meta;
    return (f) => {
      f.ln = line;
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
  protected override macroFn(name: string, params: Param[], body: Stmt[], line: number, parent: CScope | null, callBlock = false): Ev {
    const make = this.macroMaker(name, params, body, line, parent, callBlock);
    return parent !== null ? (outer) => make(outer.c, outer) : (outer) => make(outer.c, null);
  }

  /** Creates macro values from their context and outer frame (null for a top-level macro). */
  private macroMaker(name: string, params: Param[], body: Stmt[], line: number, parent: CScope | null, callBlock: boolean): (c: Ctx, p: Frame | null) => unknown {
    const rt = this.rt;
    const names = namesIn(body);
    const usesCaller = names.has('caller');
    // a parameter named varargs or kwargs is an ordinary parameter, with no catch-all (Jinja 3)
    const usesVarargs = names.has('varargs') && !params.some((p) => p.name === 'varargs');
    const usesKwargs = names.has('kwargs') && !params.some((p) => p.name === 'kwargs');
    const paramNames = params.map((p) => p.name);
    const nParams = params.length;
    const savedConditional = this.conditional;
    const { run, info } = this.nested(this.macroBody.bind(this, params, body, line, parent, usesCaller, usesVarargs, usesKwargs), callBlock ? 'nested' : 'macro', parent);
    this.conditional = savedConditional;
    const T = this.meta;
    const minfo = macroInfo(name, paramNames, usesVarargs, usesKwargs, usesCaller);
    // a top-level macro is a template's own: the errors leaving it record it (Diagnostic.macroStack)
    const top = parent === null && !callBlock;
    return (c, p) => {
      const fn = (...a: unknown[]): unknown => {
        let kw: Record<string, unknown> | null = null;
        let n = a.length;
        if (n > 0 && a[n - 1] instanceof Kwargs) {
          kw = (a[n - 1] as Kwargs).values;
          n--;
        }
        let kwx: Record<string, unknown> | null;
        try {
          if (!usesVarargs && n > nParams) rt.tooManyArgs(name, paramNames, n);
          kwx = kw === null ? null : rt.checkKwargs(kw, n, name, paramNames, usesKwargs, usesCaller);
        } catch (e) {
          // raised by the call itself: located at the caller's line, yet inside this macro's call
          throw top ? rt.unwound(e, name, T) : e;
        }
        const f = newFrame(p, c, info.slots);
        try {
          return run(f, a, n, kw, kwx) === RETURN ? f.ret : f.out;
        } catch (e) {
          if (e instanceof ReturnSignal) {
            if (callBlock) throw e;
            return e.value;
          }
          const located = rt.annotate(e, T, f.ln);
          throw top ? rt.unwound(located, name, T) : located;
        }
      };
      return rt.macro(minfo, fn);
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
    // a parameter named `caller` (with a default) is bound like any other parameter
    const callerSlot = usesCaller && !paramNames.includes('caller') ? preset.get('caller')! : -1;
    const varargsSlot = usesVarargs ? preset.get('varargs')! : -1;
    const kwargsSlot = usesKwargs ? preset.get('kwargs')! : -1;
    // a default that reads its own or a later parameter needs every argument bound first (rare)
    const bind = defaultsReadLaterParams(params)
      ? (f: Frame, a: unknown[], n: number, kw: Record<string, unknown> | null): void => {
          const given: boolean[] = [];
          for (let i = 0; i < nParams; i++) {
            const p = paramNames[i]!;
            given.push(n > i || (kw !== null && Object.hasOwn(kw, p)));
            f.v[pslots[i]!] = n > i ? a[i] : given[i] ? kw![p] : rt.undef(missing[i]!, p);
          }
          for (let i = 0; i < nParams; i++) {
            const dflt = defaults[i];
            if (!given[i] && dflt) f.v[pslots[i]!] = dflt(f);
          }
        }
      : null;
    return (f, a, n, kw, kwx) => {
      f.ln = line;
      init?.(f);
      if (bind !== null) bind(f, a, n, kw);
      else {
        for (let i = 0; i < nParams; i++) {
          const p = paramNames[i]!;
          const dflt = defaults[i];
          f.v[pslots[i]!] = n > i ? a[i] : kw !== null && Object.hasOwn(kw, p) ? kw[p] : dflt ? dflt(f) : rt.undef(missing[i]!, p);
        }
      }
      if (callerSlot >= 0) f.v[callerSlot] = kw !== null && Object.hasOwn(kw, 'caller') ? kw.caller : rt.undef('No caller defined', 'caller');
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

  protected override macroDef(s: Extract<Stmt, { type: 'Macro' }>): Ex {
    const assign = this.assign({ type: 'Name', name: s.name, line: s.line });
    if (this.scope.top && this.fn.kind === 'root') {
      // bound to every model's context: no outer frame to allocate
      const make = this.macroMaker(s.name, s.params, s.body, s.line, null, false);
      const factory = (c: Ctx): unknown => make(c, null);
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

  protected override block(s: Extract<Stmt, { type: 'Block' }>): Ex {
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
