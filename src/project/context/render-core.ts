// The part of the renderer shared by every render: compiled macros, the prototype chains
// that make macros and context members reachable by name (context-prototypes.ts), and
// adapter.dispatch.
//
// A render's context object is `Object.create(prototypes.namespace(package))`. Macros are getters
// on that prototype which bind the macro to the render's context on first use, so a render
// only pays for the macros it calls (dbt binds every macro to every node; at 10,000 nodes
// that would dominate parse time). Lookup order follows dbt's MacroNamespace: macros of the
// node's own package, then the root project's, then package namespaces (`dbt_utils.x`), then
// `dbt.x`, then dbt's global macros, and only then the context members (ref, config, ...),
// which is why a project can override `ref` with a macro of that name.
import { Environment, Kwargs, isUndefined, pyStr, tuple, typeName } from '../../templating/index.js';
import type { Macro } from '../../templating/index.js';
import { userError } from '../../core/diagnostic.js';
import type { Diagnostic } from '../../core/diagnostic.js';
import type { CompiledNode, Manifest } from '../types.js';
import { GLOBAL_PACKAGE, MacroRegistry } from './macro-registry.js';
import { ADAPTER_PACKAGE, manifestMacroPackage } from './adapter-package.js';
import { RenderState, STATE } from './render-state.js';
import type { RenderPhase } from './render-state.js';
import type { RendererProject } from './project-shape.js';
import type { RendererOptions } from './renderer-options.js';
import type { DatabaseBridge } from './database-bridge.js';
import type { PartPolicy } from './relation.js';
import { registerDbtJinja } from './jinja-setup.js';
import { isNone } from './py-args.js';
import { ContextPrototypes } from './context-prototypes.js';

/** Shared, read-only machinery of one renderer. */
export class RenderCore {
  readonly env: Environment;
  readonly registry: MacroRegistry;
  readonly rootPackage: string;
  readonly adapterType: string;
  readonly prefixes: string[];
  readonly quotePolicy: PartPolicy;
  readonly bridge: DatabaseBridge | undefined;
  readonly flags: Record<string, unknown>;
  readonly env_: Record<string, string | undefined>;
  /** Values of secret env vars read so far; scrubbed from log output. */
  readonly secrets = new Set<string>();
  /** Warnings raised by templates during this renderer's life. */
  readonly warnings: Diagnostic[] = [];
  private target_: Record<string, unknown> | undefined;
  private readonly prototypes: ContextPrototypes;
  private readonly dispatchOrder = new Map<string, string[]>();
  /** The projects dbt loads (root, installed packages, its own and the adapter's): its `dependencies`. */
  private readonly projectNames: ReadonlySet<string>;
  private readonly dispatchCache = new Map<string | null, Map<string, (string | null)[]>>();
  /** Packages whose macros are dbt's own (looked up last, never overriding a project's). */
  readonly internalPackages: ReadonlySet<string> = new Set([GLOBAL_PACKAGE]);
  private readonly testPackages = new Map<string, Map<string, string | null>>();

  constructor(
    readonly project: RendererProject,
    readonly options: RendererOptions,
  ) {
    this.env = new Environment({ undefinedBehavior: 'lenient' });
    registerDbtJinja(this.env);
    this.registry = new MacroRegistry(this.env, project.macroFiles);
    this.rootPackage = project.project.name;
    this.bridge = options.db;
    this.adapterType = (options.db?.type ?? project.target.type ?? 'duckdb').toLowerCase();
    this.prefixes = [this.adapterType, 'default'];
    const quoting = project.project.quoting ?? {};
    const flag = (v: unknown): boolean => (typeof v === 'boolean' ? v : true);
    this.quotePolicy = { database: flag(quoting['database']), schema: flag(quoting['schema']), identifier: flag(quoting['identifier']) };
    this.flags = normalizeFlags(options.flags ?? {});
    this.env_ = options.env ?? process.env;
    // dbt masks the value of every secret variable wherever it would be logged.
    for (const [name, value] of Object.entries(this.env_)) if (name.startsWith('DBT_ENV_SECRET') && value) this.secrets.add(value);
    for (const entry of project.project.dispatch ?? []) {
      if (entry && typeof entry.macro_namespace === 'string' && Array.isArray(entry.search_order)) {
        this.dispatchOrder.set(entry.macro_namespace, entry.search_order.map(String));
      }
    }
    this.projectNames = new Set([this.rootPackage, GLOBAL_PACKAGE, ADAPTER_PACKAGE, ...project.packages.map((p) => p.name)]);
    this.prototypes = new ContextPrototypes(this);
  }

