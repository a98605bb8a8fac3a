// Splits a template into tokens the way Jinja2's lexer does with dbt's settings:
// default delimiters, no trim_blocks/lstrip_blocks, the final newline dropped.
import { syntaxError } from './errors.js';
import { mkFloat } from './values.js';
import { PyInt } from './py-int.js';
import { knownName, takeTokens } from './tokens.js';
import type { TokenList, TokenType } from './tokens.js';

const FLOAT = /(?<!\.)(?:\d+_)*\d+(?:(?:\.(?:\d+_)*\d+)?[eE][+-]?(?:\d+_)*\d+|\.(?:\d+_)*\d+)/y;
const INTEGER = /(?:0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0[xX](?:_?[\da-fA-F])+|[1-9](?:_?\d)*|0(?:_?0)*)/y;
const NAME = /[\p{L}_][\p{L}\p{N}_]*/uy;
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

const BALANCE: string[] = [];

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

/** The text of a tag opener token (`{{`, `{%-`...). */
function openText(isBlock: boolean, modifier: string): string {
  if (modifier === '') return isBlock ? '{%' : '{{';
  if (modifier === '-') return isBlock ? '{%-' : '{{-';
  return isBlock ? '{%+' : '{{+';
}

/**
 * Tokenizes a template source whose newlines are normalized (normalizeNewlines or
 * normalizeSource); a final newline is dropped, as Jinja2 does. Hot: every model is tokenized
 * when compiled, so it scans char codes and gives every token the same shape. Taking the
 * source with its final newline spares a sliced string, whose every char read costs more.
 */
export function tokenize(source: string, filename: string): TokenList {
  return new Lexer(source, filename).run();
}

/**
 * The lexer's state. The scan is split in methods (text between tags, one tag, a number)
 * rather than one function with closures over its locals: one big tokenize was optimized
 * twice per process (on-stack replacement, then again), each time among the costliest
 * functions for V8's optimizing compiler; the methods together cost it about a third less.
 */
class Lexer {
  readonly tokens: TokenList = takeTokens();
  readonly len: number;
  pos = 0;
  line = 1;
  lineStart = 0;
  /** The first newline at or after `pos` (len when none): lines are counted in one pass. */
  nextNl: number;
  lstripNext = false;

  constructor(
    readonly source: string,
    readonly filename: string,
  ) {
    this.len = source.charCodeAt(source.length - 1) === 10 ? source.length - 1 : source.length;
    const nl = source.indexOf('\n');
    this.nextNl = nl === -1 ? this.len : nl;
  }

  run(): TokenList {
    const source = this.source;
    const len = this.len;
    while (this.pos < len) {
      const pos = this.pos;
      const found = findOpener(source, pos);
      const at = found === -1 ? len : found;
      const dataLine = this.line;
      let data = source.slice(pos, at);
      if (found === -1) {
        this.pushData(data, pos, dataLine);
        this.advanceTo(at);
        break;
      }
      const kind = source[at + 1]!;
      const modifier = source[at + 2];
      const strip = modifier === '-';
      if (strip) data = rstripWs(data);
      // raw blocks pass their content through untouched
      if (kind === '%' && source.startsWith('raw', skipSpaces(source, at + (strip || modifier === '+' ? 3 : 2))) && this.raw(data, pos, at, dataLine)) continue;
      this.pushData(data, pos, dataLine);
      this.advanceTo(at);
      if (kind === '#') {
        const close = source.indexOf('#}', at + 2);
        if (close === -1) this.fail('Missing end of comment tag');
        this.lstripNext = source[close - 1] === '-' && close - 1 >= at + 2 + (strip ? 1 : 0);
        this.advanceTo(close + 2);
        continue;
      }
      this.tag(at, kind === '%', strip || modifier === '+' ? modifier! : '');
    }
    this.push('eof', '', undefined, this.line, this.pos);
    return this.tokens;
  }

