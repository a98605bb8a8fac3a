// dbt's account of a compilation error raised inside macros. Each macro call catches what leaves
// it: a Jinja or Python error (an undefined name or attribute, a TypeError) becomes a Compilation
// Error there, and a Compilation Error records the macro in its stack on its way out. The report
// lists that stack under the cause, "> in macro x (macros/x.sql)" then "> called by ..." down to
// the node being rendered, with each file as its package names it and no line.
import { isReelhouseError } from '../../core/diagnostic.js';
import type { MacroFrame, ReelhouseError } from '../../core/diagnostic.js';
import type { Manifest } from '../types.js';

/** A resource as dbt names it in a report: `model m1 (models/m1.sql)`. */
export interface NamedResource {
  resource_type: string;
  name: string;
  original_file_path: string;
}

// The errors dbt's macro call turns into a Compilation Error (TypeError and Jinja's
// TemplateRuntimeError with its subclasses); others leave the macro as they are.
const CAUGHT = new Set(['TypeError', 'UndefinedError', 'TemplateRuntimeError', 'FilterArgumentError', 'SecurityError']);

/** Whether an error code is one dbt raises as a Compilation Error (a Jinja error, raise_compiler_error...). */
export function isCompilationCode(code: string): boolean {
  return code === 'compiler-error' || code.startsWith('jinja-');
}

/**
 * Whether dbt reports the error with a chain of macro calls ("> in macro ..."): a Compilation
 * Error that passed through a macro after the one that raised it, or one raise_compiler_error
 * raised in a macro.
 */
export function hasMacroChain(error: unknown): error is ReelhouseError {
  // A failed contract check is a Compilation Error too (dbt's ContractError), raised in a macro.
  return isReelhouseError(error) && (isCompilationCode(error.diagnostic.code) || error.diagnostic.code === 'contract-error') && dbtStack(error).length > 0;
}

// The macros dbt's error lists: a Jinja error becomes a Compilation Error naming the macro it was
// raised in, a name dbt's error then drops, so that macro is not listed, only those it left afterwards.
function dbtStack(error: ReelhouseError): MacroFrame[] {
  const frames = error.diagnostic.macroStack ?? [];
  return CAUGHT.has((error as { pyType?: string }).pyType ?? '') ? frames.slice(1) : frames;
}

// Macro files by the path they were read from, per manifest: a project's macros do not change.
const macroPaths = new WeakMap<Manifest, Map<string, string>>();

/** Names each macro the error passed through by the path its package gives its file (`macros/m.sql`). */
export function nameMacroFiles(error: unknown, manifest: Manifest): void {
  if (!isReelhouseError(error)) return;
  const frames = error.diagnostic.macroStack;
  if (!frames || frames.every((f) => f.path !== undefined)) return;
  let paths = macroPaths.get(manifest);
  if (!paths) {
    paths = new Map();
    for (const macro of Object.values(manifest.macros)) if (macro.origin?.file) paths.set(macro.origin.file, macro.original_file_path);
    macroPaths.set(manifest, paths);
  }
  for (const frame of frames) frame.path ??= paths.get(frame.file) ?? frame.file;
}

/** `model m1 (models/m1.sql)`. */
function describeResource(resource: NamedResource): string {
  return `${resource.resource_type} ${resource.name} (${resource.original_file_path})`;
}

/**
 * The lines dbt lists under the cause of an error raised inside macros while rendering `node`
 * (null where dbt's error names no node: a Jinja error in a run-operation), after a blank line;
 * none when the chain is the node alone.
 */
function macroChain(error: ReelhouseError, node: NamedResource | null): string[] {
  const items = [...dbtStack(error).map((f) => `macro ${f.name} (${f.path ?? f.file})`), node ? describeResource(node) : '<Unknown>'];
  if (items.length < 2) return [];
  return ['', ...items.map((item, i) => `> ${i === 0 ? 'in' : 'called by'} ${item}`)];
}

/**
 * dbt's report of an error raised inside the macro `operation` runs: raise_compiler_error names the
 * operation's macro as its node (the macro is the context's model); a Jinja error, or one raised by
 * ref() and the like, names none.
 */
export function operationReport(error: ReelhouseError, operation: NamedResource): string {
  return compilationReport(error, (error as { namesRenderedNode?: boolean }).namesRenderedNode === true ? operation : null);
}

// Where the error was raised, by the path its package gives the file: dbt's report names the
// macros but no line (and leaves out the macro a Jinja error was raised in), so the line is added
// under the cause, where the report says what went wrong.
function raisedAt(error: ReelhouseError): string[] {
  const location = error.diagnostic.location;
  if (!location?.file || location.line === undefined) return [];
  const path = error.diagnostic.macroStack?.find((f) => f.file === location.file)?.path ?? location.file;
  return [`  (line ${location.line} of ${path})`];
}

/** The whole report of a Compilation Error raised inside macros, as dbt's error prints itself, with the line it was raised at. */
export function compilationReport(error: ReelhouseError, node: NamedResource | null): string {
  const lines = [...error.diagnostic.message.split('\n'), ...raisedAt(error), ...macroChain(error, node)];
  return `${node ? `Compilation Error in ${describeResource(node)}` : 'Compilation Error'}\n${lines.map((line) => `  ${line}`).join('\n')}`;
}

/**
 * dbt's report of a warehouse error raised inside macros (run_query in a run-operation): dbt-duckdb
 * raises it as a Runtime Error, which names no node and lists no macros, only its cause.
 */
export function runtimeReport(error: ReelhouseError): string {
  const lines = [...error.diagnostic.message.split('\n'), ...raisedAt(error)];
  return `Runtime Error\n${lines.map((line) => `  ${line}`).join('\n')}`;
}

/**
 * Readies an error leaving a render for its report: the macros it passed through named by their
 * package paths and, when the project is being parsed (dbt parses by rendering), dbt's whole
 * report of an error raised inside a macro, which then ends the command.
 */
export function macroError(error: unknown, manifest: Manifest, node?: NamedResource, parsing = false): unknown {
  nameMacroFiles(error, manifest);
  if (parsing && node && hasMacroChain(error)) error.diagnostic.text = compilationReport(error, node);
  return error;
}
