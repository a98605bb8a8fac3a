// Code generator: template AST -> the JavaScript source of a module (render function,
// macro factories, block functions). Compiled once per (filename, source) and cached.
import type { Expr, Param, Stmt, Target, TemplateAst } from './ast.js';
import { defaultsReadLaterParams, loopControlIn, mentions, namesIn, targetNames } from './ast-names.js';
import { ExprCompiler } from './compile-expr.js';
import type { FnState, RawExpr, Scope } from './compile-expr.js';
import { macroInfo } from './runtime.js';

/** What the compiler reports about a template besides its code. */
export interface CompiledModule {
  /** Body of `new Function('rt', 'T', 'K', 'KW', 'UD', 'RS', 'S', 'B', body)`, or with `direct` of the render function (extra params `blocks`, `c`). */
  code: string;
  direct: boolean;
  consts: unknown[];
  macros: { name: string; line: number; params: { name: string; hasDefault: boolean }[]; fn: string }[];
}

/** Collects names a statement list assigns in its own scope (not in nested scopes). */
export function assigned(body: Stmt[], out: Set<string>): Set<string> {
  for (const s of body) {
    switch (s.type) {
      // the body of `{% set x %}...{% endset %}` or `{% filter %}` is a scope of its own (as in Jinja2)
      case 'Assign':
      case 'AssignBlock':
        targetNames(s.target, out);
        break;
      case 'Macro':
        out.add(s.name);
        break;
      case 'Import':
        out.add(s.target);
        break;
      case 'FromImport':
        for (const [, alias] of s.names) out.add(alias);
        break;
      case 'If':
        assigned(s.body, out);
        assigned(s.else_, out);
        break;
    }
  }
  return out;
}

export { mentions, targetNames } from './ast-names.js';

/** Compiles one template AST to module source. */
export class Compiler extends ExprCompiler {
  private readonly hoisted: string[] = [];
  private readonly macroInfo: CompiledModule['macros'] = [];
  private readonly blockFns: string[] = [];
  private hasExtends = false;
  private loopDepth = 0;

  /** Produces the module source. */
  compile(ast: TemplateAst): CompiledModule {
    this.hasExtends = ast.body.some((s) => s.type === 'Extends');
    const root = this.func('root', 'root', ['c'], () => {
      let code = '';
      if (this.hasExtends) code += 'let ext = null, pre = "";\n';
      const body = this.scoped(ast.body, true, () => this.stmts(ast.body));
      if (this.blockFns.length) code += 'rt.registerBlocks(c, blocks);\n';
      code += body;
      if (this.hasExtends) code += 'if (ext !== null) return pre + rt.renderParent(ext, c);\n';
      return code;
    });
    if (!this.hoisted.length) {
      // no macros or blocks: the module is the render function itself (one parse, no lazy inner compile)
      const start = root.indexOf('{') + 1;
      return { code: root.slice(start, root.lastIndexOf('}')), direct: true, consts: this.consts, macros: this.macroInfo };
    }
    const code =
      `${this.hoisted.join('\n')}\n` +
      `const blocks = {${this.blockFns.join(', ')}};\n` +
      `const macros = {${this.macroInfo.map((m) => `[${JSON.stringify(m.name)}]: ${m.fn}`).join(', ')}};\n` +
      `${root}\nreturn { root, macros, blocks };`;
    return { code, direct: false, consts: this.consts, macros: this.macroInfo };
  }

  /** Wraps a JS function body with output, line tracking, temporaries and error location. */
  private func(kind: FnState['kind'], jsName: string, params: string[], bodyFn: () => string, pre = '', frame?: string): string {
    const saved = this.fn;
    this.fn = { kind, temps: 0 };
    const body = bodyFn();
    const temps = Array.from({ length: this.fn.temps }, (_, i) => `t${i}`);
    this.fn = saved;
    const onReturn = kind === 'macro' ? 'return e.value;' : kind === 'root' ? 'return out;' : 'throw e;';
    const rethrow = frame === undefined ? 'rt.annotate(e, T, ln)' : `rt.unwound(rt.annotate(e, T, ln), ${JSON.stringify(frame)}, T)`;
    return (
      `function ${jsName}(${params.join(', ')}) {\n` +
      `${pre}let out = "", ln = 0${temps.length ? ', ' + temps.join(', ') : ''};\n` +
      `try {\n${body}return out;\n} catch (e) { if (e instanceof RS) { ${onReturn} } throw ${rethrow}; }\n}`
    );
  }

