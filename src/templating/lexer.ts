// Splits a template into tokens the way Jinja2's lexer does with dbt's settings:
// default delimiters, no trim_blocks/lstrip_blocks, the final newline dropped.
import { syntaxError } from './errors.js';
import { mkFloat } from './values.js';

/** Token kinds; operators carry their text in `value`. */
export type TokenType =
  | 'data'
  | 'block_begin'
  | 'block_end'
  | 'variable_begin'
  | 'variable_end'
  | 'name'
  | 'string'
  | 'integer'
  | 'float'
  | 'operator'
  | 'eof';

/** One token with its 1-based line and column and source offsets. */
export interface Token {
  type: TokenType;
  value: string;
  /** Parsed literal for string/integer/float tokens. */
  literal?: unknown;
  line: number;
  col: number;
  pos: number;
  end: number;
}

const FLOAT = /(?<!\.)(?:\d+_)*\d+(?:(?:\.(?:\d+_)*\d+)?[eE][+-]?(?:\d+_)*\d+|\.(?:\d+_)*\d+)/y;
const INTEGER = /(?:0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0[xX](?:_?[\da-fA-F])+|[1-9](?:_?\d)*|0(?:_?0)*)/y;
const NAME = /[\p{L}_][\p{L}\p{N}_]*/uy;
const STRING = /'([^'\\]*(?:\\[\s\S][^'\\]*)*)'|"([^"\\]*(?:\\[\s\S][^"\\]*)*)"/y;
const RAW_BEGIN = /\{%(-|\+)?\s*raw\s*(-|\+)?%\}/y;
const RAW_END = /\{%(-|\+)?\s*endraw\s*(-)?%\}/g;

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '\n': '' };

/** Decodes a Python string literal body (backslash escapes). */
export function unescapePython(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\(x[\da-fA-F]{2}|u[\da-fA-F]{4}|U[\da-fA-F]{8}|[0-7]{1,3}|[\s\S])/g, (m, e: string) => {
    const c = e[0]!;
    if (c === 'x' || c === 'u' || c === 'U') return e.length > 1 ? String.fromCodePoint(parseInt(e.slice(1), 16)) : m;
    if (c >= '0' && c <= '7') return String.fromCharCode(parseInt(e, 8));
    return ESCAPES[c] ?? m;
  });
}

const ONE_CHAR_OPS: (string | undefined)[] = [];
for (const op of '+-/*%~[](){}<>=.:|,;') ONE_CHAR_OPS[op.charCodeAt(0)] = op;

/** The operator starting at `pos` (whose char code is `code`), or null. */
function operatorAt(source: string, pos: number, code: number): string | null {
  const next = source.charCodeAt(pos + 1);
  if (next === code && (code === 47 || code === 42)) return code === 47 ? '//' : '**';
  if (next === 61 && (code === 61 || code === 33 || code === 60 || code === 62)) return code === 61 ? '==' : code === 33 ? '!=' : code === 60 ? '<=' : '>=';
  return ONE_CHAR_OPS[code] ?? null;
}

/** `s` without trailing whitespace (as Python's rstrip()). */
function rstripWs(s: string): string {
  let e = s.length;
  while (e > 0 && isStripSpace(s.charCodeAt(e - 1))) e--;
  return e === s.length ? s : s.slice(0, e);
}

/** True for the whitespace characters `\s` matches in the ASCII range. */
function isSpace(ch: number): boolean {
  return ch === 32 || ch === 10 || ch === 9 || ch === 13 || ch === 12 || ch === 11;
}

const UNICODE_SPACE = /\s/;

/** True for a char `\s` matches (whitespace control strips), Unicode spaces included. */
function isStripSpace(ch: number): boolean {
  return isSpace(ch) || (ch > 127 && UNICODE_SPACE.test(String.fromCharCode(ch)));
}

/** The tag openers as tokens carry them, by delimiter char then by modifier. */
const OPEN_TEXT: Record<string, Record<string, string>> = {
  '{': { '': '{{', '-': '{{-', '+': '{{+' },
  '%': { '': '{%', '-': '{%-', '+': '{%+' },
};

/**
 * Tokenizes a template source already passed through normalizeSource. Hot: every model is
 * tokenized when compiled, so it scans char codes and gives every token the same shape.
 */
export function tokenize(source: string, filename: string): Token[] {
  const tokens: Token[] = [];
  const len = source.length;
  let pos = 0;
  let line = 1;
  let lineStart = 0;
  // the first newline at or after `pos` (len when none): lines are counted in one pass
  let nextNl = source.indexOf('\n');
  if (nextNl === -1) nextNl = len;
  let lstripNext = false;
  const advanceTo = (to: number): void => {
    while (nextNl < to) {
      line++;
      lineStart = nextNl + 1;
      nextNl = source.indexOf('\n', lineStart);
      if (nextNl === -1) nextNl = len;
    }
    pos = to;
  };
  const fail = (msg: string): never => {
    throw syntaxError(msg, filename, source, line, pos - lineStart + 1);
  };
  const push = (type: TokenType, value: string, literal: unknown, tline: number, col: number, start: number, end: number): void => {
    tokens.push({ type, value, literal, line: tline, col, pos: start, end });
  };
  const pushData = (text: string, start: number, end: number, startLine: number, col: number): void => {
    if (lstripNext) {
      let b = 0;
      while (b < text.length && isStripSpace(text.charCodeAt(b))) b++;
      if (b > 0) text = text.slice(b);
      lstripNext = false;
    }
    if (text) push('data', text, undefined, startLine, col, start, end);
  };
  /** Index of the next `{{`, `{%` or `{#` at or after `from`, or -1. */
  const findOpener = (from: number): number => {
    for (let i = source.indexOf('{', from); i !== -1; i = source.indexOf('{', i + 1)) {
      const ch = source.charCodeAt(i + 1);
      if (ch === 123 || ch === 37 || ch === 35) return i;
    }
    return -1;
  };

  while (pos < len) {
    const found = findOpener(pos);
    const at = found === -1 ? len : found;
    const dataLine = line;
    const dataCol = pos - lineStart + 1;
    let data = source.slice(pos, at);
    const dataStart = pos;
    if (found === -1) {
      pushData(data, dataStart, at, dataLine, dataCol);
      advanceTo(at);
      break;
    }
    const kind = source[at + 1]!;
    const modifier = source[at + 2];
    const strip = modifier === '-';
    if (strip) data = rstripWs(data);
    // raw blocks pass their content through untouched
    RAW_BEGIN.lastIndex = at;
    const raw = kind === '%' && source.startsWith('raw', skipSpaces(source, at + (strip || modifier === '+' ? 3 : 2))) ? RAW_BEGIN.exec(source) : null;
    if (raw) {
      pushData(data, dataStart, at, dataLine, dataCol);
      advanceTo(at);
      RAW_END.lastIndex = RAW_BEGIN.lastIndex;
      const end = RAW_END.exec(source);
      if (!end) fail("Missing end of raw directive");
      let body = source.slice(RAW_BEGIN.lastIndex, end!.index);
      if (raw[2] === '-') body = body.replace(/^\s+/, '');
      if (end![1] === '-') body = rstripWs(body);
      const bodyLine = line;
      advanceTo(RAW_BEGIN.lastIndex);
      if (body) push('data', body, undefined, bodyLine, 1, RAW_BEGIN.lastIndex, end!.index);
      advanceTo(RAW_END.lastIndex);
      lstripNext = end![2] === '-';
      continue;
    }
    pushData(data, dataStart, at, dataLine, dataCol);
    advanceTo(at);
    if (kind === '#') {
      const close = source.indexOf('#}', at + 2);
      if (close === -1) fail('Missing end of comment tag');
      lstripNext = source[close - 1] === '-' && close - 1 >= at + 2 + (strip ? 1 : 0);
      advanceTo(close + 2);
      continue;
    }
    const isBlock = kind === '%';
    const hasModifier = strip || modifier === '+';
    const openLen = hasModifier ? 3 : 2;
    push(isBlock ? 'block_begin' : 'variable_begin', OPEN_TEXT[kind]![hasModifier ? modifier! : '']!, undefined, line, at - lineStart + 1, at, at + openLen);
    advanceTo(at + openLen);
    const endText = isBlock ? '%}' : '}}';
    const endType: TokenType = isBlock ? 'block_end' : 'variable_end';
    const endCode = isBlock ? 37 : 125;
    // open brackets, made for the tags that have any
    let balance: string[] | null = null;
    for (;;) {
      let w = pos;
      for (let ch = source.charCodeAt(w); isSpace(ch); ch = source.charCodeAt(++w)) {
        if (ch === 10) {
          line++;
          lineStart = w + 1;
        }
      }
      pos = w;
      if (nextNl < pos) {
        nextNl = source.indexOf('\n', pos);
        if (nextNl === -1) nextNl = len;
      }
      if (pos >= len) fail(`unexpected end of template, expected '${endText}'`);
      const col = pos - lineStart + 1;
      const code = source.charCodeAt(pos);
      if (balance === null || balance.length === 0) {
        if (code === 45 && source.charCodeAt(pos + 1) === endCode && source.charCodeAt(pos + 2) === 125) {
          push(endType, isBlock ? '-%}' : '-}}', undefined, line, col, pos, pos + 3);
          pos += 3;
          lstripNext = true;
          break;
        }
        if (code === endCode && source.charCodeAt(pos + 1) === 125) {
          push(endType, endText, undefined, line, col, pos, pos + 2);
          pos += 2;
          break;
        }
      }
      let mm: RegExpExecArray | null;
      if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95) {
        // names: an ASCII scan (the Unicode regex only for names with other letters)
        let e = pos + 1;
        for (let ch = source.charCodeAt(e); (ch >= 97 && ch <= 122) || (ch >= 65 && ch <= 90) || (ch >= 48 && ch <= 57) || ch === 95; ch = source.charCodeAt(++e));
        if (source.charCodeAt(e) > 127) {
          NAME.lastIndex = pos;
          NAME.test(source);
          e = NAME.lastIndex;
        }
        push('name', source.slice(pos, e), undefined, line, col, pos, e);
        pos = e;
        continue;
      }
      if (code === 39 || code === 34) {
        // strings: find the closing quote; escapes are decoded only when present
        let e = pos + 1;
        let escaped = false;
        for (let ch = source.charCodeAt(e); e < len && ch !== code; ch = source.charCodeAt(++e)) {
          if (ch === 92) {
            escaped = true;
            e++;
          }
        }
        if (e < len) {
          const body = source.slice(pos + 1, e);
          push('string', source.slice(pos, e + 1), escaped ? unescapePython(body) : body, line, col, pos, e + 1);
          advanceTo(e + 1);
          continue;
        }
      } else if (code >= 48 && code <= 57) {
        FLOAT.lastIndex = pos;
        if ((mm = FLOAT.exec(source))) {
          push('float', mm[0], mkFloat(Number(mm[0].replace(/_/g, ''))), line, col, pos, FLOAT.lastIndex);
          advanceTo(FLOAT.lastIndex);
          continue;
        }
        INTEGER.lastIndex = pos;
        if ((mm = INTEGER.exec(source))) {
          const text = mm[0].replace(/_/g, '');
          const lower = text.toLowerCase();
          const value = lower.startsWith('0b') ? parseInt(text.slice(2), 2) : lower.startsWith('0o') ? parseInt(text.slice(2), 8) : Number(text);
          push('integer', mm[0], value, line, col, pos, INTEGER.lastIndex);
          advanceTo(INTEGER.lastIndex);
          continue;
        }
      } else if (code > 127) {
        NAME.lastIndex = pos;
        if (NAME.test(source)) {
          push('name', source.slice(pos, NAME.lastIndex), undefined, line, col, pos, NAME.lastIndex);
          pos = NAME.lastIndex;
          continue;
        }
      } else {
        const op = operatorAt(source, pos, code);
        if (op !== null) {
          if (op === '(' || op === '[' || op === '{') (balance ??= []).push(op === '(' ? ')' : op === '[' ? ']' : '}');
          else if (op === ')' || op === ']' || op === '}') {
            if (balance === null || balance.length === 0) fail(`unexpected '${op}'`);
            const want = balance!.pop();
            if (want !== op) fail(`unexpected '${op}', expected '${want}'`);
          }
          push('operator', op, undefined, line, col, pos, pos + op.length);
          pos += op.length;
          continue;
        }
      }
      if (source[pos] === "'" || source[pos] === '"') fail('unexpected end of string');
      fail(`unexpected char ${JSON.stringify(source[pos])} at ${pos}`);
    }
  }
  tokens.push({ type: 'eof', value: '', literal: undefined, line, col: pos - lineStart + 1, pos, end: pos });
  return tokens;
}

/** The first index at or after `i` that is not whitespace. */
function skipSpaces(source: string, i: number): number {
  while (isSpace(source.charCodeAt(i))) i++;
  return i;
}

/** The source as the lexer sees it (newlines normalized), for raw block bodies. */
export function normalizeSource(input: string): string {
  let source = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  if (source.endsWith('\n')) source = source.slice(0, -1);
  return source;
}
