// A warehouse error in a node's result, worded as dbt-duckdb raises it and placed in the node's own file.
import { readFileSync } from 'node:fs';
import type { CompiledNode } from '../project/types.js';
import { locateSqlError, withCompiledLineNumber, type SqlErrorLocation } from './sql-error-location.js';
import { indent } from './node-error-text.js';

/**
 * A warehouse error as dbt-duckdb raises it (a Runtime Error, which names no compiled file): the node,
 * the warehouse's message (its `LINE n` made the compiled file's line) and the line (and column) in
 * the node's own .sql file.
 */
export function databaseErrorMessage(node: CompiledNode, compiled: string | null, detail: string, statement?: string): string {
  const loc = compiled === null ? undefined : locateSqlError(detail, compiled, sourceTextOf(node) ?? '', statement);
  const text = loc ? withCompiledLineNumber(detail, loc.compiledLine) : detail;
  return `Runtime Error in ${node.resource_type} ${node.name} (${node.original_file_path})\n${indent(text)}${loc ? locatedAt(node, loc) : ''}`;
}

/** The model's own file, when the node is a whole .sql file whose lines the error can be mapped to. */
function sourceTextOf(node: CompiledNode): string | undefined {
  if (!node.original_file_path.endsWith('.sql') || !node.origin?.file) return undefined;
  try {
    return readFileSync(node.origin.file, 'utf8');
  } catch {
    return node.raw_code;
  }
}

/** The statement that embedded the compiled SQL (the last one: cleanup runs after a failure). */
export function lastStatementHolding(statements: string[], compiled: string | null): string | undefined {
  const body = compiled?.trim();
  if (!body) return undefined;
  for (let i = statements.length - 1; i >= 0; i--) if (statements[i]!.includes(body)) return statements[i];
  return undefined;
}

/** The line (or lines) of the node's own file the error was placed at. */
function locatedAt(node: CompiledNode, loc: SqlErrorLocation): string {
  if (loc.sourceLine === undefined) return '';
  return loc.sourceLineEnd !== undefined
    ? `\n  in ${node.original_file_path} lines ${loc.sourceLine}-${loc.sourceLineEnd} (Jinja there expands to compiled line ${loc.compiledLine})`
    : `\n  in ${node.original_file_path} line ${loc.sourceLine}${loc.sourceColumn !== undefined ? `, column ${loc.sourceColumn}` : ''}`;
}