  /** Opens a scope declaring the names `body` assigns, initialised from the enclosing scope. */
  private scoped(body: Stmt[], top: boolean, inner: () => string, preset: Map<string, string> = new Map(), parent: Scope | null = this.scope): string {
    const names = assigned(body, new Set());
    const scope: Scope = { vars: new Map(preset), parent, top };
    const saved = this.scope;
    let decl = '';
    for (const n of names) {
      if (scope.vars.has(n)) continue;
      const v = this.newVar(n);
      this.scope = { vars: new Map(), parent, top: false };
      decl += `let ${v} = ${this.load(n)};\n`;
      scope.vars.set(n, v);
    }
    this.scope = scope;
    const code = inner();
    this.scope = saved;
    return decl + code;
  }

  private stmts(body: Stmt[]): string {
    let code = '';
    let lastLine = -1;
    for (const s of body) {
      if (s.type !== 'Data' && s.line !== lastLine) {
        code += `ln = ${this.konst(s.line)};\n`;
        lastLine = s.line;
      }
      code += this.stmt(s);
    }
    return code;
  }

  private stmt(s: Stmt): string {
    switch (s.type) {
      case 'Data':
        return `out += ${this.konst(s.text)};\n`;
      case 'Output':
        return this.isReturn(s.expr) ? this.returnStmt(s.expr) : `out += S(${this.expr(s.expr)});\n`;
      case 'Do':
        return this.isReturn(s.expr) ? this.returnStmt(s.expr) : `${this.expr(s.expr)};\n`;
      case 'If': {
        const test = this.cond(s.test);
        this.conditional++;
        const code = `if (${test}) {\n${this.stmts(s.body)}}${s.else_.length ? ` else {\n${this.stmts(s.else_)}}` : ''}\n`;
        this.conditional--;
        return code;
      }
      case 'For':
        return this.forLoop(s);
      case 'Assign':
        return this.assign(s.target, this.expr(s.expr));
      case 'AssignBlock': {
        const sv = this.temp();
        const vv = this.temp();
        // the body and the filters run in the block's own scope; the target is assigned outside it
        const filters = s.filters;
        const inner = this.scoped(s.body, false, () => `${this.stmts(s.body)}${vv} = ${filters ? this.filterChain(filters, 'out') : 'out'};\n`);
        // a break or continue in the body leaves the block: its output is dropped, nothing assigned
        if (loopControlIn(s.body)) return `${sv} = out; out = "";\ntry {\n${inner}} finally { out = ${sv}; }\n${this.assign(s.target, vv)}`;
        return `${sv} = out; out = "";\n{\n${inner}}\nout = ${sv};\n${this.assign(s.target, vv)}`;
      }
      case 'Macro':
        return this.macroDef(s);
      case 'CallBlock':
        return this.callBlock(s);
      case 'FilterBlock': {
        const sv = this.temp();
        const inner = this.scoped(s.body, false, () => `${this.stmts(s.body)}${sv} += S(${this.filterChain(s.filters, 'out')});\n`);
        if (loopControlIn(s.body)) return `${sv} = out; out = "";\ntry {\n${inner}} finally { out = ${sv}; }\n`;
        return `${sv} = out; out = "";\n{\n${inner}}\nout = ${sv};\n`;
      }
      case 'With': {
        const temps = s.values.map(() => this.temp());
        let code = `{\n${s.values.map((v, i) => `${temps[i]} = ${this.expr(v)};\n`).join('')}`;
        const preset = new Map<string, string>();
        const names = new Set<string>();
        for (const t of s.targets) targetNames(t, names);
        for (const n of names) preset.set(n, this.newVar(n));
        code += [...preset.values()].map((v) => `let ${v};\n`).join('');
        code += this.scoped(s.body, false, () => s.targets.map((t, i) => this.assign(t, temps[i]!)).join('') + this.stmts(s.body), preset);
        return code + '}\n';
      }
      case 'Include':
        return `out += rt.include(c, T, ${this.expr(s.template)}, ${s.withContext ? this.localsObject() : 'null'}, ${s.ignoreMissing});\n`;
      case 'Import':
        return this.assign({ type: 'Name', name: s.target, line: s.line }, `rt.importModule(c, T, ${this.expr(s.template)}, ${s.withContext})`);
      case 'FromImport': {
        const m = this.temp();
        let code = `${m} = rt.importModule(c, T, ${this.expr(s.template)}, ${s.withContext});\n`;
        for (const [name, alias] of s.names) {
          code += this.assign({ type: 'Name', name: alias, line: s.line }, `rt.importName(${m}, ${JSON.stringify(name)}, ${s.line})`);
        }
        return code;
      }
      case 'Extends':
        return `if (ext !== null) throw rt.error("TemplateRuntimeError", "extended multiple times");\next = rt.load(c, T, ${this.expr(s.template)}); pre = out;\n`;
      case 'Block':
        return this.block(s);
      case 'Break':
        return 'break;\n';
      case 'Continue':
        return 'continue;\n';
      case 'Captured':
        return '';
    }
  }

