// The engine's entry point: options, globals/filters/tests/block tags, and the compile cache.
//
// Why our own engine: dbt code needs `{% do %}`, `return(...)` of any value from macros,
// mutable lists and dicts, `namespace()` assignment, Python string/list/dict methods and
// dbt's block tags. No JavaScript Jinja library covers that: nunjucks lacks namespace
// assignment and Python methods, @huggingface/jinja lacks `do`, minijinja-js has immutable
// lists. Templates are compiled, never walked: lexer -> parser -> AST -> functions, by one of
// two back ends with identical semantics (the conformance corpus runs on both):
// - closures (closure-compiler.ts): the AST becomes nested prebuilt closures. Building them
//   takes microseconds, so it suits code run once or twice: the models of a project.
// - JavaScript source (compiler.ts) handed to `new Function`: fastest to run, but V8 parses
//   and compiles every new template shape (a fraction of a millisecond each), which across
//   10,000 distinct models dominated the whole build.
// The default, 'auto', uses closures and recompiles a template to JavaScript once it is hot
// (macro files bound for every model, templates included in loops). Plain templates (no
// macros or blocks) keep only their source between uses and are built when rendered, so a
// project's worth of compiled models does not sit in memory for the garbage collector.
import { staticCalls } from './static-calls.js';
import type { StaticCall } from './static-calls.js';
import type { BlockTagSpec, CapturedBlock } from './block-tags.js';
import type { EnvLike } from './context.js';
import { ClosureCompiler } from './closure-compiler.js';
import { Compiler } from './compiler.js';
import type { CompiledModule } from './compiler.js';
import type { TemplateAst } from './ast.js';
import { ReturnSignal, pyError, syntaxError } from './errors.js';
import { FILTERS } from './filters.js';
import { makeGlobals } from './globals.js';
import { normalizeNewlines, tokenize } from './lexer.js';
import { Parser } from './parser.js';
import { Runtime } from './runtime.js';
import { Template } from './template.js';
import type { TemplateBuilder } from './template.js';
import { TESTS } from './tests.js';
import { Validator } from './validate.js';
import { Kwargs, Undefined, pyStr, truthy } from './values.js';
import type { TemplateFunctions } from './context.js';

/** A template's text and the name errors report for it. */
export interface TemplateSource {
  source: string;
  filename: string;
}

/** Options of an Environment. */
export interface EnvironmentOptions {
  /** 'lenient' is Jinja2's default Undefined; 'strict' is StrictUndefined. */
  undefinedBehavior?: 'lenient' | 'strict';
  /** Finds templates for include/import/from/extends. */
  loader?: (name: string) => TemplateSource | undefined;
  /**
   * How templates become functions. 'closures' composes prebuilt closures (microseconds per
   * template, best for code run once or a few times, like models); 'js' generates JavaScript
   * source for V8 to compile (costly per template, fastest when run many times); 'auto'
   * (default) starts with closures and recompiles a template to JavaScript once it is hot.
   */
  compileMode?: 'auto' | 'closures' | 'js';
}

type ModuleFactory = (...a: unknown[]) => TemplateFunctions;

const NO_BLOCKS = Object.freeze({});
const NO_CAPTURED: readonly CapturedBlock[] = Object.freeze([]);
// Generated code keeps text and line numbers in a constants array, so templates of the
// same shape (typical of staging models) share one compiled function.
const shapeCache = new Map<string, ModuleFactory>();
const SHAPE_CACHE_LIMIT = 4000;
/**
 * How many recently compiled, not yet rendered templates keep their syntax tree. The project
 * renders a model right after compiling it, so a few suffice; a tree kept longer tends to
 * outlive a young-generation collection and be copied (with 32, compiling 10,000 models
 * ahead of rendering spent about a tenth more CPU time than with 4; keeping all 10,000 trees,
 * about 21 KB each, tripled the compile time and added 200 MB to peak memory, far more than
 * parsing each model again when it is rendered).
 */
const RECENT_TREES = 4;