  /**
   * A fresh render for `node` (or for no node, in `packageName`, by default the root project).
   * `testPackage` is the package of a generic test's macro: as dbt's test context puts the
   * macros that test macro calls in its namespace, that package's macros resolve unqualified.
   */
  newState(node: CompiledNode | undefined, phase: RenderPhase, manifest: Manifest, packageName?: string, testPackage?: string): RenderState {
    const pkg = node?.package_name ?? packageName ?? this.rootPackage;
    const extra = testPackage !== undefined && testPackage !== pkg && testPackage !== this.rootPackage && !this.internalPackages.has(testPackage) ? testPackage : undefined;
    return new RenderState(this.prototypes.namespace(pkg, extra), node, pkg, phase, manifest, this.bindMacro);
  }

  // One function for every render (not a closure per render).
  private readonly bindMacro = (state: RenderState, macroPkg: string, name: string): Macro | undefined =>
    this.registry.get(macroPkg, name)?.bind(state.ctx as Record<string, unknown>);

  /**
   * The installed package whose `test_<name>` macro an unqualified generic test of `nodePackage`
   * calls, when the render context would not find it by itself. dbt's MacroResolver looks in the
   * node's own package, then the root project, then every other package (the last one loaded wins),
   * and only then in dbt's own macros; the render context reaches other packages' macros only by
   * prefix, so `- expression_is_true:` defined by an installed package needs this step.
   */
  unqualifiedTestPackage(nodePackage: string, macroName: string): string | undefined {
    // By package, then name: called once per generic test render, so no key string is built.
    let byName = this.testPackages.get(nodePackage);
    if (!byName) this.testPackages.set(nodePackage, (byName = new Map()));
    const known = byName.get(macroName);
    if (known !== undefined) return known ?? undefined;
    let found: string | null = null;
    if (!this.registry.get(nodePackage, macroName) && !this.registry.get(this.rootPackage, macroName)) {
      for (const pkg of this.registry.packageNames()) {
        if (pkg !== nodePackage && pkg !== this.rootPackage && !this.internalPackages.has(pkg) && this.registry.get(pkg, macroName)) found = pkg;
      }
    }
    byName.set(macroName, found);
    return found ?? undefined;
  }

  /** `dbt_utils` as a template sees it: an object whose attributes are that package's macros. */
  packageNamespace(state: RenderState, pkg: string): object {
    let ns = state.namespaces.get(pkg);
    if (!ns) {
      ns = Object.create(this.prototypes.package(pkg)) as object;
      Object.defineProperty(ns, STATE, { value: state });
      state.namespaces.set(pkg, ns);
    }
    return ns;
  }

  /** Unqualified lookup of a macro as the render's context resolves it. */
  flatMacro(state: RenderState, name: string): Macro | undefined {
    const value = state.ctx[name];
    return typeof value === 'function' && 'macroName' in value ? (value as Macro) : undefined;
  }

  /**
   * A project's own macro that stands in for one of dbt's adapter macros (get_columns_in_relation,
   * create_schema, ...): dbt's adapter methods run those macros by name, so a macro of that name
   * outside dbt's own, or the `<adapter>__`/`default__` one dispatch in the dbt namespace finds
   * first (when not dbt's), replaces the built-in behaviour. Undefined when none does.
   */
  adapterMacroOverride(state: RenderState, name: string): Macro | undefined {
    for (const pkg of [this.rootPackage, ...this.registry.packageNames()]) {
      if (!this.internalPackages.has(pkg) && this.registry.get(pkg, name)) return state.macro(pkg, name);
    }
    const candidates = this.dispatchCandidates(name, 'dbt');
    for (let i = 0; i < candidates.length; i += 2) {
      const pkg = candidates[i];
      const candidate = candidates[i + 1] as string;
      if (pkg === null || pkg === undefined || !this.registry.get(pkg, candidate)) continue;
      return this.internalPackages.has(pkg) ? undefined : state.macro(pkg, candidate);
    }
    return undefined;
  }

  /**
   * A data test's unqualified dispatch also sees every installed package's macros by name (dbt's
   * TestMacroNamespace looks names up in all of them), so a package's generic test can dispatch
   * to its own `default__` implementation without naming its namespace.
   */
  private testMacroByName(state: RenderState, name: string): Macro | undefined {
    if (state.node?.resource_type !== 'test') return undefined;
    for (const pkg of this.registry.packageNames()) {
      if (pkg !== this.rootPackage && !this.internalPackages.has(pkg) && this.registry.get(pkg, name)) return state.macro(pkg, name);
    }
    return undefined;
  }

