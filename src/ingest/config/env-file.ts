import { existsSync, readFileSync } from 'node:fs';
import { userError } from '../../core/diagnostic.js';

/** Variables a project sees: its `.env` file under the process environment (the environment wins). */
export type EnvVars = Record<string, string | undefined>;

/**
 * Reads a `.env` file (`KEY=value`, `export KEY=value`, `#` comments, single or double quotes,
 * `\n` escapes inside double quotes) into a map. A missing file is an empty map.
 */
export function readEnvFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const vars: Record<string, string> = {};
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(line);
    if (!match) {
      throw userError('env-file-invalid', `Cannot read this line of the environment file as KEY=value.`, { file: path, line: index + 1 });
    }
    const key = match[1] as string;
    let value = (match[2] ?? '').trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) {
      value = value.slice(1, -1).replace(/\\n/g, '\n').replace(/\\"/g, '"');
    } else if (value.startsWith("'") && value.endsWith("'") && value.length >= 2) {
      value = value.slice(1, -1);
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    vars[key] = value;
  });
  return vars;
}

/** The `.env` values overlaid by the process environment, as dotenv does. */
export function mergeEnv(fileVars: Record<string, string>, env: EnvVars): EnvVars {
  return { ...fileVars, ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) };
}

/**
 * Replaces `${VAR}`, `${VAR:-default}`, `${VAR:+word}` (word when VAR is set and not empty, else
 * nothing: a switch that follows a variable) and dbt's `{{ env_var('VAR', 'default') }}` in a string.
 * Returns the missing variable's name instead of a value when one has no default.
 */
export function interpolate(text: string, env: EnvVars): { value: string } | { missing: string } {
  let missing: string | undefined;
  const lookup = (name: string, fallback: string | undefined): string => {
    const found = env[name];
    if (found !== undefined && found !== '') return found;
    if (fallback !== undefined) return fallback;
    if (found !== undefined) return found;
    missing ??= name;
    return '';
  };
  const value = text
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}/g, (_m, name: string, op: string | undefined, word: string | undefined) =>
      op === '+' ? (env[name] ? word ?? '' : '') : lookup(name, word))
;
  return missing === undefined ? { value: replaceEnvVarCalls(value, lookup) } : { missing };
}

/**
 * Replaces each dbt-style `{{ env_var('NAME') }}` or `{{ env_var('NAME', 'default') }}` in `text`
 * by what `lookup` gives for its name and default (ingest.yml and pipelines.yml both accept them).
 */
export function replaceEnvVarCalls(text: string, lookup: (name: string, fallback: string | undefined) => string): string {
  return text.replace(/\{\{\s*env_var\(\s*(['"])([^'"]+)\1\s*(?:,\s*(['"])([^'"]*)\3\s*)?\)\s*\}\}/g,
    (_m, _q: string, name: string, _q2: string | undefined, fallback: string | undefined) => lookup(name, fallback));
}
