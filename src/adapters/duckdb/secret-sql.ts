/**
 * dbt-duckdb's CREATE SECRET statement for one `secrets:` entry: named secrets are created
 * OR REPLACE, `type` and `provider` are written bare, other values quoted, lists as
 * `array [...]`, mappings as `map {...}`, and the scope last.
 */
import type { DuckDbSecret } from './protocol.js';

/** The statement that creates `secret` (values are SQL string literals, quotes doubled). */
export function createSecretSql(secret: DuckDbSecret): string {
  const parts: string[] = [`type ${secret.type}`];
  if (secret.provider) parts.push(`provider ${secret.provider}`);
  for (const [key, value] of Object.entries(secret.params)) parts.push(parameter(key, value));
  // dbt-duckdb writes one `scope '...'` per entry, but DuckDB keeps only the last of those: a
  // list is given as one array so every scope holds, as the profile asks.
  if (secret.scope.length === 1) parts.push(`scope ${literal(secret.scope[0]!)}`);
  else if (secret.scope.length > 1) parts.push(`scope array [${secret.scope.map(literal).join(', ')}]`);
  const name = secret.name === null ? '' : ` ${identifier(secret.name)}`;
  return `CREATE${name ? ' OR REPLACE' : ''}${secret.persistent ? ' PERSISTENT' : ''} SECRET${name} (\n    ${parts.join(',\n    ')}\n)`;
}

function parameter(key: string, value: DuckDbSecret['params'][string]): string {
  if (Array.isArray(value)) return `${key} array [${value.map(literal).join(', ')}]`;
  if (typeof value === 'object') return `${key} map {${Object.entries(value).map(([k, v]) => `${literal(k)}: ${literal(v)}`).join(', ')}}`;
  // dbt-duckdb writes these bare; extra_http_headers is a mapping whenever it is valid.
  if (key === 'type' || key === 'provider' || key === 'extra_http_headers') return `${key} ${String(value)}`;
  return `${key} ${literal(String(value))}`;
}

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

// A plain name is written as dbt-duckdb writes it; any other is quoted so it stays one name.
function identifier(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/u.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}