  /**
   * adapter.dispatch as a template calls it: dbt 1.x refuses the pre-1.0 `packages` argument, and a
   * namespace that is not a string (the pre-1.0 search list passed by position), rather than ignoring them.
   */
  dispatchCall(state: RenderState, macroName: unknown, namespace: unknown, packages: unknown): Macro {
    if (!isNone(packages)) {
      throw userError(
        'compiler-error',
        `The "packages" argument of adapter.dispatch() has been deprecated.\nUse the "macro_namespace" argument instead.\n\nRaised during dispatch for: ${String(macroName)}`,
        undefined,
        'Upgrade the package that calls it, or pass the namespace: adapter.dispatch(name, macro_namespace="<package>"). See https://docs.getdbt.com/reference/dbt-jinja-functions/dispatch',
      );
    }
    if (!isNone(namespace) && typeof namespace !== 'string') {
      throw userError(
        'compiler-error',
        `In adapter.dispatch, got a <class '${typeName(namespace)}'> macro_namespace argument ("${pyStr(namespace)}"), but macro_namespace should be None or a string.`,
      );
    }
    return this.dispatch(state, String(macroName), isNone(namespace) ? null : namespace);
  }

  /** dbt's adapter.dispatch: the first of `<adapter>__name`, `default__name` in the namespace's search order. */
  dispatch(state: RenderState, macroName: string, namespace: string | null): Macro {
    if (macroName.includes('.')) {
      // dbt's message carries the suggestion itself (run-operation prints only the message),
      // splitting at the first dot: the rest is the macro name.
      const dot = macroName.indexOf('.');
      const suggestion = `adapter.dispatch("${macroName.slice(dot + 1)}", macro_namespace="${macroName.slice(0, dot)}")`;
      throw userError(
        'compiler-error',
        `In adapter.dispatch, got a macro name of "${macroName}", but "." is not a valid macro name component. Did you mean \`${suggestion}\`?`,
      );
    }
    const candidates = this.dispatchCandidates(macroName, namespace);
    for (let i = 0; i < candidates.length; i += 2) {
      const pkg = candidates[i];
      const name = candidates[i + 1] as string;
      const found = pkg === null ? (this.flatMacro(state, name) ?? this.testMacroByName(state, name)) : state.macro(pkg as string, name);
      if (found) return found;
    }
    const attempts: string[] = [];
    for (let i = 0; i < candidates.length; i += 2) attempts.push(candidates[i] === null ? (candidates[i + 1] as string) : `${candidates[i]}.${candidates[i + 1]}`);
    throw userError(
      'compiler-error',
      `In dispatch: No macro named '${macroName}' found within namespace: '${namespace ?? 'None'}'\n    Searched for: ${attempts.map((a) => `'${a}'`).join(', ')}`,
    );
  }

  /**
   * The (package, macro name) pairs adapter.dispatch tries, in order, flattened: package null
   * means an unqualified lookup. Fixed per renderer, so built once per macro and namespace
   * (a generic test dispatches several times per render, thousands of tests per project).
   */
  private dispatchCandidates(macroName: string, namespace: string | null): (string | null)[] {
    let byName = this.dispatchCache.get(namespace);
    if (!byName) this.dispatchCache.set(namespace, (byName = new Map()));
    let candidates = byName.get(macroName);
    if (candidates) return candidates;
    // A namespace that names no loaded project and has no search order searches unqualified, as
    // in dbt: a package may dispatch under a made-up namespace and still find its default__.
    const searchPackages: (string | null)[] =
      namespace === null ? [null] : (this.dispatchOrder.get(namespace) ?? (this.projectNames.has(namespace) ? [this.rootPackage, namespace] : [null]));
    candidates = [];
    for (const pkg of searchPackages) for (const prefix of this.prefixes) candidates.push(pkg, `${prefix}__${macroName}`);
    byName.set(macroName, candidates);
    return candidates;
  }

  /** The macro package a manifest package name loads as (the adapter plugin's macros load with dbt's). */
  registryPackage(manifestPackage: string): string {
    return manifestPackage === ADAPTER_PACKAGE ? GLOBAL_PACKAGE : manifestPackage;
  }

  /**
   * The manifest id of macro `name` as dbt's MacroResolver.get_macro_id finds it from manifest
   * package `pkg`: that package's own macro first, then by name (the root project, the other
   * packages, dbt's own last). Undefined when no macro has the name.
   */
  macroIdFor(pkg: string, name: string): string | undefined {
    // dbt and the adapter share one registry package but are separate packages to dbt: an
    // adapter macro calling a dbt macro the root project overrides gets the root's
    const own = this.registryPackage(pkg);
    const ownHit = this.registry.get(own, name) && manifestMacroPackage(own, name) === pkg;
    const owner = ownHit ? own : this.macroOwner(name);
    return owner === undefined ? undefined : `macro.${manifestMacroPackage(owner, name)}.${name}`;
  }