  /** A `{% raw %}` block at `at` (false when the tag only starts like one). */
  private raw(data: string, dataStart: number, at: number, dataLine: number): boolean {
    const source = this.source;
    RAW_BEGIN.lastIndex = at;
    const raw = RAW_BEGIN.exec(source);
    if (!raw) return false;
    this.pushData(data, dataStart, dataLine);
    this.advanceTo(at);
    RAW_END.lastIndex = RAW_BEGIN.lastIndex;
    const end = RAW_END.exec(source);
    if (!end) return this.fail('Missing end of raw directive');
    let body = source.slice(RAW_BEGIN.lastIndex, end.index);
    if (raw[2] === '-') body = body.replace(/^\s+/, '');
    if (end[1] === '-') body = rstripWs(body);
    const bodyLine = this.line;
    this.advanceTo(RAW_BEGIN.lastIndex);
    if (body) this.push('data', body, undefined, bodyLine, RAW_BEGIN.lastIndex);
    this.advanceTo(RAW_END.lastIndex);
    this.lstripNext = end[2] === '-';
    return true;
  }

  /** The tokens of one `{{ }}` or `{% %}` tag opening at `at`, its closer included. */
  private tag(at: number, isBlock: boolean, modifier: string): void {
    const source = this.source;
    const len = this.len;
    const openLen = modifier ? 3 : 2;
    this.push(isBlock ? 'block_begin' : 'variable_begin', openText(isBlock, modifier), undefined, this.line, at);
    this.advanceTo(at + openLen);
    const endText = isBlock ? '%}' : '}}';
    const endType: TokenType = isBlock ? 'block_end' : 'variable_end';
    const endCode = isBlock ? 37 : 125;
    // the closers of the brackets open in this tag: a stack shared by all tags (lexing never
    // nests), its depth counted here (emptying an array by its length frees its storage)
    const balance = BALANCE;
    let depth = 0;
    for (;;) {
      let pos = this.pos;
      for (let ch = source.charCodeAt(pos); pos < len && isSpace(ch); ch = source.charCodeAt(++pos)) {
        if (ch === 10) {
          this.line++;
          this.lineStart = pos + 1;
        }
      }
      this.pos = pos;
      if (this.nextNl < pos) {
        const nl = source.indexOf('\n', pos);
        this.nextNl = nl === -1 ? len : nl;
      }
      if (pos >= len) this.fail(`unexpected end of template, expected '${endText}'`);
      const line = this.line;
      const code = source.charCodeAt(pos);
      if (depth === 0) {
        const closeLen = code === 45 && source.charCodeAt(pos + 1) === endCode && source.charCodeAt(pos + 2) === 125 ? 3 : code === endCode && source.charCodeAt(pos + 1) === 125 ? 2 : 0;
        if (closeLen !== 0) {
          this.push(endType, closeLen === 3 ? (isBlock ? '-%}' : '-}}') : endText, undefined, line, pos);
          this.pos = pos + closeLen;
          if (closeLen === 3) this.lstripNext = true;
          return;
        }
        // `+%}` closes a block and keeps the newline after it (a no-op without trim_blocks)
        if (code === 43 && isBlock && source.charCodeAt(pos + 1) === 37 && source.charCodeAt(pos + 2) === 125) {
          this.push(endType, endText, undefined, line, pos);
          this.pos = pos + 3;
          return;
        }
      }
      // the token is pushed in one place below: each push site is inlined by the JIT, and a
      // smaller scan compiles sooner (the lexer runs unoptimized until it is compiled)
      let type: TokenType = 'name';
      let value = '';
      let literal: unknown = undefined;
      let end = -1;
      if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95) {
        // names: an ASCII scan (the Unicode regex only for names with other letters)
        let e = pos + 1;
        let h = code;
        for (let ch = source.charCodeAt(e); (ch >= 97 && ch <= 122) || (ch >= 65 && ch <= 90) || (ch >= 48 && ch <= 57) || ch === 95; ch = source.charCodeAt(++e)) h = (h * 31 + ch) | 0;
        if (source.charCodeAt(e) > 127) {
          NAME.lastIndex = pos;
          NAME.test(source);
          e = NAME.lastIndex;
          value = source.slice(pos, e);
        } else value = knownName(source, pos, e, h);
        end = e;
      } else if (code === 39 || code === 34) {
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
          type = 'string';
          literal = escaped ? unescapePython(body) : body;
          end = e + 1;
        }
      } else if (code >= 48 && code <= 57) {
        if (this.number(line)) continue;
      } else if (code > 127) {
        NAME.lastIndex = pos;
        if (NAME.test(source)) {
          value = source.slice(pos, NAME.lastIndex);
          end = NAME.lastIndex;
        }
      } else {
        const op = operatorAt(source, pos, code);
        if (op !== null) {
          if (op === '(' || op === '[' || op === '{') balance[depth++] = op === '(' ? ')' : op === '[' ? ']' : '}';
          else if (op === ')' || op === ']' || op === '}') {
            if (depth === 0) this.fail(`unexpected '${op}'`);
            const want = balance[--depth];
            if (want !== op) this.fail(`unexpected '${op}', expected '${want}'`);
          }
          type = 'operator';
          value = op;
          end = pos + op.length;
        }
      }
      if (end !== -1) {
        this.push(type, value, literal, line, pos);
        // a string may span lines
        if (type === 'string') this.advanceTo(end);
        else this.pos = end;
        continue;
      }
      if (source[pos] === "'" || source[pos] === '"') this.fail('unexpected end of string');
      this.fail(`unexpected char ${JSON.stringify(source[pos])} at ${pos}`);
    }
  }

  /** A float or integer literal at `pos` (false when there is none). */
  private number(line: number): boolean {
    const source = this.source;
    const pos = this.pos;
    let mm: RegExpExecArray | null;
    FLOAT.lastIndex = pos;
    if ((mm = FLOAT.exec(source))) {
      this.push('float', mm[0], mkFloat(Number(mm[0].replace(/_/g, ''))), line, pos);
      this.advanceTo(FLOAT.lastIndex);
      return true;
    }
    INTEGER.lastIndex = pos;
    if ((mm = INTEGER.exec(source))) {
      const text = mm[0].replace(/_/g, '');
      const lower = text.toLowerCase();
      const value = lower.startsWith('0b') ? parseInt(text.slice(2), 2) : lower.startsWith('0o') ? parseInt(text.slice(2), 8) : Number(text);
      // Python's int literal is exact: one past 2**53 is a PyInt, not the nearest double.
      this.push('integer', mm[0], Number.isSafeInteger(value) ? value : PyInt.of(BigInt(/^0[bo]/.test(lower) ? `0${lower[1]}${text.slice(2)}` : text)), line, pos);
      this.advanceTo(INTEGER.lastIndex);
      return true;
    }
    return false;
  }

  private advanceTo(to: number): void {
    let nextNl = this.nextNl;
    if (nextNl < to) {
      const source = this.source;
      let line = this.line;
      let lineStart = this.lineStart;
      while (nextNl < to) {
        line++;
        lineStart = nextNl + 1;
        nextNl = source.indexOf('\n', lineStart);
        if (nextNl === -1) nextNl = this.len;
      }
      this.line = line;
      this.lineStart = lineStart;
      this.nextNl = nextNl;
    }
    this.pos = to;
  }

  private fail(msg: string): never {
    throw syntaxError(msg, this.filename, this.source, this.line, this.pos - this.lineStart + 1);
  }

  private push(type: TokenType, value: string, literal: unknown, line: number, pos: number): void {
    const t = this.tokens;
    const i = t.n++;
    t.type[i] = type;
    t.value[i] = value;
    t.literal[i] = literal;
    t.line[i] = line;
    t.pos[i] = pos;
  }

  private pushData(text: string, start: number, startLine: number): void {
    if (this.lstripNext) {
      let b = 0;
      while (b < text.length && isStripSpace(text.charCodeAt(b))) b++;
      if (b > 0) text = text.slice(b);
      this.lstripNext = false;
    }
    if (text) this.push('data', text, undefined, startLine, start);
  }
}

/** Index of the next `{{`, `{%` or `{#` in `source` at or after `from`, or -1. */
function findOpener(source: string, from: number): number {
  for (let i = source.indexOf('{', from); i !== -1; i = source.indexOf('{', i + 1)) {
    const ch = source.charCodeAt(i + 1);
    if (ch === 123 || ch === 37 || ch === 35) return i;
  }
  return -1;
}

/** The first index at or after `i` that is not whitespace. */
function skipSpaces(source: string, i: number): number {
  while (isSpace(source.charCodeAt(i))) i++;
  return i;
}

/** The source with `\r\n` and `\r` newlines turned into `\n` (what tokenize takes). */
export function normalizeNewlines(input: string): string {
  return input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
}

/** The source as the lexer sees it (newlines normalized, final newline dropped), for raw block bodies. */
export function normalizeSource(input: string): string {
  const source = normalizeNewlines(input);
  return source.endsWith('\n') ? source.slice(0, -1) : source;
}
