import type { Adapter } from '../adapters/adapter.js';
import { ApiError } from './http/api-error.js';

const READ_ONLY_START = /^\s*(?:\(\s*)*(select|with|from|values|table|describe|show|summarize|pivot|unpivot|explain)\b/i;
const FORBIDDEN = /\b(copy|attach|detach|install|load|export|import|pragma|set|reset|call|checkpoint|vacuum|create|insert|update|delete|drop|alter)\b/i;

/**
 * Runs one read-only query typed into the SQL explorer (only when the server was started with
 * --sql-explorer). It runs on the warehouse's read-only reader session, one statement, capped rows.
 */
export async function runExplorerQuery(adapter: Adapter, body: unknown): Promise<unknown> {
  const sql = body !== null && typeof body === 'object' ? (body as Record<string, unknown>).sql : undefined;
  if (typeof sql !== 'string' || sql.trim() === '') throw new ApiError(400, 'sql-missing', 'Send {"sql": "select ..."}');
  if (sql.length > 100_000) throw new ApiError(413, 'sql-too-long', 'The query is longer than 100,000 characters');
  const text = sql.trim().replace(/;\s*$/, '');
  const code = stripLiterals(text);
  if (!READ_ONLY_START.test(code) || FORBIDDEN.test(code)) {
    throw new ApiError(400, 'sql-not-read-only', 'The explorer runs read-only queries only (select, with, describe, show, summarize)');
  }
  if (!adapter.capabilities.concurrentReaders) throw new ApiError(501, 'sql-explorer-unsupported', 'This warehouse has no read-only session');
  const started = performance.now();
  try {
    const result = await adapter.execute(text, { session: 'reader', maxRows: 1001 });
    return {
      columns: result.columns.map((c) => ({ name: c.name, type: c.dataType })),
      rows: result.rows.slice(0, 1000),
      truncated: result.rows.length > 1000,
      elapsedMs: Math.round((performance.now() - started) * 100) / 100,
    };
  } catch (error) {
    throw new ApiError(400, 'query-failed', error instanceof Error ? error.message : String(error));
  }
}

/** Removes string literals, quoted identifiers and comments so keywords inside them are not matched. */
function stripLiterals(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/"(?:[^"]|"")*"/g, '""');
}
