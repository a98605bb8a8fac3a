// dbt's var() and env_var(). Precedence for a node of package P (dbt docs "Project
// variables"): --vars > root project vars scoped to P > root project global vars >
// P's own dbt_project.yml vars (scoped to P, then global).
import { userError, type SourceLocation } from '../../core/diagnostic.js';

/** Where a var() call happens, for the error message. */
export interface VarLookup {
  /** Package of the node calling var(); the root project when omitted. */
  packageName?: string;
  /** e.g. `model.jaffle.orders`, named in the missing-var message. */
  nodeName?: string;
  location?: SourceLocation;
  /** Present (even as undefined/null) when var() got a second argument. */
  default?: unknown;
}

/** dbt's var() semantics over --vars and project vars. */
export interface VarResolver {
  /** The --vars given on the command line. */
  readonly cliVars: Record<string, unknown>;
  /** The root project's own `vars:` block, as written (dbt's VarProvider.to_dict()). */
  readonly projectVars: Record<string, unknown>;
  /** Every var visible to nodes of a package, with precedence applied. */
  varsFor(packageName?: string): Record<string, unknown>;
  /** True when var(name) would find a value without a default. */
  has(name: string, packageName?: string): boolean;
  /** var(name[, default]): throws `var-missing` when absent and no default was given. */
  get(name: string, lookup?: VarLookup): unknown;
}

interface ProjectVars {
  name: string;
  vars: Record<string, unknown>;
}

/** Builds the resolver from the root project, installed packages and --vars. */
export function createVarResolver(root: ProjectVars, packages: ProjectVars[], cliVars: Record<string, unknown>): VarResolver {
  const packageNames = new Set([root.name, ...packages.map((p) => p.name)]);
  const split = (vars: Record<string, unknown>) => {
    const global: Record<string, unknown> = {};
    const scoped: Record<string, Record<string, unknown>> = {};
    for (const [k, v] of Object.entries(vars)) {
      if (packageNames.has(k) && v && typeof v === 'object' && !Array.isArray(v)) scoped[k] = v as Record<string, unknown>;
      // As dbt's VarProvider, which merges the whole vars dict first: a key named after a
      // package is also a var of that name (a package reads its settings with var('<its name>')).
      global[k] = v;
    }
    return { global, scoped };
  };
  const rootSplit = split(root.vars);
  const own = new Map(packages.map((p) => [p.name, split(p.vars)]));
  const cache = new Map<string, Record<string, unknown>>();

  const varsFor = (packageName: string = root.name): Record<string, unknown> => {
    let merged = cache.get(packageName);
    if (!merged) {
      const pkg = packageName === root.name ? undefined : own.get(packageName);
      merged = {
        ...(pkg?.global ?? {}),
        ...(pkg?.scoped[packageName] ?? {}),
        ...rootSplit.global,
        ...(rootSplit.scoped[packageName] ?? {}),
        ...cliVars,
      };
      cache.set(packageName, merged);
    }
    return merged;
  };

  return {
    cliVars,
    projectVars: root.vars,
    varsFor,
    has: (name, packageName) => Object.prototype.hasOwnProperty.call(varsFor(packageName), name),
    get(name, lookup = {}) {
      const vars = varsFor(lookup.packageName);
      if (Object.prototype.hasOwnProperty.call(vars, name)) return vars[name];
      if ('default' in lookup) return lookup.default;
      // dbt names the node by its name, or <Configuration> outside any node; the vars as json.dumps(sort_keys=True, indent=4).
      const who = lookup.nodeName ?? '<Configuration>';
      throw userError(
        'var-missing',
        missingVarMessage(name, who, vars),
        lookup.location,
        `Define '${name}' under vars: in dbt_project.yml, pass it with --vars '{${name}: ...}', or give var() a default.`,
      );
    },
  };
}

/** dbt's RequiredVarNotFoundError text: the var, then who asked (a node's name or <Configuration>) and the vars it had. */
export function missingVarMessage(name: string, who: string, vars: Record<string, unknown>): string {
  return `Required var '${name}' not found in config:\nVars supplied to ${who} = ${prettyVars(vars)}`;
}

/** The vars as dbt prints them when one is missing: json.dumps(vars, sort_keys=True, indent=4). */
function prettyVars(vars: Record<string, unknown>): string {
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    if (value === null || typeof value !== 'object' || value instanceof Date) return value;
    const object = value as Record<string, unknown>;
    return Object.fromEntries(Object.keys(object).sort().map((key) => [key, sorted(object[key])]));
  };
  return JSON.stringify(sorted(vars), null, 4) ?? '{}';
}

/** dbt's env_var(name[, default]) over the given environment. */
export function makeEnvVar(env: NodeJS.ProcessEnv): (name: unknown, ...rest: unknown[]) => unknown {
  return (name: unknown, ...rest: unknown[]) => {
    const key = String(name);
    const value = env[key];
    if (value !== undefined) return value;
    if (rest[0] !== undefined && rest[0] !== null) return rest[0];
    throw userError('env-var-missing', `Env var required but not provided: '${key}'`, undefined, `Set the environment variable ${key}, or give env_var() a default: env_var('${key}', 'value').`);
  };
}
