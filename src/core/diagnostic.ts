/** Where in a user's file something happened; line and column are 1-based. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

/**
 * How bad a diagnostic is: errors stop the command, warnings are printed and counted, and
 * debug findings (what dbt itself does not report on this warehouse) show only under --debug.
 */
export type Severity = 'error' | 'warning' | 'debug';

/** A template macro an error passed through on its way out (see Diagnostic.macroStack). */
export interface MacroFrame {
  name: string;
  /** The file the macro was compiled from. */
  file: string;
  /** The file as its package names it (`macros/x.sql`), once the project is known. */
  path?: string;
}

/** One problem found in the user's project, data or command line, as plain data. */
export interface Diagnostic {
  /** Stable kebab-case code, e.g. `ref-not-found`, `yaml-invalid`, `jinja-syntax`. */
  code: string;
  severity: Severity;
  /** One sentence saying what is wrong. */
  message: string;
  /** What the user can do about it. */
  hint?: string;
  location?: SourceLocation;
  /** The offending source line, shown under the message. */
  excerpt?: string;
  /** How many places the problem occurs in, when one diagnostic stands for several (default 1). */
  occurrences?: number;
  /**
   * Every occurrence a deprecation warning stands for, each worded for its own place: dbt prints
   * the first only, and each of them under --show-all-deprecations.
   */
  each?: Diagnostic[];
  /** The top-level template macros the error was raised in and passed through, innermost first. */
  macroStack?: MacroFrame[];
  /**
   * The whole report as dbt words it (heading, cause, macro chain): when set, the CLI prints it
   * under dbt's "Encountered an error:" instead of the one-paragraph form.
   */
  text?: string;
  /**
   * dbt's own message for the error (its exception's text, without the "Runtime Error" heading),
   * for a report that quotes dbt's reasons as dbt prints them: debug's failed checks. Other
   * commands still print the one-paragraph form.
   */
  dbtMessage?: string;
  /**
   * What dbt's structured logs call this warning, where the code alone does not say: its event
   * name (when one code stands for several of dbt's events) and the data fields dbt's event carries.
   */
  event?: { name?: string; data?: Record<string, unknown> };
}

/** An error that carries a diagnostic; the CLI prints it without a stack trace. */
export class ReelhouseError extends Error {
  readonly diagnostic: Diagnostic;

  constructor(diagnostic: Diagnostic, options?: { cause?: unknown }) {
    super(diagnostic.message, options);
    this.name = 'ReelhouseError';
    this.diagnostic = diagnostic;
  }
}

/** Builds a ReelhouseError with severity `error` in one call. */
export function userError(
  code: string,
  message: string,
  location?: SourceLocation,
  hint?: string,
  cause?: unknown,
): ReelhouseError {
  const diagnostic: Diagnostic = { code, severity: 'error', message };
  if (location) diagnostic.location = location;
  if (hint) diagnostic.hint = hint;
  return new ReelhouseError(diagnostic, cause === undefined ? undefined : { cause });
}

/** True when the value is a ReelhouseError (also across module copies). */
export function isReelhouseError(value: unknown): value is ReelhouseError {
  return value instanceof ReelhouseError || (value instanceof Error && 'diagnostic' in value);
}

/** Renders a diagnostic as the one paragraph the user reads. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.location
    ? `${d.location.file}${d.location.line ? `:${d.location.line}` : ''}${d.location.line && d.location.column ? `:${d.location.column}` : ''}: `
    : '';
  const label = d.severity === 'error' ? 'Error' : d.severity === 'warning' ? 'Warning' : 'Note';
  let text = `${label}: ${where}${d.message}`;
  if (d.excerpt) text += `\n    ${d.excerpt.trimEnd()}`;
  if (d.location?.column && d.excerpt) text += `\n    ${' '.repeat(Math.max(0, d.location.column - 1))}^`;
  if (d.hint) text += `\n  ${d.hint}`;
  return `${text} [${d.code}]`;
}
