// Reads a dbt Python model (`models/*.py`) the way dbt parses one, without running it: the
// literal arguments of its dbt.ref(), dbt.source(), dbt.config() and dbt.config.get() calls,
// and the checks dbt makes on the file (one `def model(dbt, session)` that ends in a single
// `return`, no Jinja). Reelhouse runs SQL only, so a Python model is parsed into the graph
// (lineage, docs, selection, refs from SQL models) and fails with a clear message when run.
//
// Written here rather than taken from a library: no maintained JavaScript package parses
// Python into a syntax tree small enough for this, and dbt needs only tokens, bracket depth,
// logical lines with their indentation and Python's literal syntax.
import { userError, type ReelhouseError } from '../../core/diagnostic.js';
import { PyFloat, tuple } from '../../templating/index.js';

/** One dbt.<fn>(...) call of a Python model, with its arguments as template values. */
export interface PythonDbtCall {
  fn: 'ref' | 'source' | 'config' | 'config.get';
  args: unknown[];
  kwargs: Record<string, unknown>;
  line: number;
}

interface Token {
  kind: 'name' | 'string' | 'number' | 'op';
  text: string;
  /** A string's value (prefix and quotes removed, escapes applied); undefined for f- and byte strings. */
  value?: string;
  line: number;
  column: number;
  /** Index of the logical line (statement) the token belongs to. */
  statement: number;
}

interface Statement {
  /** Indentation (in columns) of the statement's first line. */
  indent: number;
  first: number;
  last: number;
}