function functionFor(code: string, direct: boolean, filename: string): ModuleFactory {
  const key = direct ? `D${code}` : `M${code}`;
  let f = shapeCache.get(key);
  if (f) return f;
  try {
    f = (direct
      ? new Function('rt', 'T', 'K', 'KW', 'UD', 'RS', 'S', 'B', 'blocks', 'c', code)
      : new Function('rt', 'T', 'K', 'KW', 'UD', 'RS', 'S', 'B', code)) as ModuleFactory;
  } catch (e) {
    throw pyError('TemplateSyntaxError', `internal compile error in ${filename}: ${(e as Error).message}`);
  }
  if (shapeCache.size >= SHAPE_CACHE_LIMIT) shapeCache.clear();
  shapeCache.set(key, f);
  return f;
}

/** A Jinja2 environment with dbt's settings (do and loop controls enabled, no autoescape). */
export class Environment implements EnvLike {
  readonly strict: boolean;
  /**
   * dbt's parse phase: set while a project renders its files to find their refs and config, so
   * that undefined names absorb calls and attribute access as dbt's parse-time undefined does.
   */
  parsing = false;
  readonly globals: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  readonly filters: Record<string, (value: unknown, ...args: unknown[]) => unknown> = Object.create(null) as Record<string, never>;
  readonly tests: Record<string, (value: unknown, ...args: unknown[]) => boolean> = Object.create(null) as Record<string, never>;
  private readonly blockTags = new Map<string, BlockTagSpec>();
  /** A copy of blockTags shared by lazily built templates until a tag is added. */
  private tagSnapshot: ReadonlyMap<string, BlockTagSpec> | null = null;
  private readonly cache = new Map<string, Template>();
  private readonly byName = new Map<string, Template | null>();
  private readonly loader: ((name: string) => TemplateSource | undefined) | undefined;
  private readonly rt: Runtime;
  private readonly recent: Template[] = [];
  private readonly mode: 'auto' | 'closures' | 'js';
  // made once: the compilers of every template ask them
  private readonly hasFilter = (n: string): boolean => n in this.filters;
  private readonly hasTest = (n: string): boolean => n in this.tests;
  private readonly known = { filter: this.hasFilter, test: this.hasTest };

  constructor(options: EnvironmentOptions = {}) {
    this.strict = options.undefinedBehavior === 'strict';
    this.mode = options.compileMode ?? 'auto';
    this.loader = options.loader;
    Object.assign(this.globals, makeGlobals());
    Object.assign(this.filters, FILTERS);
    Object.assign(this.tests, TESTS);
    this.rt = new Runtime(this);
  }

  /** Adds a global variable or function. */
  addGlobal(name: string, value: unknown): void {
    this.globals[name] = value;
  }

  /** Adds a filter; keyword args arrive as a trailing Kwargs. */
  addFilter(name: string, fn: (value: unknown, ...args: unknown[]) => unknown): void {
    this.filters[name] = fn;
  }

  /** Adds a test; keyword args arrive as a trailing Kwargs. */
  addTest(name: string, fn: (value: unknown, ...args: unknown[]) => boolean): void {
    this.tests[name] = fn;
  }

  /** Registers a custom block tag (dbt's test, materialization, docs, snapshot). */
  addBlockTag(spec: BlockTagSpec): void {
    this.blockTags.set(spec.tag, spec);
    this.tagSnapshot = null;
    this.cache.clear();
  }

  /** Parses a template into its syntax tree without compiling it (for static reads of the source). */
  parse(source: string, filename: string): TemplateAst {
    const text = normalizeNewlines(source);
    const normalized = text.endsWith('\n') ? text.slice(0, -1) : text;
    return new Parser(tokenize(text, filename), filename, normalized, this.blockTags).parse();
  }