  private isReturn(e: Expr): e is Extract<Expr, { type: 'Call' }> {
    return e.type === 'Call' && e.fn.type === 'Name' && e.fn.name === 'return' && !this.isLocal('return');
  }

  private returnStmt(e: Extract<Expr, { type: 'Call' }>): string {
    const value = e.args[0] ? this.expr(e.args[0]) : 'null';
    if (this.fn.kind === 'macro') return `return ${value};\n`;
    if (this.fn.kind === 'root') return `${value};\nreturn out;\n`;
    return `rt.ret(${value});\n`;
  }

  /** JS assigning `value` to a target in the current scope. */
  private assign(t: Target, value: string): string {
    if (t.type === 'NSRef') return `rt.setNs(${this.load(t.name)}, ${this.konst(t.attr)}, ${value});\n`;
    if (t.type === 'Name') {
      const v = this.scope.vars.get(t.name);
      if (v === undefined) return this.fail(`internal: unscoped assignment to '${t.name}'`, t.line);
      return `${v} = ${value};\n${this.scope.top ? `c.vars[${this.konst(t.name)}] = ${v};\n` : ''}`;
    }
    const tmp = this.temp();
    let code = `${tmp} = rt.unpack(${value}, ${t.items.length});\n`;
    t.items.forEach((item, i) => (code += this.assign(item, `${tmp}[${i}]`)));
    return code;
  }

  private localsObject(): string {
    const seen = new Map<string, string>();
    for (let s: Scope | null = this.scope; s; s = s.parent) for (const [k, v] of s.vars) if (!seen.has(k)) seen.set(k, v);
    return `{${[...seen].map(([k, v]) => `[${JSON.stringify(k)}]: ${v}`).join(', ')}}`;
  }

