// dbt's `context` member is the render's whole context dict: packages read and write it with
// dict methods (`context.get('x', {})`, `context.update({...})`) to keep state across macro
// calls within one render, and look members up by name (`context[project_name]`).
import { PY_MAPPING, PyDict, tuple } from '../../templating/index.js';
import { bindParams, isNone, splitArgs } from './py-args.js';

type Ctx = Record<string | symbol, unknown>;

/** The render context seen as a Python dict: reads reach every member, writes add to this render alone. */
export class ContextDict {
  // private by #, so that `context.ctx` reads a member named ctx rather than this field
  readonly #ctx: Ctx;

  constructor(ctx: Ctx) {
    this.#ctx = ctx;
  }

  #has(key: unknown): key is string {
    return typeof key === 'string' && key in this.#ctx;
  }

  #names(): string[] {
    const out: string[] = [];
    for (const k in this.#ctx) out.push(k);
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

  update(...raw: unknown[]): null {
    const { args, kwargs } = splitArgs(raw);
    const other = args[0];
    if (other instanceof PyDict) for (const [k, v] of other.entries()) this.#ctx[String(k)] = v;
    else if (other !== null && typeof other === 'object') Object.assign(this.#ctx, other);
    Object.assign(this.#ctx, kwargs);
    return null;
  }

  setdefault(...raw: unknown[]): unknown {
    const { key, default: fallback } = bindParams(raw, ['key', 'default']);
    if (!this.#has(key)) this.#ctx[String(key)] = isNone(fallback) ? null : fallback;
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