const OPERATORS = ['**=', '//=', '>>=', '<<=', '...', '->', ':=', '==', '!=', '<=', '>=', '**', '//', '<<', '>>', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@='];
const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSERS = new Set([')', ']', '}']);
const NAME_START = /[\p{L}_]/u;
const NAME_PART = /[\p{L}\p{N}_]/u;
const STRING_START = /^([rRbBuUfF]{0,2})('''|"""|'|")/;
const NUMBER = /^(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)[jJ]?/;

/**
 * The dbt calls of a Python model, in the order written. Throws a located error where dbt's
 * parse fails: Jinja in the file, no or several `model` functions, a wrong signature or
 * ending, non-literal arguments, and unterminated strings or brackets.
 */
export function readPythonModel(code: string, file: string): PythonDbtCall[] {
  const fail = (message: string, line: number, column?: number, hint?: string): ReelhouseError =>
    userError('python-model-invalid', message, { file, line, ...(column === undefined ? {} : { column }) }, hint ?? 'Fix the Python model file as dbt requires it; see dbt\'s Python models documentation.');
  const jinja = /\{\{|\{%|\{#/.exec(code);
  if (jinja) {
    throw fail('No jinja in python model code is allowed: a Python model reads other nodes with dbt.ref() and dbt.source(), not with templates.', lineAt(code, jinja.index));
  }
  const { tokens, statements } = tokenize(code, fail);
  if (tokens.length === 0) return [];
  checkModelFunction(tokens, statements, fail);
  const calls: PythonDbtCall[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const fn = dbtCallAt(tokens, i);
    if (!fn) continue;
    const open = i + (fn === 'config.get' ? 5 : 3);
    const { args, kwargs } = readArguments(tokens, open, fn, fail);
    calls.push({ fn, args, kwargs, line: tokens[i]!.line });
  }
  return calls;
}

/** `dbt.ref(`, `dbt.source(`, `dbt.config(` or `dbt.config.get(` starting at token i (not `x.dbt.ref(`). */
function dbtCallAt(tokens: Token[], i: number): PythonDbtCall['fn'] | undefined {
  const t = (k: number) => tokens[i + k];
  if (t(0)?.kind !== 'name' || t(0)?.text !== 'dbt' || t(1)?.text !== '.' || t(2)?.kind !== 'name') return undefined;
  if (tokens[i - 1]?.text === '.') return undefined;
  const member = t(2)!.text;
  if ((member === 'ref' || member === 'source' || member === 'config') && t(3)?.text === '(') return member;
  if (member === 'config' && t(3)?.text === '.' && t(4)?.text === 'get' && t(5)?.text === '(') return 'config.get';
  return undefined;
}

type Fail = (message: string, line: number, column?: number, hint?: string) => ReelhouseError;

/** dbt's checks on the model function: exactly one `def model(dbt, session)`, whose body ends in `return <one value>`. */
function checkModelFunction(tokens: Token[], statements: Statement[], fail: Fail): void {
  const defs = tokens.filter((t, i) => t.text === 'def' && t.kind === 'name' && tokens[i + 1]?.text === 'model' && tokens[i + 2]?.text === '(');
  if (defs.length !== 1) {
    throw fail(`dbt allows exactly one model defined per python file, found ${defs.length}`, defs[1]?.line ?? 1, undefined, 'Define the model as `def model(dbt, session):` returning one data frame, once per file.');
  }
  const def = defs[0]!;
  const start = tokens.indexOf(def) + 3;
  const params: string[] = [];
  let depth = 0;
  let expectName = true;
  for (let i = start; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (depth === 0 && t.text === ')') break;
    if (t.text in OPENERS) depth++;
    else if (CLOSERS.has(t.text)) depth--;
    else if (depth === 0 && t.text === ',') expectName = true;
    else if (depth === 0 && expectName && t.kind === 'name') {
      params.push(t.text);
      expectName = false;
    } else if (depth === 0 && (t.text === '*' || t.text === '**' || t.text === '/')) expectName = t.text === '/';
  }
  const problems: string[] = [];
  if (params.length > 0 && params[0] !== 'dbt') problems.push("'dbt' not provided for model as the first argument");
  if (params.length !== 2) problems.push('model function should have two args, `dbt` and a session to current warehouse');
  // dbt looks at the body's last statement: the last one indented as the body's first is (a
  // compound statement's inner lines are deeper), or, for `def model(dbt, session): return x`,
  // what follows the colon on the def's own line.
  const own = statements[def.statement]!;
  let last: { first: number; last: number } | undefined;
  const bodyIndent = statements[def.statement + 1]?.indent ?? -1;
  for (let s = def.statement + 1; s < statements.length && statements[s]!.indent > own.indent; s++) {
    if (statements[s]!.indent === bodyIndent) last = statements[s];
  }
  if (!last || bodyIndent <= own.indent) {
    const colon = tokens.findIndex((t, i) => i > start && t.statement === def.statement && t.text === ':' && tokens[i - 1]?.text !== '->' && depthAt(tokens, start - 1, i) === 0);
    if (colon > 0 && colon < own.last) last = { first: colon + 1, last: own.last };
  }
  const returns = last !== undefined && tokens[last.first]?.text === 'return' && !topLevelComma(tokens, last.first + 1, last.last);
  if (!returns) problems.push('In current version, model function should return only one dataframe object');
  if (problems.length > 0) throw fail(problems.join('\n'), def.line, def.column);
}

/** Bracket depth at token `at`, counting from token `from`. */
function depthAt(tokens: Token[], from: number, at: number): number {
  let depth = 0;
  for (let i = from; i < at; i++) {
    if (tokens[i]!.text in OPENERS) depth++;
    else if (CLOSERS.has(tokens[i]!.text)) depth--;
  }
  return depth;
}

function topLevelComma(tokens: Token[], from: number, to: number): boolean {
  let depth = 0;
  for (let i = from; i <= to; i++) {
    const text = tokens[i]!.text;
    if (text in OPENERS) depth++;
    else if (CLOSERS.has(text)) depth--;
    else if (depth === 0 && text === ',') return true;
  }
  return false;
}

/** The call's arguments from its `(` at `open`: positional literals, then `name=literal` keywords. */
function readArguments(tokens: Token[], open: number, fn: string, fail: Fail): { args: unknown[]; kwargs: Record<string, unknown> } {
  const args: unknown[] = [];
  const kwargs: Record<string, unknown> = {};
  let i = open + 1;
  const nonLiteral = (t: Token | undefined): ReelhouseError => {
    const at = t ?? tokens[open]!;
    return fail(
      `dbt.${fn}() in a Python model takes only literal values (strings, numbers, True, False, None, and lists, tuples or dicts of them), found \`${at.text}\``,
      at.line,
      at.column,
      'dbt reads these calls without running the model, so write the value itself rather than a variable or an expression.',
    );
  };
  while (tokens[i] && tokens[i]!.text !== ')') {
    const t = tokens[i]!;
    if (t.kind === 'name' && tokens[i + 1]?.text === '=') {
      const read = readLiteral(tokens, i + 2, nonLiteral);
      kwargs[t.text] = read.value;
      i = read.next;
    } else {
      if (Object.keys(kwargs).length > 0) throw nonLiteral(t);
      const read = readLiteral(tokens, i, nonLiteral);
      args.push(read.value);
      i = read.next;
    }
    if (tokens[i]?.text === ',') i++;
    else if (tokens[i]?.text !== ')') throw nonLiteral(tokens[i]);
  }
  return { args, kwargs };
}

/** One Python literal starting at token i, as ast.literal_eval reads it. */
function readLiteral(tokens: Token[], i: number, nonLiteral: (t: Token | undefined) => ReelhouseError): { value: unknown; next: number } {
  const t = tokens[i];
  if (!t) throw nonLiteral(t);
  if (t.kind === 'string') {
    // Adjacent strings are one literal ('a' 'b' is 'ab'); f-strings and bytes are not literals here.
    let value = '';
    let j = i;
    while (tokens[j]?.kind === 'string') {
      if (tokens[j]!.value === undefined) throw nonLiteral(tokens[j]);
      value += tokens[j]!.value;
      j++;
    }
    return { value, next: j };
  }
  if (t.kind === 'number') return { value: numberValue(t, nonLiteral), next: i + 1 };
  if ((t.text === '-' || t.text === '+') && tokens[i + 1]?.kind === 'number') {
    const n = numberValue(tokens[i + 1]!, nonLiteral);
    const signed = t.text === '-' ? -Number(n) : Number(n);
    return { value: n instanceof PyFloat ? new PyFloat(signed) : signed, next: i + 2 };
  }
  if (t.kind === 'name') {
    if (t.text === 'True') return { value: true, next: i + 1 };
    if (t.text === 'False') return { value: false, next: i + 1 };
    if (t.text === 'None') return { value: null, next: i + 1 };
    throw nonLiteral(t);
  }
  const close = OPENERS[t.text];
  if (!close) throw nonLiteral(t);
  const items: unknown[] = [];
  const dict: Record<string, unknown> = {};
  let isDict = false;
  let sawComma = false;
  let j = i + 1;
  while (tokens[j] && tokens[j]!.text !== close) {
    const key = readLiteral(tokens, j, nonLiteral);
    j = key.next;
    if (t.text === '{' && tokens[j]?.text === ':') {
      isDict = true;
      const value = readLiteral(tokens, j + 1, nonLiteral);
      dict[String(key.value)] = value.value;
      j = value.next;
    } else items.push(key.value);
    if (tokens[j]?.text === ',') {
      sawComma = true;
      j++;
    } else if (tokens[j]?.text !== close) throw nonLiteral(tokens[j]);
  }
  if (!tokens[j]) throw nonLiteral(t);
  if (t.text === '(') {
    // `(x)` is x itself; `(x,)` and `()` are tuples.
    return { value: items.length === 1 && !sawComma ? items[0] : tuple(items), next: j + 1 };
  }
  if (t.text === '{') return { value: isDict || items.length === 0 ? dict : items, next: j + 1 };
  return { value: items, next: j + 1 };
}

function numberValue(t: Token, nonLiteral: (t: Token | undefined) => ReelhouseError): number | PyFloat {
  const text = t.text.replace(/_/g, '');
  if (/[jJ]$/.test(text)) throw nonLiteral(t);
  if (/^0[xXoObB]/.test(text)) return Number(text.toLowerCase());
  const value = Number(text);
  const isFloat = /[.eE]/.test(text);
  return isFloat && Number.isInteger(value) ? new PyFloat(value) : value;
}

/** Python tokens (names, strings, numbers, operators) with their logical lines; comments and layout dropped. */
function tokenize(code: string, fail: Fail): { tokens: Token[]; statements: Statement[] } {
  const tokens: Token[] = [];
  const statements: Statement[] = [];
  const depthStack: string[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let atLineStart = true;
  let indent = 0;
  const push = (token: Omit<Token, 'statement'>): void => {
    if (atLineStart || statements.length === 0) {
      statements.push({ indent, first: tokens.length, last: tokens.length });
      atLineStart = false;
    }
    statements[statements.length - 1]!.last = tokens.length;
    tokens.push({ ...token, statement: statements.length - 1 });
  };
  while (i < code.length) {
    const ch = code[i]!;
    if (ch === '\n') {
      line++;
      i++;
      lineStart = i;
      // Inside brackets a statement goes on over several lines.
      if (depthStack.length === 0) atLineStart = true;
      if (atLineStart) indent = measureIndent(code, i);
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\f') {
      i++;
      continue;
    }
    if (ch === '#') {
      while (i < code.length && code[i] !== '\n') i++;
      continue;
    }
    if (ch === '\\' && (code[i + 1] === '\n' || (code[i + 1] === '\r' && code[i + 2] === '\n'))) {
      i += code[i + 1] === '\r' ? 3 : 2;
      line++;
      lineStart = i;
      continue;
    }
    const column = i - lineStart + 1;
    const stringStart = STRING_START.exec(code.slice(i, i + 5));
    if (stringStart && (stringStart[1] === '' || !NAME_PART.test(code[i - 1] ?? ' '))) {
      const prefix = stringStart[1]!.toLowerCase();
      const quote = stringStart[2]!;
      const bodyStart = i + stringStart[0].length;
      const end = findStringEnd(code, bodyStart, quote);
      if (end < 0) throw fail('Python syntax error: a string is not closed.', line, column);
      const body = code.slice(bodyStart, end);
      const plain = !prefix.includes('f') && !prefix.includes('b');
      push({ kind: 'string', text: code.slice(i, end + quote.length), ...(plain ? { value: prefix.includes('r') ? body : unescape(body) } : {}), line, column });
      for (let k = i; k < end; k++) if (code[k] === '\n') line++;
      if (body.includes('\n')) lineStart = code.lastIndexOf('\n', end) + 1;
      i = end + quote.length;
      continue;
    }
    if (NAME_START.test(ch)) {
      let j = i + 1;
      while (j < code.length && NAME_PART.test(code[j]!)) j++;
      push({ kind: 'name', text: code.slice(i, j), line, column });
      i = j;
      continue;
    }
    const number = /[\d.]/.test(ch) ? NUMBER.exec(code.slice(i, i + 64)) : null;
    if (number && number[0] !== '.' && number[0] !== '') {
      push({ kind: 'number', text: number[0], line, column });
      i += number[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => code.startsWith(o, i)) ?? ch;
    if (op in OPENERS) depthStack.push(OPENERS[op]!);
    else if (CLOSERS.has(op)) {
      if (depthStack.pop() !== op) throw fail(`Python syntax error: unmatched '${op}'.`, line, column);
    }
    push({ kind: 'op', text: op, line, column });
    i += op.length;
  }
  if (depthStack.length > 0) {
    const last = tokens[tokens.length - 1];
    throw fail(`Python syntax error: '${depthStack[depthStack.length - 1]}' expected before the end of the file.`, last?.line ?? line);
  }
  return { tokens, statements };
}

function measureIndent(code: string, from: number): number {
  let width = 0;
  for (let k = from; k < code.length; k++) {
    if (code[k] === ' ') width++;
    else if (code[k] === '\t') width = (Math.floor(width / 8) + 1) * 8;
    else break;
  }
  return width;
}

// A backslash keeps the next character in the string even in a raw string (r'\'' is legal).
function findStringEnd(code: string, from: number, quote: string): number {
  for (let k = from; k < code.length; k++) {
    const c = code[k];
    if (c === '\\') {
      k++;
      continue;
    }
    if (quote.length === 1 && c === '\n') return -1;
    if (code.startsWith(quote, k)) return k;
  }
  return -1;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '\n': '' };

/** A Python string body with its backslash escapes applied (unknown escapes kept, as Python does). */
function unescape(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|\r?\n|.)/g, (whole, e: string) => {
    if (e.startsWith('x') || e.startsWith('u') || e.startsWith('U')) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCodePoint(parseInt(e, 8));
    if (e === '\r\n') return '';
    return SIMPLE_ESCAPES[e] ?? whole;
  });
}

function lineAt(code: string, index: number): number {
  let line = 1;
  for (let k = 0; k < index; k++) if (code[k] === '\n') line++;
  return line;
}