  private forLoop(s: Extract<Stmt, { type: 'For' }>): string {
    const usesLoop = s.recursive || (s.usesLoop ?? mentions(s.body, 'loop'));
    const preset = new Map<string, string>();
    const targetVars = new Set<string>();
    targetNames(s.target, targetVars);
    for (const n of targetVars) preset.set(n, this.newVar(n));
    const loopVar = usesLoop ? this.newVar('loop') : null;
    const declTargets = [...preset.values()].map((v) => `let ${v};\n`).join('');
    if (loopVar) preset.set('loop', loopVar);
    const gen = (iterJs: string, depth: string, recurse: string): string => {
      const seq = this.temp();
      let code = `${seq} = rt.iter(${iterJs});\n`;
      if (s.test) {
        const test = s.test;
        const x = this.temp();
        const kept = this.temp();
        const filterPreset = new Map(preset);
        filterPreset.delete('loop');
        code += `${kept} = [];\nfor (const ${x} of ${seq}) {\n${declTargets}`;
        code += this.scoped([], false, () => this.assign(s.target, x) + `if (${this.cond(test)}) ${kept}.push(${x});\n`, filterPreset);
        code += `}\n${seq} = ${kept};\n`;
      }
      if (loopVar) code += `const ${loopVar} = new rt.Loop(rt, ${seq}, ${depth}, ${recurse});\n`;
      const i = `i${this.ids++}`;
      this.loopDepth++;
      const inner = this.scoped(s.body, false, () => this.assign(s.target, `${seq}[${i}]`) + (loopVar ? `${loopVar}.i = ${i};\n` : '') + this.stmts(s.body), preset);
      this.loopDepth--;
      // as in Jinja2, `else` runs unless some iteration ran its body to the end (a break or
      // continue skips the end), so `{% break %}` in the first iteration still runs it
      const ran = s.else_.length ? this.temp() : null;
      if (ran) code += `${ran} = false;\n`;
      code += `for (let ${i} = 0; ${i} < ${seq}.length; ${i}++) {\n${declTargets}${inner}${ran ? `${ran} = true;\n` : ''}}\n`;
      if (ran) code += `if (!${ran}) {\n${this.scoped(s.else_, false, () => this.stmts(s.else_))}}\n`;
      return code;
    };
    if (!s.recursive) return `{\n${gen(this.expr(s.iter), '0', 'null')}}\n`;
    const iterJs = this.expr(s.iter);
    const fnName = `rec${this.ids++}`;
    const fn = this.func('nested', fnName, ['it', 'depth'], () => gen('it', 'depth', fnName));
    return `{\nout += (${fn})(${iterJs}, 0);\n}\n`;
  }

  /** JS function expression of a macro with the given params and body. */
  private macroFn(name: string, params: Param[], body: Stmt[], line: number, parent: Scope | null, callBlock = false): string {
    const names = namesIn(body);
    const usesCaller = names.has('caller');
    // a parameter named varargs or kwargs is an ordinary parameter, with no catch-all (Jinja 3)
    const usesVarargs = names.has('varargs') && !params.some((p) => p.name === 'varargs');
    const usesKwargs = names.has('kwargs') && !params.some((p) => p.name === 'kwargs');
    const preset = new Map<string, string>();
    const pvars = params.map((p) => {
      const v = this.newVar(p.name);
      preset.set(p.name, v);
      return v;
    });
    const special: [string, boolean][] = [['caller', usesCaller], ['varargs', usesVarargs], ['kwargs', usesKwargs]];
    for (const [n, used] of special) if (used && !preset.has(n)) preset.set(n, this.newVar(n));
    const savedLoops = this.loopDepth;
    this.loopDepth = 0;
    // a top-level macro is a template's own: the errors leaving it record it (Diagnostic.macroStack),
    // those its call raises binding the arguments too (located at the caller's line)
    const frame = parent === null && !callBlock ? name : undefined;
    let pre = `let kw = null, n = a.length, kwx;\nif (n > 0 && a[n - 1] instanceof KW) { kw = a[n - 1].values; n--; }\n`;
    let checks = '';
    if (!usesVarargs) checks += `if (n > ${params.length}) rt.tooManyArgs(${JSON.stringify(name)}, ${JSON.stringify(params.map((p) => p.name))}, n);\n`;
    checks += `kwx = kw === null ? null : rt.checkKwargs(kw, n, ${JSON.stringify(name)}, ${JSON.stringify(params.map((p) => p.name))}, ${usesKwargs}, ${usesCaller});\n`;
    pre += frame === undefined ? checks : `try {\n${checks}} catch (e) { throw rt.unwound(e, ${JSON.stringify(frame)}, T); }\n`;
    const fn = this.func(callBlock ? 'nested' : 'macro', '', ['...a'], () => {
      const code = `ln = ${this.konst(line)};\n`;
      return code + this.scoped(body, false, () => {
        let c = '';
        if (defaultsReadLaterParams(params)) {
          // a default reads its own or a later parameter: bind every argument first, then the defaults
          const given = params.map((p, i) => {
            const g = this.temp();
            const key = JSON.stringify(p.name);
            c += `${g} = n > ${i} || (kw !== null && Object.hasOwn(kw, ${key}));\n`;
            c += `let ${pvars[i]} = n > ${i} ? a[${i}] : ${g} ? kw[${key}] : rt.undef(${JSON.stringify(`parameter '${p.name}' was not provided`)}, ${key});\n`;
            return g;
          });
          params.forEach((p, i) => {
            if (p.default) c += `if (!${given[i]}) ${pvars[i]} = ${this.expr(p.default)};\n`;
          });
        } else {
          params.forEach((p, i) => {
            const dflt = p.default ? this.expr(p.default) : `rt.undef(${JSON.stringify(`parameter '${p.name}' was not provided`)}, ${JSON.stringify(p.name)})`;
            c += `let ${pvars[i]} = n > ${i} ? a[${i}] : kw !== null && Object.hasOwn(kw, ${JSON.stringify(p.name)}) ? kw[${JSON.stringify(p.name)}] : ${dflt};\n`;
          });
        }
        // a parameter named `caller` (with a default) is bound like any other parameter
        if (usesCaller && !params.some((p) => p.name === 'caller')) c += `let ${preset.get('caller')} = kw !== null && Object.hasOwn(kw, "caller") ? kw.caller : rt.undef("No caller defined", "caller");\n`;
        if (usesVarargs) c += `let ${preset.get('varargs')} = rt.tup(a.slice(${params.length}, n));\n`;
        if (usesKwargs) c += `let ${preset.get('kwargs')} = kwx === null ? {} : kwx;\n`;
        return c + this.stmts(body);
      }, preset, parent);
    }, pre, frame);
    this.loopDepth = savedLoops;
    return `rt.macro(${this.konst(macroInfo(name, params.map((p) => p.name), usesVarargs, usesKwargs, usesCaller))}, ${fn})`;
  }

