// The subset of Python's `re` module dbt code uses (modules.re), mapped onto JavaScript
// regular expressions: named groups `(?P<n>...)`, `(?P=n)`, `\A`, `\Z`, inline flags and
// Python replacement templates (`\1`, `\g<name>`).
import { userError } from '../../../core/diagnostic.js';
import { PY_TYPE_NAME, pyRepr, tuple } from '../../../templating/index.js';
import { bindParams } from '../py-args.js';
import { PyMatch } from './re-match.js';

export const IGNORECASE = 2;
export const MULTILINE = 8;
export const DOTALL = 16;
export const VERBOSE = 64;
export const ASCII = 256;
const UNICODE = 32;
// Python's flag names in the order a pattern's repr lists them
const FLAG_NAMES: [number, string][] = [[IGNORECASE, 'IGNORECASE'], [MULTILINE, 'MULTILINE'], [DOTALL, 'DOTALL'], [UNICODE, 'UNICODE'], [VERBOSE, 'VERBOSE'], [ASCII, 'ASCII']];

// Python's \w, \d and \b on str patterns know every alphabet (`é` is a word character); JavaScript's are ASCII.
const WORD = '\\p{L}\\p{N}_';
const UNICODE_CLASSES: Record<string, { alone: string; inClass?: string }> = {
  w: { alone: `[${WORD}]`, inClass: WORD },
  W: { alone: `[^${WORD}]` },
  d: { alone: '\\p{Nd}', inClass: '\\p{Nd}' },
  D: { alone: '\\P{Nd}', inClass: '\\P{Nd}' },
  b: { alone: `(?:(?<=[${WORD}])(?![${WORD}])|(?<![${WORD}])(?=[${WORD}]))` },
  B: { alone: `(?:(?<=[${WORD}])(?=[${WORD}])|(?<![${WORD}])(?![${WORD}]))` },
};

