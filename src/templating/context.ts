// Render-time objects: the variable context, the loop object, imported template modules.
import { pyError } from './errors.js';
import { Undefined } from './values.js';

/** The compiled form of a template that the runtime needs. */
export interface CompiledTemplate {
  readonly filename: string;
  readonly source: string;
  readonly module: TemplateFunctions;
  /** Cached module of an import without context. */
  defaultModule?: TemplateModule;
}

/** Functions generated for one template. */
export interface TemplateFunctions {
  root(c: Ctx): string;
  macros: Record<string, (c: Ctx) => unknown>;
  blocks: Record<string, BlockFn>;
}

/** A compiled `{% block %}` body. */
export type BlockFn = (c: Ctx) => string;

/** What the runtime needs from the environment. */
export interface EnvLike {
  readonly strict: boolean;
  /** While true (dbt's parse phase), undefined names absorb calls and attribute access. */
  readonly parsing: boolean;
  readonly globals: Record<string, unknown>;
  readonly filters: Record<string, (value: unknown, ...args: unknown[]) => unknown>;
  readonly tests: Record<string, (value: unknown, ...args: unknown[]) => boolean>;
  getTemplate(name: string): CompiledTemplate | undefined;
}

const PROTO_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Variables visible to a template: its own top-level assignments, a parent context, the host context, globals. */
export class Ctx {
  /** Top-level assignments (also the exports of an imported template). */
  readonly vars: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  /** Block overrides, most derived first. */
  blocks: Record<string, BlockFn[]> | null = null;

  constructor(
    readonly env: EnvLike,
    readonly parent: Ctx | null,
    readonly host: Record<string, unknown> | null,
  ) {}

  /** Resolves a free name, returning undefined (JS) when nothing defines it. */
  find(name: string): unknown {
    const v = this.vars[name];
    if (v !== undefined) return v;
    if (this.parent !== null) {
      const p = this.parent.find(name);
      if (p !== undefined) return p;
    }
    const h = this.host;
    if (h !== null) {
      const hv = h[name];
      if (hv !== undefined && (!PROTO_NAMES.has(name) || Object.hasOwn(h, name))) return hv;
    }
    return this.env.globals[name];
  }

  /** Resolves a free name to its value or an Undefined. */
  get(name: string): unknown {
    const v = this.find(name);
    return v === undefined ? new Undefined(`'${name}' is undefined`, this.env.strict, this.env.parsing, this) : v;
  }

  /** Every name this context can resolve (only read to suggest a name after a mistake). */
  *names(): Iterable<string> {
    yield* Object.keys(this.vars);
    if (this.parent !== null) yield* this.parent.names();
    if (this.host !== null) for (const name in this.host) yield name;
    yield* Object.keys(this.env.globals);
  }
}

// The context macros bound to one host context share: a project binds every macro to each
// model's context (dbt's way), and a macro only reads its context, so one Ctx serves them all.
let lastEnv: EnvLike | null = null;
let lastHost: Record<string, unknown> | null = null;
let lastCtx: Ctx | null = null;

/** The Ctx macros bound to `host` run in: no parent, no own variables (shared between binds of one host). */
export function hostCtx(env: EnvLike, host: Record<string, unknown>): Ctx {
  if (host === lastHost && env === lastEnv && lastCtx !== null) return lastCtx;
  lastEnv = env;
  lastHost = host;
  return (lastCtx = new Ctx(env, null, host));
}

/** The `loop` variable of a for loop. */
export class Loop {
  i = 0;
  private lastChanged: unknown[] | undefined;

  constructor(
    private readonly rt: { undef(hint: string): Undefined; eq(a: unknown, b: unknown): boolean },
    private readonly seq: unknown[],
    readonly depth0: number,
    private readonly recurse: ((it: unknown, depth: number) => string) | null,
  ) {}

  get index(): number {
    return this.i + 1;
  }
  get index0(): number {
    return this.i;
  }
  get revindex(): number {
    return this.seq.length - this.i;
  }
  get revindex0(): number {
    return this.seq.length - this.i - 1;
  }
  get first(): boolean {
    return this.i === 0;
  }
  get last(): boolean {
    return this.i === this.seq.length - 1;
  }
  get length(): number {
    return this.seq.length;
  }
  get depth(): number {
    return this.depth0 + 1;
  }
  get previtem(): unknown {
    return this.i > 0 ? this.seq[this.i - 1] : this.rt.undef('there is no previous item');
  }
  get nextitem(): unknown {
    return this.i + 1 < this.seq.length ? this.seq[this.i + 1] : this.rt.undef('there is no next item');
  }
  cycle(...args: unknown[]): unknown {
    if (!args.length) throw pyError('TypeError', 'no items for cycling given');
    return args[this.i % args.length];
  }
  changed(...args: unknown[]): boolean {
    const prev = this.lastChanged;
    this.lastChanged = args;
    if (prev === undefined || prev.length !== args.length) return true;
    return !prev.every((x, k) => this.rt.eq(x, args[k]));
  }
  /** `loop(items)` in a recursive loop renders the loop body for nested items. */
  call(it: unknown): string {
    if (!this.recurse) throw pyError('TypeError', "Tried to call non recursive loop.  Maybe you forgot the 'recursive' modifier.");
    return this.recurse(it, this.depth0 + 1);
  }
  toString(): string {
    return `<LoopContext ${this.index}/${this.length}>`;
  }
}

/** The object `{% import 'x' as m %}` binds: the template's exported macros and variables. */
export class TemplateModule {
  [name: string]: unknown;
  constructor(templateName: string, vars: Record<string, unknown>) {
    Object.defineProperty(this, '__name', { value: templateName, enumerable: false });
    for (const k of Object.keys(vars)) if (!k.startsWith('_')) this[k] = vars[k];
  }
  toString(): string {
    return `<Template module '${String(this.__name)}'>`;
  }
}