  /** Compiles a template (cached by filename and source); throws TemplateError on syntax errors. */
  compile(source: string, filename: string): Template {
    const hit = this.cache.get(filename);
    if (hit && hit.originalSource === source) return hit;
    // the lexer reads the text with its final newline: a slice without it is slower to scan
    const text = normalizeNewlines(source);
    const normalized = text.endsWith('\n') ? text.slice(0, -1) : text;
    const parser = new Parser(tokenize(text, filename), filename, normalized, this.blockTags, this.known);
    const ast = parser.parse();
    // later builds parse again with the block tags known now
    const tags = (this.tagSnapshot ??= new Map(this.blockTags));
    let module: TemplateFunctions | null;
    let macros: CompiledModule['macros'] = [];
    if (this.mode === 'js') ({ module, macros } = this.compileJs(ast, { filename, source: normalized }));
    else if (ast.body.some((s) => s.type === 'Macro' || s.type === 'Block' || s.type === 'Extends')) ({ module, macros } = this.compileClosures(ast, { filename, source: normalized }));
    else {
      // a plain template (a model): checked now (when the parser saw anything to check), built
      // when rendered (see Template.module)
      if (parser.unchecked) new Validator(this.hasFilter, this.hasTest, this.failAt(filename, normalized)).stmts(ast.body);
      module = null;
    }
    // a shared empty list for the templates without any (models), kept as long as the template
    let captured: CapturedBlock[] | null = null;
    for (const s of ast.body) {
      if (s.type === 'Captured') (captured ??= []).push({ tag: s.tag, name: s.name, body: s.body, line: s.line, bodyLine: s.bodyLine, filename });
    }
    // 'auto': closures first, generated JavaScript once the template is hot (Template.module)
    const template = new Template(this, filename, normalized, module, macros, captured ?? NO_CAPTURED, this.builder, tags, this.mode === 'auto');
    template.originalSource = source;
    if (ast.body.some((s) => s.type === 'Macro')) {
      const calls = new Map<string, StaticCall[]>();
      for (const s of ast.body) if (s.type === 'Macro') calls.set(s.name, staticCalls([s]));
      template.macroCalls = calls;
    }
    if (module === null) {
      // compile-then-render (the project's way) reuses the tree; templates compiled long
      // before they render (a batch) are parsed again rather than keeping every tree alive
      template.pending = ast;
      this.recent.push(template);
      if (this.recent.length > RECENT_TREES) this.recent.shift()!.pending = null;
    }
    this.cache.set(filename, template);
    return template;
  }

  /**
   * Builds templates' functions when first used and once hot, for every template of the
   * environment: one object here rather than closures kept by each template (see Template).
   * The template itself serves as the functions' name and source for errors.
   */
  private readonly builder: TemplateBuilder = {
    closures: (t, ast) => this.compileClosures(ast ?? this.reparse(t), t).module,
    js: (t) => this.compileJs(this.reparse(t), t).module,
  };

  /** A template's tree parsed again from its source, with the block tags known when it was compiled. */
  private reparse(t: Template): TemplateAst {
    return new Parser(tokenize(normalizeNewlines(t.originalSource), t.filename), t.filename, t.source, t.tags).parse();
  }

  private failAt(filename: string, source: string): (message: string, line: number) => never {
    return (message, line) => {
      throw syntaxError(message, filename, source, line);
    };
  }

  /** Closures over prebuilt code: no JavaScript parse per template. */
  private compileClosures(ast: TemplateAst, meta: { filename: string; source: string }): { module: TemplateFunctions; macros: CompiledModule['macros'] } {
    const compiler = new ClosureCompiler(this.rt, this.hasFilter, this.hasTest, this.failAt(meta.filename, meta.source));
    return compiler.compile(ast, meta);
  }

  /** Generated JavaScript, compiled by V8 (shared between templates of the same shape). */
  private compileJs(ast: TemplateAst, meta: { filename: string; source: string }): { module: TemplateFunctions; macros: CompiledModule['macros'] } {
    const compiler = new Compiler(this.hasFilter, this.hasTest, this.failAt(meta.filename, meta.source));
    const out = compiler.compile(ast);
    const factory = functionFor(out.code, out.direct, meta.filename);
    const rt = this.rt;
    const consts = out.consts;
    const module: TemplateFunctions = out.direct
      ? { root: (c) => factory(rt, meta, consts, Kwargs, Undefined, ReturnSignal, pyStr, truthy, NO_BLOCKS, c) as unknown as string, macros: {}, blocks: {} }
      : factory(rt, meta, consts, Kwargs, Undefined, ReturnSignal, pyStr, truthy);
    return { module, macros: out.macros };
  }

  /** Compiles and renders a template string. */
  renderString(source: string, context: Record<string, unknown> = {}, filename = '<template>'): string {
    return this.compile(source, filename).render(context);
  }

  /** Loads a template through the loader (for include/import/extends); undefined when missing. */
  getTemplate(name: string): Template | undefined {
    const known = this.byName.get(name);
    if (known !== undefined) return known ?? undefined;
    const src = this.loader?.(name);
    const t = src ? this.compile(src.source, src.filename) : undefined;
    this.byName.set(name, t ?? null);
    return t;
  }
}
