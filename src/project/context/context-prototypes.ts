// The prototype chains a render's context object inherits from: macros and package namespaces
// are getters that bind on first use (see render-core.ts), context members (ref, config, ...)
// sit below them all. Built once per package (and test macro package) and shared by every render.
import { GLOBAL_PACKAGE } from './macro-registry.js';
import { stateOf } from './render-state.js';
import { MEMBERS, NAMESPACE_EXTRAS } from './context-members.js';
import { MODEL_MEMBERS } from './model-context-members.js';
import { ALIAS_MEMBERS } from './context-aliases.js';
import { addNamespaceDictMethods } from './namespace-dict.js';
import type { RenderCore } from './render-core.js';

/** The shared prototypes of one renderer's render contexts. */
export class ContextPrototypes {
  private readonly globals: object;
  private readonly namespaces = new Map<string, object>();
  private readonly packages = new Map<string, object>();

  constructor(private readonly core: RenderCore) {
    this.globals = this.buildGlobals();
  }

  private buildGlobals(): object {
    const proto = Object.create(null) as Record<string, unknown>;
    const core = this.core;
    for (const [name, make] of Object.entries({ ...MEMBERS, ...MODEL_MEMBERS, ...ALIAS_MEMBERS })) {
      Object.defineProperty(proto, name, {
        get(this: unknown) {
          return stateOf(this).memberWith(name, make, core);
        },
        enumerable: true,
        configurable: true,
      });
    }
    return proto;
  }

  /** The prototype of a render's context in `searchPackage` (and a generic test macro's `testPackage`). */
  namespace(searchPackage: string, testPackage?: string): object {
    const key = testPackage === undefined ? searchPackage : `${searchPackage}\u0000${testPackage}`;
    const cached = this.namespaces.get(key);
    if (cached) return cached;
    const proto = Object.create(this.globals) as object;
    const core = this.core;
    const defineMacro = (pkg: string, name: string): void => {
      Object.defineProperty(proto, name, {
        get(this: unknown) {
          return stateOf(this).macro(pkg, name);
        },
        enumerable: true,
        configurable: true,
      });
    };
    const defineNamespace = (pkg: string): void => {
      Object.defineProperty(proto, pkg, {
        get(this: unknown) {
          return core.packageNamespace(stateOf(this), pkg);
        },
        enumerable: true,
        configurable: true,
      });
    };
    // Lowest precedence first; later definitions replace earlier ones.
    for (const pkg of core.internalPackages) {
      for (const name of core.registry.byPackage.get(pkg)?.keys() ?? []) if (!nativeMacro(pkg, name)) defineMacro(pkg, name);
    }
    for (const pkg of core.registry.packageNames()) defineNamespace(pkg);
    for (const p of core.project.packages) if (!core.registry.byPackage.has(p.name)) defineNamespace(p.name);
    defineNamespace(GLOBAL_PACKAGE);
    for (const name of core.registry.byPackage.get(core.rootPackage)?.keys() ?? []) defineMacro(core.rootPackage, name);
    if (searchPackage !== core.rootPackage && !core.internalPackages.has(searchPackage)) {
      for (const name of core.registry.byPackage.get(searchPackage)?.keys() ?? []) defineMacro(searchPackage, name);
    }
    // A generic test macro calls its package's macros unqualified (dbt's TestMacroNamespace holds
    // the macros it depends on); names the project or the node's package define keep theirs.
    if (testPackage !== undefined) {
      for (const name of core.registry.byPackage.get(testPackage)?.keys() ?? []) {
        if (!core.registry.get(core.rootPackage, name) && !core.registry.get(searchPackage, name)) defineMacro(testPackage, name);
      }
    }
    this.namespaces.set(key, proto);
    return proto;
  }

  /** The prototype of package `pkg`'s namespace object (`dbt_utils` as a template sees it). */
  package(pkg: string): object {
    const cached = this.packages.get(pkg);
    if (cached) return cached;
    const proto = Object.create(null) as object;
    const core = this.core;
    if (pkg === GLOBAL_PACKAGE) {
      for (const name of NAMESPACE_EXTRAS) {
        const make = MEMBERS[name];
        if (!make) continue;
        Object.defineProperty(proto, name, {
          get(this: unknown) {
            return stateOf(this).memberWith(name, make, core);
          },
          enumerable: true,
        });
      }
    }
    for (const name of core.registry.byPackage.get(pkg)?.keys() ?? []) {
      if (nativeMacro(pkg, name)) continue;
      Object.defineProperty(proto, name, {
        get(this: unknown) {
          return stateOf(this).macro(pkg, name);
        },
        enumerable: true,
      });
    }
    addNamespaceDictMethods(proto, [...(core.registry.byPackage.get(pkg)?.keys() ?? []), ...(pkg === GLOBAL_PACKAGE ? NAMESPACE_EXTRAS : [])]);
    this.packages.set(pkg, proto);
    return proto;
  }
}

// dbt's run_query and is_incremental are macros of its global project: their definitions are
// listed in the manifest, but calls reach the context members that answer them natively.
function nativeMacro(pkg: string, name: string): boolean {
  return pkg === GLOBAL_PACKAGE && NAMESPACE_EXTRAS.includes(name);
}
