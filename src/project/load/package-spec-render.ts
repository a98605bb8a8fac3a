// The Jinja inside packages.yml, rendered as dbt renders it: `var()` sees the --vars of the
// command, `env_var()` the environment. A secret variable (DBT_ENV_SECRET...) renders as a
// marker naming it, so its value never reaches a log line, an error or package-lock.yml; the
// value is put in place of an intact marker only where the package is fetched.
import { userError } from '../../core/diagnostic.js';
import { prepareRenderer, renderTree } from './render-values.js';
import { yamlRenderContext } from '../context/yaml-base-context.js';
import { missingVarMessage } from './vars.js';

const SECRET_PREFIX = 'DBT_ENV_SECRET';
const MARKER = /\$\$\$DBT_SECRET_START\$\$\$(.*?)\$\$\$DBT_SECRET_END\$\$\$/g;

/** The package entries with their Jinja rendered; where errors point at the packages file. */
export async function renderPackageEntries(
  entries: unknown[],
  vars: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  where: (path: readonly string[]) => { file: string; line: number },
): Promise<unknown[]> {
  await prepareRenderer();
  const context = yamlRenderContext({
    env_var: (name: unknown, fallback?: unknown) => {
      const key = String(name);
      if (key.startsWith(SECRET_PREFIX) && env[key] !== undefined) return `$$$DBT_SECRET_START$$$${key}$$$DBT_SECRET_END$$$`;
      if (env[key] !== undefined) return env[key];
      if (fallback !== undefined) return fallback === null ? null : String(fallback);
      throw userError('env-var-missing', `Env var required but not provided: '${key}'`);
    },
    var: (name: unknown, ...rest: unknown[]) => {
      const key = String(name);
      if (Object.prototype.hasOwnProperty.call(vars, key)) return vars[key];
      if (rest.length > 0) return rest[0];
      throw userError('var-missing', missingVarMessage(key, '<Configuration>', vars));
    },
  });
  return renderTree(entries, context, where) as unknown[];
}

/** A package entry with each intact secret marker replaced by the variable's value, for fetching. */
export function revealSecrets<T>(value: T, env: NodeJS.ProcessEnv): T {
  if (typeof value === 'string') return value.replace(MARKER, (whole, name: string) => env[name] ?? whole) as T;
  if (Array.isArray(value)) return value.map((v) => revealSecrets(v, env)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revealSecrets(v, env)])) as T;
  }
  return value;
}

/** Text with the values of the environment's secret variables shown as `*****`. */
export function scrubSecrets(text: string, env: NodeJS.ProcessEnv): string {
  let out = text;
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith(SECRET_PREFIX) && value) out = out.split(value).join('*****');
  }
  return out;
}
