// The runtime helpers for templates that use other templates: loading, include, import, and
// the blocks of template inheritance (extends, block, super). Runtime (runtime.ts) extends it
// with the helpers for values.
import { pyError } from './errors.js';
import type { TemplateError } from './errors.js';
import { Ctx, TemplateModule } from './context.js';
import type { BlockFn, CompiledTemplate, EnvLike } from './context.js';
import { Undefined, pyStr } from './values.js';

/** Runtime helpers that load, include and import templates and run inheritance's blocks. */
export abstract class TemplatesRuntime {
  constructor(readonly env: EnvLike) {}

  /** An Undefined with the given message, strict or lenient per the environment. */
  abstract undef(hint: string, _name?: string): Undefined;

  /** Loads a template by name (or the first found of a list). */
  load(_c: Ctx, _T: unknown, name: unknown): CompiledTemplate {
    const names = Array.isArray(name) ? name : [name];
    for (const n of names) {
      if (n instanceof Undefined) n.fail();
      const t = this.env.getTemplate(pyStr(n));
      if (t) return t;
    }
    if (names.length > 1) throw pyError('TemplatesNotFound', `none of the templates given were found: ${names.map(pyStr).join(', ')}`);
    throw pyError('TemplateNotFound', pyStr(names[0]));
  }

  include(c: Ctx, T: unknown, name: unknown, locals: Record<string, unknown> | null, ignoreMissing: boolean): string {
    let t: CompiledTemplate;
    try {
      t = this.load(c, T, name);
    } catch (e) {
      if (ignoreMissing && (e as TemplateError).pyType?.startsWith('TemplateNotFound')) return '';
      if (ignoreMissing && (e as TemplateError).pyType === 'TemplatesNotFound') return '';
      throw e;
    }
    const ctx = locals === null ? new Ctx(this.env, null, null) : new Ctx(this.env, c, null);
    if (locals) Object.assign(ctx.vars, locals);
    return t.module.root(ctx);
  }

  importModule(c: Ctx, T: unknown, name: unknown, withContext: boolean): TemplateModule {
    const t = this.load(c, T, name);
    if (!withContext && t.defaultModule) return t.defaultModule;
    const ctx = new Ctx(this.env, withContext ? c : null, null);
    t.module.root(ctx);
    const mod = new TemplateModule(t.filename, ctx.vars);
    if (!withContext) t.defaultModule = mod;
    return mod;
  }

  importName(mod: TemplateModule, name: string, line: number): unknown {
    if (Object.hasOwn(mod, name)) return mod[name];
    return this.undef(`the template '${String(mod.__name)}' (imported on line ${line}) does not export the requested name '${name}'`);
  }

  registerBlocks(c: Ctx, blocks: Record<string, BlockFn>): void {
    for (const name in blocks) {
      c.blocks ??= Object.create(null) as Record<string, BlockFn[]>;
      (c.blocks[name] ??= []).push(blocks[name]!);
    }
  }

  renderBlock(c: Ctx, name: string): string {
    const fn = c.blocks?.[name]?.[0];
    if (!fn) throw pyError('TemplateRuntimeError', `no block named '${name}'`);
    return fn(c);
  }

  superBlock(c: Ctx, name: string, self: BlockFn): () => string {
    return () => {
      const list = c.blocks?.[name] ?? [];
      const next = list[list.indexOf(self) + 1];
      if (!next) throw pyError('UndefinedError', `there is no parent block called '${name}'.`);
      return next(c);
    };
  }

  renderParent(t: CompiledTemplate, c: Ctx): string {
    return t.module.root(c);
  }
}