  private macroDef(s: Extract<Stmt, { type: 'Macro' }>): string {
    if (this.scope.top && this.fn.kind === 'root') {
      const factory = `m${this.ids++}`;
      const savedScope = this.scope;
      this.scope = { vars: new Map(), parent: null, top: false };
      const fn = this.macroFn(s.name, s.params, s.body, s.line, null);
      this.scope = savedScope;
      this.hoisted.push(`function ${factory}(c) { return ${fn}; }`);
      this.macroInfo.push({ name: s.name, line: s.line, params: s.params.map((p) => ({ name: p.name, hasDefault: p.default !== null })), fn: factory });
      return this.assign({ type: 'Name', name: s.name, line: s.line }, `${factory}(c)`);
    }
    return this.assign({ type: 'Name', name: s.name, line: s.line }, this.macroFn(s.name, s.params, s.body, s.line, this.scope));
  }

  private callBlock(s: Extract<Stmt, { type: 'CallBlock' }>): string {
    const caller = this.macroFn('caller', s.params, s.body, s.line, this.scope, true);
    const call = s.call as Extract<Expr, { type: 'Call' }>;
    return `out += S(${this.call(call, [['caller', caller]])});\n`;
  }

  private block(s: Extract<Stmt, { type: 'Block' }>): string {
    const savedScope = this.scope;
    this.scope = { vars: new Map(), parent: null, top: false };
    const preset = new Map<string, string>([['super', this.newVar('super')]]);
    const fnName = `b${this.ids++}`;
    const fn = this.func('nested', '', ['c'], () => {
      const code = `const ${preset.get('super')} = rt.superBlock(c, ${JSON.stringify(s.name)}, ${fnName});\n`;
      return code + this.scoped(s.body, false, () => this.stmts(s.body), preset, null);
    });
    this.scope = savedScope;
    this.hoisted.push(`const ${fnName} = ${fn};`);
    this.blockFns.push(`[${JSON.stringify(s.name)}]: ${fnName}`);
    const render = `rt.renderBlock(c, ${JSON.stringify(s.name)})`;
    return this.hasExtends && this.scope.top ? `if (ext === null) out += ${render};\n` : `out += ${render};\n`;
  }
}

export type { RawExpr };
