// The text of a node's failure as dbt words it: its heading (Compilation Error, Runtime Error...)
// and its cause, indented, with the line of the node's file where one is known.
import { isAbsolute, relative, sep } from 'node:path';
import { isReelhouseError } from '../core/diagnostic.js';
import type { CompiledNode } from '../project/types.js';
import { compilationReport, hasMacroChain } from '../project/context/index.js';

/**
 * The heading of a node's failure, as dbt's exception types word it: an `exceptions.raise_*`
 * keeps its own (Database Error, Dependency Error...); a warehouse failure is a Runtime Error,
 * as dbt-duckdb raises every DuckDB error as DbtRuntimeError, even from run_query() while the
 * node compiles; anything else is `fallback`.
 */
export function failureKind(error: unknown, node: CompiledNode, fallback: string): string {
  if (!isReelhouseError(error)) return fallback;
  const raised = /^([A-Z][a-z]+ Error) in (.*)$/u.exec(error.diagnostic.hint ?? '');
  if (raised && raised[2] === `${node.resource_type} ${node.name} (${node.original_file_path})`) return raised[1]!;
  return error.diagnostic.code === 'database-error' ? 'Runtime Error' : fallback;
}

/**
 * Whether an error code is a compilation error: dbt reports a Jinja error raised while a node runs
 * (an undefined name, a macro called with too many arguments, in a hook or in the materialization) as one.
 */
export function isCompilationError(code: string): boolean {
  return code === 'compiler-error' || code.startsWith('jinja-');
}

/** dbt's wording for a node's failure: `Compilation Error in model x (models/x.sql)` and the cause. */
export function errorMessage(kind: string, node: CompiledNode, error: unknown): string {
  // dbt names the macros the error passed through, not the line (nor a hint of its own)
  if (kind === 'Compilation Error' && hasMacroChain(error)) return compilationReport(error, node);
  let detail: string;
  if (isReelhouseError(error)) {
    const loc = error.diagnostic.location;
    detail = error.diagnostic.message;
    if (loc?.line && loc.file) detail += `\n  (line ${loc.line}${loc.column ? `, column ${loc.column}` : ''} of ${shownPath(loc.file, node)})`;
    // A heading naming this same node (from exceptions.raise_*) would only repeat the first line.
    const hint = error.diagnostic.hint;
    if (hint && !hint.endsWith(` in ${node.resource_type} ${node.name} (${node.original_file_path})`)) detail += `\n  ${hint}`;
  } else if (error instanceof Error) {
    detail = error.message;
  } else {
    detail = String(error);
  }
  return `${kind} in ${node.resource_type} ${node.name} (${node.original_file_path})\n${indent(detail)}`;
}

/** A file inside the node's project as dbt names files, relative to it (`models/x.sql`); any other as it is. */
function shownPath(file: string, node: CompiledNode): string {
  const inside = relative(node.origin.root, file);
  return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? file : inside.split(sep).join('/');
}

/** A cause under its heading as dbt prints an error: every line of it two spaces in, blank ones too. */
export function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
