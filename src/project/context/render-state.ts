// The state of one render (one node, or a hook, or a macro call): the context object
// handed to the template and everything the render records (refs, sources, config()
// calls, macros used, ephemeral models referenced, statement results).
import type { Macro } from '../../templating/index.js';
import type { CompiledNode, Manifest, NodeConfig, RefCall } from '../types.js';

/** The hidden key under which a context object points at its render state. */
export const STATE: unique symbol = Symbol('reelhouse.renderState');

/** The phase of a render: dbt's parse (execute=False) or execution (execute=True). */
export type RenderPhase = 'parse' | 'execute';

/** What one render knows and records. */
export class RenderState {
  /** The object templates read names from; its prototype chain holds macros and members. */
  readonly ctx: Record<string | symbol, unknown>;
  readonly macros = new Map<string, Macro>();
  readonly namespaces = new Map<string, object>();
  readonly members = new Map<string, unknown>();
  readonly usedMacros = new Set<string>();
  readonly refs: RefCall[] = [];
  readonly sources: [string, string][] = [];
  readonly configCalls: Record<string, unknown>[] = [];
  /** unique_ids of ephemeral models referenced while executing, in order of first use. */
  readonly ephemerals: string[] = [];
  /** `statement` results by name, for load_result. */
  readonly results = new Map<string, unknown>();
  /** Unit-test overrides in force for this render. */
  overrides: { vars?: Record<string, unknown>; envVars?: Record<string, unknown>; macros?: Record<string, unknown>; batch?: { start: Date; end: Date } } | undefined;
  /** The node's config as known so far (parse: grows with each config() call). */
  config: NodeConfig | Record<string, unknown>;

  constructor(
    proto: object,
    readonly node: CompiledNode | undefined,
    readonly packageName: string,
    readonly phase: RenderPhase,
    readonly manifest: Manifest,
    private readonly bindMacro: (state: RenderState, pkg: string, name: string) => Macro | undefined,
  ) {
    this.ctx = Object.create(proto) as Record<string | symbol, unknown>;
    Object.defineProperty(this.ctx, STATE, { value: this, enumerable: false });
    this.config = node ? node.config : {};
  }

  get execute(): boolean {
    return this.phase === 'execute';
  }

  /** The macro `pkg.name` bound to this render's context (bound once, on first use). */
  macro(pkg: string, name: string): Macro | undefined {
    const key = `${pkg}.${name}`;
    const found = this.macros.get(key);
    if (found) return found;
    const bound = this.bindMacro(this, pkg, name);
    if (bound) {
      this.macros.set(key, bound);
      this.usedMacros.add(`macro.${key}`);
    }
    return bound;
  }

  /** A member computed once per render (ref, config, adapter...). */
  member<T>(name: string, make: (state: RenderState) => T): T {
    if (this.members.has(name)) return this.members.get(name) as T;
    const value = make(this);
    this.members.set(name, value);
    return value;
  }
}

/** The render state behind a context object (or a scope derived from it). */
export function stateOf(ctx: unknown): RenderState {
  const state = (ctx as Record<symbol, unknown> | null)?.[STATE];
  if (!(state instanceof RenderState)) throw new Error('not a Reelhouse render context');
  return state;
}