  /** The (package, name) adapter.dispatch finds for `macroName` in `namespace`, without calling it. */
  dispatchTarget(macroName: string, namespace: string | null): [string, string] | undefined {
    const candidates = this.dispatchCandidates(macroName, namespace);
    for (let i = 0; i < candidates.length; i += 2) {
      const name = candidates[i + 1] as string;
      const pkg = candidates[i] === null ? this.macroOwner(name) : (candidates[i] as string);
      if (pkg !== undefined && this.registry.get(pkg, name)) return [pkg, name];
    }
    return undefined;
  }

  // dbt's macros_by_name: the root project's macro wins, then the last other package's, then dbt's.
  private macroOwner(name: string): string | undefined {
    if (this.registry.get(this.rootPackage, name)) return this.rootPackage;
    let found: string | undefined;
    for (const pkg of this.registry.packageNames()) {
      if (pkg !== this.rootPackage && !this.internalPackages.has(pkg) && this.registry.get(pkg, name)) found = pkg;
    }
    return found ?? (this.registry.get(GLOBAL_PACKAGE, name) ? GLOBAL_PACKAGE : undefined);
  }

  /** Calls a macro from host code, passing keyword arguments the way templates do. */
  call(macro: (...args: unknown[]) => unknown, args: readonly unknown[], kwargs?: Record<string, unknown>): unknown {
    return kwargs && Object.keys(kwargs).length > 0 ? macro(...args, new Kwargs(kwargs)) : macro(...args);
  }

  /** Writes a log line with secret env var values masked. */
  log(level: 'info' | 'warn' | 'debug' | 'print', msg: string): void {
    let text = msg;
    for (const secret of this.secrets) if (secret) text = text.split(secret).join('*****');
    this.options.log?.(level, text);
  }

  /** Records a warning raised by a template (exceptions.warn). */
  warn(msg: string, node: CompiledNode | undefined): void {
    const diagnostic: Diagnostic = { code: 'template-warning', severity: 'warning', message: msg };
    if (node) diagnostic.location = { file: node.origin.file };
    this.warnings.push(diagnostic);
    this.log('warn', msg);
  }

  /** `target` as templates see it: every profile key, plus dbt's names for the resolved ones. */
  targetDict(): Record<string, unknown> {
    if (this.target_) return this.target_;
    const t = this.project.target;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(t)) {
      // Where the profile was read from is the loader's note, not a profile key: dbt's target has no such entry.
      if (k === 'profileName' || k === 'profilesFile') continue;
      out[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = v;
    }
    out['name'] = t.name;
    out['target_name'] = t.name;
    out['type'] = t.type;
    out['schema'] = t.schema;
    out['database'] = t.database;
    out['threads'] = t.threads ?? 1;
    out['profile_name'] = t.profileName ?? this.project.project.profile ?? this.rootPackage;
    if (t.path !== undefined) out['path'] = t.path;
    this.target_ = out;
    return out;
  }

  /** True when the value is Python's None or Jinja's undefined. */
  isNone(value: unknown): boolean {
    return value === null || isUndefined(value);
  }
}

function normalizeFlags(flags: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    FULL_REFRESH: false,
    STORE_FAILURES: false,
    WHICH: 'run',
    FAIL_FAST: false,
    WARN_ERROR: false,
    USE_COLORS: true,
    PRINTER_WIDTH: 80,
    INTROSPECT: true,
    EMPTY: false,
    DEBUG: false,
    LOG_FORMAT: 'default',
    PARTIAL_PARSE: false,
    SEND_ANONYMOUS_USAGE_STATS: false,
    STATIC_PARSER: true,
    VERSION_CHECK: false,
    WRITE_JSON: true,
    INDIRECT_SELECTION: 'eager',
  };
  for (const [k, v] of Object.entries(flags)) {
    const key = k.toUpperCase().replace(/-/g, '_');
    // dbt's multi-value selection options (click's multiple=True) hold tuples: () when not given.
    out[key] = TUPLE_FLAGS.has(key) && Array.isArray(v) ? tuple([...(v as unknown[])]) : v;
  }
  return out;
}

const TUPLE_FLAGS = new Set(['SELECT', 'EXCLUDE', 'RESOURCE_TYPES', 'EXCLUDE_RESOURCE_TYPES']);
