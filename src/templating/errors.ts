// Errors raised while compiling or rendering a template. Each one names the Python
// exception Jinja2 would raise (`pyType`), so behaviour can be compared with Jinja2's.
import { ReelhouseError, isReelhouseError } from '../core/diagnostic.js';
import type { Diagnostic } from '../core/diagnostic.js';

/** A template syntax or render error, located at a file and line. */
export class TemplateError extends ReelhouseError {
  /** The Jinja2/Python exception class this corresponds to, e.g. `UndefinedError`. */
  readonly pyType: string;

  constructor(diagnostic: Diagnostic, pyType = 'TemplateError', options?: { cause?: unknown }) {
    super(diagnostic, options);
    this.name = 'TemplateError';
    this.pyType = pyType;
  }
}

/** Diagnostic code for each kind of template failure. */
function codeFor(pyType: string): string {
  if (pyType === 'TemplateSyntaxError' || pyType === 'TemplateAssertionError') return 'jinja-syntax';
  if (pyType === 'UndefinedError') return 'jinja-undefined';
  if (pyType === 'TemplateNotFound') return 'jinja-template-not-found';
  return 'jinja-render';
}

/** Builds an unlocated error of the given Python type; the render wrapper adds file and line. */
export function pyError(pyType: string, message: string): TemplateError {
  return new TemplateError({ code: codeFor(pyType), severity: 'error', message }, pyType);
}

/** A syntax error at a known position of a template, with what to do about it when that is known. */
export function syntaxError(message: string, file: string, source: string, line: number, column?: number, hint?: string): TemplateError {
  const err = pyError('TemplateSyntaxError', message);
  locate(err.diagnostic, file, source, line, column);
  if (hint) err.diagnostic.hint = hint;
  return err;
}

function locate(d: Diagnostic, file: string, source: string | undefined, line: number, column?: number): void {
  d.location = column === undefined ? { file, line } : { file, line, column };
  if (source !== undefined) {
    const text = source.split('\n')[line - 1];
    if (text !== undefined) d.excerpt = text;
  }
}

/** Thrown by `return(value)`: unwinds to the enclosing macro call. */
export class ReturnSignal {
  constructor(readonly value: unknown) {}
}

/**
 * Turns anything thrown while rendering into a located TemplateError (or a located
 * ReelhouseError from host code). Errors that already carry a location pass through.
 */
export function annotate(err: unknown, file: string, source: string | undefined, line: number): unknown {
  if (err instanceof ReturnSignal) return err;
  if (isReelhouseError(err)) {
    if (!err.diagnostic.location) locate(err.diagnostic, file, source, line);
    return err;
  }
  if (err instanceof RangeError && /call stack/i.test(err.message)) {
    const e = pyError('RecursionError', 'maximum recursion depth exceeded');
    locate(e.diagnostic, file, source, line);
    return e;
  }
  const message = err instanceof Error ? err.message : String(err);
  const e = new TemplateError(
    { code: 'jinja-render', severity: 'error', message },
    err instanceof Error ? err.name : 'Error',
    { cause: err },
  );
  locate(e.diagnostic, file, source, line);
  return e;
}

/**
 * Notes on an error leaving top-level macro `name` of `file` that it passed through that macro,
 * so that the report can name the chain of macro calls (innermost first), as a traceback would.
 */
export function unwound(err: unknown, name: string, file: string): unknown {
  if (isReelhouseError(err)) (err.diagnostic.macroStack ??= []).push({ name, file });
  return err;
}
