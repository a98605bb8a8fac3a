// dbt's `context` member is the render's whole context dict: packages read and write it with
// dict methods (`context.get('x', {})`, `context.update({...})`) to keep state across macro
// calls within one render, and look members up by name (`context[project_name]`).
import { PY_MAPPING, PyDict, tuple } from '../../templating/index.js';
import { bindParams, isNone, splitArgs } from './py-args.js';

type Ctx = Record<string | symbol, unknown>;

const SOMETIMES_ABSENT = new Set(['this', 'compiled_code', 'defer_relation']);

/** The render context seen as a Python dict: reads reach every member, writes add to this render alone. */
export class ContextDict {
  // private by #, so that `context.ctx` reads a member named ctx rather than this field
  readonly #ctx: Ctx;

  constructor(ctx: Ctx) {
    this.#ctx = ctx;
  }

  #has(key: unknown): key is string {
    return typeof key === 'string' && key in this.#ctx && this.#present(key);
  }

  // Every render's prototype answers these names, but a macro run on its own (dbt's
  // MacroContext) has none of them: there the member answers undefined and the dict lacks the key.
  #present(key: string): boolean {
    return !SOMETIMES_ABSENT.has(key) || this.#ctx[key] !== undefined;
  }

  #names(): string[] {
    const out: string[] = [];
    for (const k in this.#ctx) if (this.#present(k)) out.push(k);
    return out;
  }

  // Python's dict protocol and methods, as templates call them
  __getitem__(key: unknown): unknown {
    return this.#has(key) ? this.#ctx[key] : undefined;
  }

  __contains__(key: unknown): boolean {
    return this.#has(key);
  }

  __iter__(): string[] {
    return this.#names();
  }

  __len__(): number {
    return this.#names().length;
  }

  get(...raw: unknown[]): unknown {
    const { key, default: fallback } = bindParams(raw, ['key', 'default']);
    return this.#has(key) ? this.#ctx[key] : isNone(fallback) ? null : fallback;
  }

  // A member or macro (`context.update({'my_macro': stand_in})`) is read-only on the context's
  // prototype: the new value is defined on this render's own context, where it hides the old
  // one for the macros called afterwards, as a write to dbt's context dict does.
  #set(key: string, value: unknown): void {
    if (Object.hasOwn(this.#ctx, key) || !(key in this.#ctx)) this.#ctx[key] = value;
    else Object.defineProperty(this.#ctx, key, { value, writable: true, enumerable: true, configurable: true });
  }

  update(...raw: unknown[]): null {
    const { args, kwargs } = splitArgs(raw);
    const other = args[0];
    if (other instanceof PyDict) for (const [k, v] of other.entries()) this.#set(String(k), v);
    else if (other !== null && typeof other === 'object') for (const [k, v] of Object.entries(other)) this.#set(k, v);
    for (const [k, v] of Object.entries(kwargs)) this.#set(k, v);
    return null;
  }

  setdefault(...raw: unknown[]): unknown {
    const { key, default: fallback } = bindParams(raw, ['key', 'default']);
    if (!this.#has(key)) this.#set(String(key), isNone(fallback) ? null : fallback);
    return this.#ctx[String(key)];
  }

  pop(...raw: unknown[]): unknown {
    const { key, default: fallback } = bindParams(raw, ['key', 'default']);
    if (!this.#has(key) || !Object.hasOwn(this.#ctx, key)) return isNone(fallback) ? null : fallback;
    const v = this.#ctx[key];
    delete this.#ctx[key];
    return v;
  }

  keys(): string[] {
    return this.#names();
  }

  values(): unknown[] {
    return this.#names().map((k) => this.#ctx[k]);
  }

  items(): unknown[] {
    return this.#names().map((k) => tuple([k, this.#ctx[k]]));
  }
}

// A dict to Jinja's `mapping` test (`context is mapping`), as dbt's context is.
Object.defineProperty(ContextDict.prototype, PY_MAPPING, { value: true });
