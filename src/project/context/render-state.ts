// The state of one render (one node, or a hook, or a macro call): the context object
// handed to the template and everything the render records (refs, sources, config()
// calls, macros used, ephemeral models referenced, statement results).
import type { Macro } from '../../templating/index.js';
import type { CompiledNode, Manifest, NodeConfig, RefCall } from '../types.js';
import { manifestMacroPackage } from './adapter-package.js';
import { GLOBAL_PACKAGE } from './macro-registry.js';

/** The hidden key under which a context object points at its render state. */
export const STATE: unique symbol = Symbol('reelhouse.renderState');

/** The phase of a render: dbt's parse (execute=False) or execution (execute=True). */
export type RenderPhase = 'parse' | 'execute';

/** What one render knows and records. */
export class RenderState {
  /** The object templates read names from; its prototype chain holds macros and members. */
  readonly ctx: Record<string | symbol, unknown>;
  private macros_: Map<string, Map<string, Macro>> | undefined;
  private namespaces_: Map<string, object> | undefined;
  readonly members = new Map<string, unknown>();
  private usedMacros_: Set<string> | undefined;
  /** How many tracked macro calls are under way (the depth of dbt's macro stack). */
  private macroDepth = 0;
  readonly refs: RefCall[] = [];
  readonly sources: [string, string][] = [];
  readonly configCalls: Record<string, unknown>[] = [];
  /** unique_ids of ephemeral models referenced while executing, in order of first use. */
  readonly ephemerals: string[] = [];
  private results_: Map<string, unknown> | undefined;
  /** Unit-test overrides in force for this render. */
  overrides: { vars?: Record<string, unknown>; envVars?: Record<string, unknown>; macros?: Record<string, unknown>; batch?: { start: Date; end: Date }; unitTest?: boolean; unitInputs?: ReadonlySet<string>; unitThis?: string | null } | undefined;
  /** The node's config as known so far (parse: grows with each config() call). */
  config: NodeConfig | Record<string, unknown>;
  /** Executing a node's own code: a ref() the parse did not record is an error, as in dbt. */
  checkRefs = false;
  /** var() requires every var even while parsing (dbt's generate_*_name renders use RuntimeVar). */
  requireVars = false;
  /** A macro run on its own (run-operation, an adapter's macro): dbt's MacroContext, which has no `this`. */
  macroContext = false;
  /** The sql_header a set_sql_header block rendered while executing, with refs resolved. */
  sqlHeader: string | undefined;
  /**
   * Whether macros called from the node's own code are recorded (usedMacros): in a parse, and
   * in the compile of a node's code, where dbt's macros, bound to the node, add themselves to
   * its depends_on.macros too (a call under `{% if execute %}`, a generic test's
   * get_where_subquery). Other execute renders (hooks, macro calls) leave the node alone.
   */
  tracksCalls: boolean;

  constructor(
    proto: object,
    readonly node: CompiledNode | undefined,
    readonly packageName: string,
    readonly phase: RenderPhase,
    readonly manifest: Manifest,
    private readonly bindMacro: (state: RenderState, pkg: string, name: string) => Macro | undefined,
  ) {
    this.ctx = Object.create(proto) as Record<string | symbol, unknown>;
    // Assigned, not defined: a render is made per node and per test, and defining a property
    // takes the engine's slow path. A symbol key stays out of every listing of names anyway.
    this.ctx[STATE] = this;
    this.config = node ? node.config : {};
    this.tracksCalls = phase === 'parse';
  }

  // Made on first use: most renders never name a package, store a result or call a macro
  // (a project's tests execute without one), and a project makes two renders per node.
  /** Macros bound so far, by package and name. */
  get macros(): Map<string, Map<string, Macro>> {
    return (this.macros_ ??= new Map());
  }

  /** Macros called at depth 0 (from the node's own code), in order of first call, while tracksCalls. */
  get usedMacros(): Set<string> {
    return (this.usedMacros_ ??= new Set());
  }

