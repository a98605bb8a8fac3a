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
const OPENER = /\{[{%#]/g;

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

const rstripWs = (s: string): string => s.replace(/\s+$/, '');

/** Tokenizes a template source already passed through normalizeSource. */
export function tokenize(source: string, filename: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let line = 1;
  let lineStart = 0;
  let lstripNext = false;
  const advanceTo = (to: number): void => {
    for (let i = source.indexOf('\n', pos); i !== -1 && i < to; i = source.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    pos = to;
  };
  const fail = (msg: string): never => {
    throw syntaxError(msg, filename, source, line, pos - lineStart + 1);
  };
  const pushData = (text: string, start: number, end: number, startLine: number, col: number): void => {
    if (lstripNext) {
      text = text.replace(/^\s+/, '');
      lstripNext = false;
    }
    if (text) tokens.push({ type: 'data', value: text, line: startLine, col, pos: start, end });
  };

  while (pos < source.length) {
    OPENER.lastIndex = pos;
    const m = OPENER.exec(source);
    const at = m ? m.index : source.length;
    const dataLine = line;
    const dataCol = pos - lineStart + 1;
    let data = source.slice(pos, at);
    const dataStart = pos;
    if (!m) {
      pushData(data, dataStart, at, dataLine, dataCol);
      advanceTo(at);
      break;
    }
    const kind = m[0]![1];
    const strip = source[at + 2] === '-';
    if (strip) data = rstripWs(data);
    // raw blocks pass their content through untouched
    RAW_BEGIN.lastIndex = at;
    const raw = kind === '%' ? RAW_BEGIN.exec(source) : null;
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
      if (body) tokens.push({ type: 'data', value: body, line: bodyLine, col: 1, pos: RAW_BEGIN.lastIndex, end: end!.index });
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
    const openLen = 2 + (strip || source[at + 2] === '+' ? 1 : 0);
    tokens.push({ type: isBlock ? 'block_begin' : 'variable_begin', value: source.slice(at, at + openLen), line, col: at - lineStart + 1, pos: at, end: at + openLen });
    advanceTo(at + openLen);
    const endText = isBlock ? '%}' : '}}';
    const balance: string[] = [];
    for (;;) {
      let w = pos;
      for (let ch = source.charCodeAt(w); ch === 32 || ch === 10 || ch === 9 || ch === 13 || ch === 12 || ch === 11; ch = source.charCodeAt(++w)) {
        if (ch === 10) {
          line++;
          lineStart = w + 1;
        }
      }
      pos = w;
      if (pos >= source.length) fail(`unexpected end of template, expected '${endText}'`);
      const col = pos - lineStart + 1;
      if (balance.length === 0) {
        if (source[pos] === '-' && source.startsWith(endText, pos + 1)) {
          tokens.push({ type: isBlock ? 'block_end' : 'variable_end', value: `-${endText}`, line, col, pos, end: pos + 3 });
          advanceTo(pos + 3);
          lstripNext = true;
          break;
        }
        if (source.startsWith(endText, pos)) {
          tokens.push({ type: isBlock ? 'block_end' : 'variable_end', value: endText, line, col, pos, end: pos + 2 });
          advanceTo(pos + 2);
          break;
        }
      }
      let mm: RegExpExecArray | null;
      const code = source.charCodeAt(pos);
      if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95) {
        // names: an ASCII scan (the Unicode regex only for names with other letters)
        let e = pos + 1;
        for (let ch = source.charCodeAt(e); (ch >= 97 && ch <= 122) || (ch >= 65 && ch <= 90) || (ch >= 48 && ch <= 57) || ch === 95; ch = source.charCodeAt(++e));
        if (source.charCodeAt(e) > 127) {
          NAME.lastIndex = pos;
          NAME.test(source);
          e = NAME.lastIndex;
        }
        tokens.push({ type: 'name', value: source.slice(pos, e), literal: undefined, line, col, pos, end: e });
        pos = e;
        continue;
      }
      if (code === 39 || code === 34) {
        // strings: find the closing quote; escapes are decoded only when present
        let e = pos + 1;
        let escaped = false;
        for (let ch = source.charCodeAt(e); e < source.length && ch !== code; ch = source.charCodeAt(++e)) {
          if (ch === 92) {
            escaped = true;
            e++;
          }
        }
        if (e < source.length) {
          const body = source.slice(pos + 1, e);
          const text = source.slice(pos, e + 1);
          tokens.push({ type: 'string', value: text, literal: escaped ? unescapePython(body) : body, line, col, pos, end: e + 1 });
          if (escaped || body.includes('\n')) advanceTo(e + 1);
          else pos = e + 1;
          continue;
        }
      } else if (code >= 48 && code <= 57) {
        FLOAT.lastIndex = pos;
        if ((mm = FLOAT.exec(source))) {
          tokens.push({ type: 'float', value: mm[0], literal: mkFloat(Number(mm[0].replace(/_/g, ''))), line, col, pos, end: FLOAT.lastIndex });
          advanceTo(FLOAT.lastIndex);
          continue;
        }
        INTEGER.lastIndex = pos;
        if ((mm = INTEGER.exec(source))) {
          const text = mm[0].replace(/_/g, '');
          const lower = text.toLowerCase();
          const value = lower.startsWith('0b') ? parseInt(text.slice(2), 2) : lower.startsWith('0o') ? parseInt(text.slice(2), 8) : Number(text);
          tokens.push({ type: 'integer', value: mm[0], literal: value, line, col, pos, end: INTEGER.lastIndex });
          advanceTo(INTEGER.lastIndex);
          continue;
        }
      } else if (code > 127) {
        NAME.lastIndex = pos;
        if (NAME.test(source)) {
          tokens.push({ type: 'name', value: source.slice(pos, NAME.lastIndex), literal: undefined, line, col, pos, end: NAME.lastIndex });
          pos = NAME.lastIndex;
          continue;
        }
      } else {
        const op = operatorAt(source, pos, code);
        if (op !== null) {
          if (op === '(' || op === '[' || op === '{') balance.push(op === '(' ? ')' : op === '[' ? ']' : '}');
          else if (op === ')' || op === ']' || op === '}') {
            if (balance.length === 0) fail(`unexpected '${op}'`);
            const want = balance.pop();
            if (want !== op) fail(`unexpected '${op}', expected '${want}'`);
          }
          tokens.push({ type: 'operator', value: op, literal: undefined, line, col, pos, end: pos + op.length });
          pos += op.length;
          continue;
        }
      }
      if (source[pos] === "'" || source[pos] === '"') fail('unexpected end of string');
      fail(`unexpected char ${JSON.stringify(source[pos])} at ${pos}`);
    }
  }
  tokens.push({ type: 'eof', value: '', line, col: pos - lineStart + 1, pos, end: pos });
  return tokens;
}

/** The source as the lexer sees it (newlines normalized), for raw block bodies. */
export function normalizeSource(input: string): string {
  let source = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  if (source.endsWith('\n')) source = source.slice(0, -1);
  return source;
}
