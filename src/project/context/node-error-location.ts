// Node code may start part-way into its file (a snapshot block, a YAML test): template
// lines are shifted to file lines, and errors raised by host code get the node's file.
import { readFileSync } from 'node:fs';
import { isReelhouseError } from '../../core/diagnostic.js';
import type { CompiledNode } from '../types.js';

/** Places an error raised while rendering `node` in the node's file, at the file's line. */
export function locate(error: unknown, node: CompiledNode | undefined): unknown {
  if (!node || !isReelhouseError(error)) return error;
  const d = error.diagnostic;
  const offset = (node.origin.line ?? 1) - 1;
  if (!d.location) d.location = { file: node.origin.file };
  else if (d.location.file === node.origin.file && d.location.line !== undefined && offset > 0) d.location = { ...d.location, line: d.location.line + offset };
  // A generic test's code is generated, not written: show the property file's line instead of it.
  if (node.test_metadata && d.excerpt !== undefined && d.location.file === node.origin.file) {
    const line = d.location.line === undefined ? undefined : fileLine(node.origin.file, d.location.line);
    if (line === undefined) delete d.excerpt;
    else d.excerpt = line;
    d.location = { file: d.location.file, ...(d.location.line === undefined ? {} : { line: d.location.line }) };
  }
  // A Jinja error raised in a macro names the macro's file: dbt's heading also names the node
  // being rendered, so the user learns which model called it.
  if (d.code.startsWith('jinja-') && !d.hint) d.hint = `Compilation Error in ${node.resource_type} ${node.name} (${node.original_file_path})`;
  return error;
}

/** Line `line` (1-based) of a file, when it can be read. */
function fileLine(file: string, line: number): string | undefined {
  try {
    return readFileSync(file, 'utf8').split(/\r?\n/u)[line - 1];
  } catch {
    return undefined;
  }
}