  /**
   * Records a call of one of dbt's macros that a context member answers natively (run_query,
   * is_incremental) as the macro call it is in dbt: made from the node's own code while its
   * calls are tracked, it is one of the node's depends_on.macros.
   */
  recordNativeMacroCall(name: string): void {
    if (this.tracksCalls && this.macroDepth === 0) this.usedMacros.add(`macro.${manifestMacroPackage(GLOBAL_PACKAGE, name)}.${name}`);
  }

  /** Package namespaces (`dbt_utils`) made for this render, by package. */
  get namespaces(): Map<string, object> {
    return (this.namespaces_ ??= new Map());
  }

  /** `statement` results by name, for load_result. */
  get results(): Map<string, unknown> {
    return (this.results_ ??= new Map());
  }

  get execute(): boolean {
    return this.phase === 'execute';
  }

  /** The macro `pkg.name` bound to this render's context (bound once, on first use). */
  macro(pkg: string, name: string): Macro | undefined {
    // Looked up by package, then name: every macro reference in a template comes here, and
    // joining the two into one key would build a string per lookup.
    let inPackage = this.macros_?.get(pkg);
    const found = inPackage?.get(name);
    if (found) return found;
    const bound = this.bindMacro(this, pkg, name);
    if (!bound) return undefined;
    // Only renders that record a node's macros (tracksCalls) pay for call tracking.
    const macro = this.tracksCalls ? this.trackCalls(bound, macroId(pkg, name)) : bound;
    if (!inPackage) this.macros.set(pkg, (inPackage = new Map()));
    inPackage.set(name, macro);
    return macro;
  }

  /**
   * `macro`, recording itself in usedMacros when called from the node's own code and not from
   * inside another macro: dbt's MacroGenerator marks only calls at macro-stack depth 0 as the
   * node's depends_on.macros, in the order first called (a dispatched default__/adapter
   * implementation, called from its dispatching macro, is not listed).
   */
  private trackCalls(macro: Macro, id: string): Macro {
    const state = this;
    const tracked = function (this: unknown, ...args: unknown[]): unknown {
      if (state.macroDepth === 0) state.usedMacros.add(id);
      state.macroDepth++;
      try {
        return macro.apply(this, args);
      } finally {
        state.macroDepth--;
      }
    };
    return Object.assign(tracked, { macroName: macro.macroName, macroMeta: (macro as { macroMeta?: unknown }).macroMeta }) as Macro;
  }

  /** A member computed once per render (ref, config, adapter...). */
  member<T>(name: string, make: (state: RenderState) => T): T {
    if (this.members.has(name)) return this.members.get(name) as T;
    const value = make(this);
    this.members.set(name, value);
    return value;
  }

  /** `member` for a maker that also takes a shared argument: no closure per lookup. */
  memberWith<A, T>(name: string, make: (arg: A, state: RenderState) => T, arg: A): T {
    const members = this.members;
    const known = members.get(name);
    if (known !== undefined || members.has(name)) return known as T;
    const value = make(arg, this);
    members.set(name, value);
    return value;
  }
}

// `macro.<package>.<name>` ids by package and name: each render records the macros it binds,
// and a project's renders bind the same few macros tens of thousands of times.
const macroIds = new Map<string, Map<string, string>>();

function macroId(pkg: string, name: string): string {
  let byName = macroIds.get(pkg);
  if (!byName) macroIds.set(pkg, (byName = new Map()));
  let id = byName.get(name);
  if (id === undefined) byName.set(name, (id = `macro.${manifestMacroPackage(pkg, name)}.${name}`));
  return id;
}

/** The render state behind a context object (or a scope derived from it). */
export function stateOf(ctx: unknown): RenderState {
  const state = (ctx as Record<symbol, unknown> | null)?.[STATE];
  if (!(state instanceof RenderState)) throw new Error('not a Reelhouse render context');
  return state;
}
