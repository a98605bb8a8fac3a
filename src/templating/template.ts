// A compiled template: render it, list its macros, read its captured blocks.
import type { TemplateAst } from './ast.js';
import type { StaticCall } from './static-calls.js';
import type { BlockTagSpec, CapturedBlock } from './block-tags.js';
import { Ctx, hostCtx } from './context.js';
import type { CompiledTemplate, EnvLike, TemplateFunctions, TemplateModule } from './context.js';

/**
 * Uses (renders, imports, includes) after which a template is recompiled to JavaScript.
 * Binding its macros does not count: a project binds every macro to every model's context,
 * and measured on a 10,000-model project, macro files recompiled after 50 binds ran no
 * faster as JavaScript (each macro then warms up in V8 on its own) while costing the compile.
 */
const HOT_USES = 50;

// shared by the templates without macros (a project's models): one map less per model kept
const NO_CALLS: ReadonlyMap<string, readonly StaticCall[]> = new Map();

const NO_MACROS: readonly MacroDefinition[] = Object.freeze([]);

/** A callable macro: positional args, then optionally a Kwargs; returns text or the `return(...)` value. */
export type Macro = ((...args: unknown[]) => unknown) & { readonly macroName: string };

/** A top-level macro of a template, bindable to any context. */
export interface MacroDefinition {
  name: string;
  filename: string;
  line: number;
  params: { name: string; hasDefault: boolean }[];
  /** A callable macro whose free names resolve in `context`, then the environment's globals. */
  bind(context: Record<string, unknown>): Macro;
}

/** Builds a template's functions: closures when first used (from the tree when still at hand), JavaScript once hot. */
export interface TemplateBuilder {
  closures(t: Template, ast: TemplateAst | null): TemplateFunctions;
  js(t: Template): TemplateFunctions;
}

/** A template compiled to JavaScript. */
export class Template implements CompiledTemplate {
  defaultModule?: TemplateModule;
  /** The source as given to compile (the cache compares it). */
  originalSource = '';
  readonly macros: readonly MacroDefinition[];
  private built: TemplateFunctions | null;
  private uses = 0;
  /** Each top-level macro's calls, read statically at compile (empty for a template without macros). */
  macroCalls: ReadonlyMap<string, readonly StaticCall[]> = NO_CALLS;
  /** The syntax tree from compile, kept until the first use when that comes soon after. */
  pending: TemplateAst | null = null;

  /**
   * `module` is the template's functions, or null to build them with `builder` on first use
   * (a model's template compiled long before it renders holds no functions until then).
   * `tags` are the block tags its source is parsed again with; with `hot`, it is recompiled
   * to JavaScript once used often.
   */
  constructor(
    private readonly env: EnvLike,
    readonly filename: string,
    readonly source: string,
    module: TemplateFunctions | null,
    macros: { name: string; line: number; params: { name: string; hasDefault: boolean }[] }[],
    readonly capturedBlocks: readonly CapturedBlock[],
    private readonly builder: TemplateBuilder,
    readonly tags: ReadonlyMap<string, BlockTagSpec>,
    private hot: boolean,
  ) {
    this.built = module;
    this.macros = macros.length === 0 ? NO_MACROS : macros.map((m) => {
      // a project binds every macro to every model's context: the factory is looked up once
      // per set of compiled functions (they change when the template is recompiled)
      let from: TemplateFunctions | null = null;
      let factory: ((c: Ctx) => unknown) | null = null;
      const bind = (context: Record<string, unknown>): Macro => {
        const fns = this.built ?? this.module;
        if (fns !== from) {
          from = fns;
          factory = fns.macros[m.name]!;
        }
        return factory!(hostCtx(env, context)) as Macro;
      };
      return { name: m.name, filename, line: m.line, params: m.params, bind };
    });
  }

  /** The template's compiled functions. */
  get module(): TemplateFunctions {
    if (this.built) {
      if (this.hot && ++this.uses >= HOT_USES) {
        // used often (a macro file, an included template): worth V8 compiling it
        this.hot = false;
        this.built = this.builder.js(this);
      }
      return this.built;
    }
    const m = this.builder.closures(this, this.pending);
    this.pending = null;
    // Kept from the first use: every command that compiles renders a model twice (parse, then
    // execute), and building again meant lexing and parsing its text again; the functions
    // were kept after the second use anyway.
    ++this.uses;
    this.built = m;
    return m;
  }

  /** Renders the template with the given variables. */
  render(context: Record<string, unknown> = {}): string {
    return this.module.root(new Ctx(this.env, null, context));
  }
}
