// Turns a YAML library syntax error into the one diagnostic every YAML file of a project reports:
// the line and column where the mistake was written, the line itself with a caret, and a hint.
import { userError, type ReelhouseError } from './diagnostic.js';

/** The part of the `yaml` package's YAMLError this needs (kept structural so core imports no parser). */
export interface YamlLibraryError {
  code: string;
  message: string;
  /** Character offsets [start, end] of the error in the text. */
  pos: [number, number];
}

/** A ReelhouseError for a YAML syntax error in `text` (the content of `file`), placed where it was written. */
export function yamlSyntaxError(error: YamlLibraryError, text: string, file: string, code = 'yaml-invalid', prefix = 'Invalid YAML'): ReelhouseError {
  const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/u, '');
  // An unclosed quote is found at the end of the file; the mistake is where the quote was opened.
  const quote = /^Missing closing (["'])quote/u.exec(message)?.[1];
  // A key indented deeper than the one above it continues that key's plain value; the library
  // points at the value, but the mistake is the deeper key, where PyYAML (and so dbt) stops.
  const deeper = error.code === 'BLOCK_AS_IMPLICIT_KEY' ? deeperKeyAfter(text, Math.min(error.pos[0], text.length)) : undefined;
  const offset = quote ? openingQuote(text, Math.min(error.pos[0], text.length), quote) : deeper ?? error.pos[0];
  const { line, col } = linePos(text, Math.min(offset, text.length));
  const excerpt = text.split('\n')[line - 1]?.replace(/\r$/u, '');
  // Indentation errors point at the line's first column; the caret goes under the misplaced key instead.
  let column = col;
  while (excerpt !== undefined && excerpt[column - 1] === ' ') column++;
  if (excerpt === undefined || column > excerpt.length) column = col;
  const key = error.code === 'DUPLICATE_KEY' ? /^([^:#]+?)\s*:/u.exec(excerpt?.slice(column - 1).replace(/^- /u, '') ?? '')?.[1] : undefined;
  const tag = error.code === 'TAG_RESOLVE_FAILED' ? /^Unresolved tag: (\S+)/u.exec(message)?.[1] : undefined;
  const shown = quote ? `the value quoted with ${quote} here is never closed`
    : tag ? `could not determine a constructor for the tag '${tag}'`
    : key ? `the key '${key}' is written twice in the same mapping`
    : deeper !== undefined ? 'mapping values are not allowed here: this key is indented deeper than the key on the line above' : message;
  const hint = quote ? `Close the quote with ${quote} (and escape any ${quote} that is part of the text).`
    : tag ? 'Remove the tag, or quote the value if the ! is part of the text.'
    : key ? `Keep one '${key}:' in this mapping.`
    : deeper !== undefined ? 'Indent it like the keys beside it (or quote the value above if this line belongs to it).' : 'Fix the YAML syntax at this position (indentation, quotes, colons).';
  const err = userError(code, `${prefix}: ${shown}`, { file, line, column }, hint);
  if (excerpt !== undefined && excerpt.trim() !== '') err.diagnostic.excerpt = excerpt;
  return err;
}

/** The offset of the first key on the line after the one holding `offset`, when that line holds a `key:`. */
function deeperKeyAfter(text: string, offset: number): number | undefined {
  const end = text.indexOf('\n', offset);
  if (end < 0) return undefined;
  const next = text.slice(end + 1).split('\n')[0]!;
  const indent = /^ */u.exec(next)![0].length;
  return /^[^\s#'"][^:#]*:(\s|$)/u.test(next.slice(indent)) ? end + 1 + indent : undefined;
}

/** The offset of the quote that opens the unclosed scalar ending before `end` (a doubled '' is an escape). */
function openingQuote(text: string, end: number, quote: string): number {
  for (let i = end - 1; i >= 0; i--) {
    if (text[i] !== quote) continue;
    if (quote === "'" && text[i - 1] === "'") { i--; continue; }
    if (quote === '"' && isEscaped(text, i)) continue;
    return i;
  }
  return end;
}

function isEscaped(text: string, i: number): boolean {
  let slashes = 0;
  for (let j = i - 1; j >= 0 && text[j] === '\\'; j--) slashes++;
  return slashes % 2 === 1;
}

function linePos(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) if (text[i] === '\n') { line++; start = i + 1; }
  return { line, col: offset - start + 1 };
}