/** Translates a Python pattern to JavaScript source and flags. */
export function translatePattern(pattern: string, flags: number): { source: string; flags: string; pyFlags: number } {
  let f = flags;
  let src = pattern;
  // Python takes several global flag groups at the start, as in `(?i)(?s)...`.
  for (let inline = /^\(\?([aiLmsux]+)\)/.exec(src); inline; inline = /^\(\?([aiLmsux]+)\)/.exec(src)) {
    for (const c of inline[1]!) {
      if (c === 'i') f |= IGNORECASE;
      if (c === 'm') f |= MULTILINE;
      if (c === 's') f |= DOTALL;
      if (c === 'x') f |= VERBOSE;
      if (c === 'a') f |= ASCII;
    }
    src = src.slice(inline[0].length);
  }
  if (f & VERBOSE) src = src.replace(/\\#/g, '\u0000').replace(/#[^\n]*/g, '').replace(/\s+/g, '').replace(/\u0000/g, '\\#');
  src = src
    .replace(/\(\?P<(\w+)>/g, '(?<$1>')
    .replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$');
  src = unicodeSafe(src, (f & ASCII) !== 0);
  let js = 'u';
  if (f & IGNORECASE) js += 'i';
  if (f & MULTILINE) js += 'm';
  if (f & DOTALL) js += 's';
  // a str pattern is a unicode one unless ASCII is asked for, and Pattern.flags says so
  return { source: src, flags: js, pyFlags: f & ASCII ? f : f | UNICODE };
}

/**
 * Rewrites what Python reads as literal but a unicode-mode JavaScript pattern rejects: a brace
 * that opens no quantifier (`{{\s*ref` in dbt-codegen), `{,n}`, and escaped punctuation such as `\"`.
 */
function unicodeSafe(src: string, ascii = false): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      const next = src[i + 1];
      i++;
      const unicode = !ascii && next !== undefined ? UNICODE_CLASSES[next] : undefined;
      const translated = unicode && (inClass ? unicode.inClass : unicode.alone);
      if (translated) out += translated;
      else if (next === undefined) out += '\\';
      else if (/[A-Za-z0-9^$\\.*+?()[\]{}|/]/.test(next) || (inClass && next === '-')) out += `\\${next}`;
      else out += next;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // A `]` first in the class (or after `^`) is a literal in Python.
      if (src[i + 1] === '^') out += src[++i];
      if (src[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '{') {
      const q = /^\{(\d*)(,\d*)?\}/.exec(src.slice(i));
      if (q && (q[1] !== '' || (q[2] !== undefined && q[2] !== ','))) {
        out += q[1] === '' ? `{0${q[2]}}` : q[0];
        i += q[0].length - 1;
      } else out += '\\{';
      continue;
    }
    out += c === '}' ? '\\}' : c;
  }
  return out;
}

/** A compiled Python pattern. */
export class PyPattern {
  private readonly src: string;
  private readonly jsFlags: string;
  /** Python's Pattern.flags: the flags given, those set inline, and UNICODE for a str pattern. */
  readonly flags: number;
  private structure?: { parents: number[]; names: (string | undefined)[] };
  constructor(
    readonly pattern: string,
    flags = 0,
  ) {
    const t = translatePattern(pattern, flags);
    this.src = t.source;
    this.jsFlags = t.flags;
    this.flags = t.pyFlags;
    try {
      new RegExp(this.src, this.jsFlags);
    } catch (e) {
      throw userError('compiler-error', `Invalid regular expression '${pattern}': ${(e as Error).message}`);
    }
  }
  private re(extra = ''): RegExp {
    return new RegExp(this.src, this.jsFlags + extra);
  }
  /** How many capture groups the pattern has. */
  get groups(): number {
    return new RegExp(`${this.src}|`, this.jsFlags).exec('')!.length - 1;
  }
  /** Each capture group's enclosing group (0 for none) and name, read from the translated source. */
  private shape(): { parents: number[]; names: (string | undefined)[] } {
    if (this.structure) return this.structure;
    const parents: number[] = [0];
    const names: (string | undefined)[] = [undefined];
    const open: number[] = [];
    let inClass = false;
    for (let i = 0; i < this.src.length; i++) {
      const c = this.src[i]!;
      if (c === '\\') i++;
      else if (inClass) inClass = c !== ']';
      else if (c === '[') inClass = true;
      else if (c === ')') open.pop();
      else if (c === '(') {
        const named = /^\(\?<([A-Za-z_]\w*)>/.exec(this.src.slice(i));
        if (this.src[i + 1] !== '?' || named) {
          const enclosing = [...open].reverse().find((g) => g > 0) ?? 0;
          parents.push(enclosing);
          names.push(named?.[1]);
          open.push(parents.length - 1);
        } else open.push(0);
      }
    }
    this.structure = { parents, names };
    return this.structure;
  }
  /** Each group's enclosing group (0 for none). */
  groupParents(): number[] {
    return this.shape().parents;
  }
  /** Each group's name, if it has one. */
  groupNames(): (string | undefined)[] {
    return this.shape().names;
  }
  // The text a match looks at (up to endpos) and where it starts, as Python's pos and endpos clip it.
  private bounded(s: unknown, pos: unknown, endpos: unknown): { text: string; from: number; end: number } {
    const text = String(s);
    const clip = (v: unknown, dflt: number): number => {
      if (v === undefined || v === null) return dflt;
      const n = Number(v);
      return Math.max(0, Math.min(text.length, n < 0 ? 0 : n));
    };
    const end = clip(endpos, text.length);
    return { text, from: Math.min(clip(pos, 0), end), end };
  }
  private matchAt(s: unknown, pos: unknown, endpos: unknown, source: string, extra: string): PyMatch | null {
    const { text, from, end } = this.bounded(s, pos, endpos);
    const re = new RegExp(source, this.jsFlags + extra);
    re.lastIndex = from;
    const m = re.exec(text.slice(0, end));
    return m ? new PyMatch(m, text, this, from, end) : null;
  }
  match(s: unknown, pos?: unknown, endpos?: unknown): PyMatch | null {
    return this.matchAt(s, pos, endpos, this.src, 'yd');
  }
  fullmatch(s: unknown, pos?: unknown, endpos?: unknown): PyMatch | null {
    // the end of the text, which `$` under MULTILINE would not insist on
    return this.matchAt(s, pos, endpos, `(?:${this.src})(?![\\s\\S])`, 'yd');
  }
  search(s: unknown, pos?: unknown, endpos?: unknown): PyMatch | null {
    return this.matchAt(s, pos, endpos, this.src, 'gd');
  }
  /** Python's finditer, as a list of match objects (templates only iterate it). */
  finditer(s: unknown): PyMatch[] {
    const text = String(s);
    return [...text.matchAll(this.re('gd'))].map((m) => new PyMatch(m, text, this));
  }
  /** Python's subn: the new string and how many replacements were made. */
  subn(repl: unknown, s: unknown, count: unknown = 0): unknown[] {
    return tuple(this.replace(repl, s, count));
  }
  findall(s: unknown): unknown[] {
    const out: unknown[] = [];
    for (const m of String(s).matchAll(this.re('g'))) {
      if (m.length === 1) out.push(m[0]);
      else if (m.length === 2) out.push(m[1] ?? '');
      else out.push(tuple(m.slice(1).map((g) => g ?? '')));
    }
    return out;
  }
  split(s: unknown, maxsplit: unknown = 0): string[] {
    const text = String(s);
    const limit = Number(maxsplit) || Infinity;
    const out: string[] = [];
    let last = 0;
    let count = 0;
    for (const m of text.matchAll(this.re('g'))) {
      if (count >= limit) break;
      if (m[0] === '' && m.index === last && m.index !== 0 && m.index !== text.length) continue;
      out.push(text.slice(last, m.index));
      for (const g of m.slice(1)) out.push(g ?? (null as unknown as string));
      last = m.index + m[0].length;
      count++;
    }
    out.push(text.slice(last));
    return out;
  }
  sub(repl: unknown, s: unknown, count: unknown = 0): string {
    return this.replace(repl, s, count)[0];
  }
  private replace(repl: unknown, s: unknown, count: unknown): [string, number] {
    const text = String(s);
    const limit = Number(count) || Infinity;
    let n = 0;
    const out = text.replace(this.re('g'), (...args: unknown[]) => {
      if (n >= limit) return String(args[0]);
      n++;
      const hasGroups = typeof args[args.length - 1] === 'object';
      const groupsObj = hasGroups ? (args[args.length - 1] as Record<string, string> | undefined) : undefined;
      const offsetIndex = hasGroups ? args.length - 3 : args.length - 2;
      const groups = args.slice(0, offsetIndex) as (string | undefined)[];
      if (typeof repl === 'function') {
        const arr = Object.assign([...groups], { index: args[offsetIndex] as number, input: text, groups: groupsObj }) as unknown as RegExpExecArray;
        return String((repl as (m: PyMatch) => unknown)(new PyMatch(arr, text, this)));
      }
      return expandTemplate(String(repl), groups, groupsObj);
    });
    return [out, n];
  }
  /** Python's repr: the pattern, then the flags other than a str pattern's implied UNICODE. */
  toString(): string {
    let rest = this.flags & ASCII ? this.flags : this.flags & ~UNICODE;
    const names: string[] = [];
    for (const [bit, name] of FLAG_NAMES) {
      if (rest & bit) names.push(`re.${name}`);
      rest &= ~bit;
    }
    if (rest) names.push(`0x${rest.toString(16)}`);
    return `re.compile(${pyRepr(this.pattern)}${names.length ? `, ${names.join('|')}` : ''})`;
  }
}

function expandTemplate(template: string, groups: (string | undefined)[], named: Record<string, string> | undefined): string {
  return template.replace(/\\(?:g<(\w+)>|(\d{1,2})|(.))/g, (whole, name: string | undefined, num: string | undefined, other: string | undefined) => {
    if (name !== undefined) return /^\d+$/.test(name) ? (groups[Number(name)] ?? '') : (named?.[name] ?? '');
    if (num !== undefined) return groups[Number(num)] ?? '';
    const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\' };
    return other !== undefined && other in escapes ? escapes[other]! : whole;
  });
}

const cache = new Map<string, PyPattern>();
function compile(pattern: unknown, flags: unknown = 0): PyPattern {
  if (pattern instanceof PyPattern) return pattern;
  const key = `${Number(flags) || 0}:${String(pattern)}`;
  let p = cache.get(key);
  if (!p) {
    p = new PyPattern(String(pattern), Number(flags) || 0);
    if (cache.size > 500) cache.clear();
    cache.set(key, p);
  }
  return p;
}

/** `modules.re` as templates see it. */
export function reModule(): Record<string, unknown> {
  return {
    IGNORECASE, I: IGNORECASE, MULTILINE, M: MULTILINE, DOTALL, S: DOTALL, VERBOSE, X: VERBOSE, ASCII, A: ASCII,
    compile: (...raw: unknown[]) => {
      const p = bindParams(raw, ['pattern', 'flags']);
      return compile(p['pattern'], p['flags']);
    },
    match: (...raw: unknown[]) => {
      const p = bindParams(raw, ['pattern', 'string', 'flags']);
      return compile(p['pattern'], p['flags']).match(p['string']);
    },
    fullmatch: (...raw: unknown[]) => {
      const p = bindParams(raw, ['pattern', 'string', 'flags']);
      return compile(p['pattern'], p['flags']).fullmatch(p['string']);
    },
    search: (...raw: unknown[]) => {
      const p = bindParams(raw, ['pattern', 'string', 'flags']);
      return compile(p['pattern'], p['flags']).search(p['string']);
    },
    findall: (...raw: unknown[]) => {
      const p = bindParams(raw, ['pattern', 'string', 'flags']);
      return compile(p['pattern'], p['flags']).findall(p['string']);
    },
    finditer: (...raw: unknown[]) => {
      const p = bindParams(raw, ['pattern', 'string', 'flags']);
      return compile(p['pattern'], p['flags']).finditer(p['string']);
    },
    subn: (...raw: unknown[]) => {
      const p = bindParams(raw, ['pattern', 'repl', 'string', 'count', 'flags']);
      return compile(p['pattern'], p['flags']).subn(p['repl'], p['string'], p['count']);
    },
    split: (...raw: unknown[]) => {
      const p = bindParams(raw, ['pattern', 'string', 'maxsplit', 'flags']);
      return compile(p['pattern'], p['flags']).split(p['string'], p['maxsplit']);
    },
    sub: (...raw: unknown[]) => {
      const p = bindParams(raw, ['pattern', 'repl', 'string', 'count', 'flags']);
      return compile(p['pattern'], p['flags']).sub(p['repl'], p['string'], p['count']);
    },
    escape: (s: unknown) => String(s).replace(/[.*+?^${}()|[\]\\\-#&~\s]/g, '\\$&'),
  };
}

// Python's names for these types, which its error messages print: "object of type 're.Match' has no len()"
Object.defineProperty(PyMatch.prototype, PY_TYPE_NAME, { value: 're.Match' });
Object.defineProperty(PyPattern.prototype, PY_TYPE_NAME, { value: 're.Pattern' });
