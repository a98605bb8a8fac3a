// A fast reader for the plain block YAML that property files are made of (mappings, lists,
// plain and quoted scalars, one-line flow collections, literal and folded block scalars).
// Large projects have property files of tens of thousands of lines, where the full YAML
// library spends most of the load time. Anything outside that subset (anchors, aliases,
// tags, multi-line plain or quoted scalars, documents, tabs, odd indentation, duplicate keys,
// errors of any kind) makes it give up, and the caller parses the file with the library, so
// results and error messages are the library's in every case the subset does not cover.
// Scalars are resolved with the library's own YAML 1.1 tags, so `yes`, `0x1F` or `~` mean here
// exactly what they mean there.
import type { YamlLines } from './yaml-file.js';
import { GiveUp, INDICATOR_START, isEndOfLine, quotedEnd, stripComment, unquote, type PlainResolver } from './yaml-fast-scalars.js';

/** Parses `text` into plain values and line tables, or returns undefined to let the library do it. */
export function parseYamlFast(text: string, lines: YamlLines, resolver: PlainResolver): { value: unknown } | undefined {
  if (/[\r\t\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u0085\u2028\u2029\ufeff]/.test(text)) return undefined;
  try {
    return { value: new FastReader(text, lines, resolver).document() };
  } catch (error) {
    if (error instanceof GiveUp) return undefined;
    throw error;
  }
}

class FastReader {
  private readonly src: string[];
  private i = 0;

  constructor(
    text: string,
    private readonly lines: YamlLines,
    private readonly resolver: PlainResolver,
  ) {
    this.src = text.split('\n');
  }

  document(): unknown {
    const first = this.nextContent();
    if (first < 0) return null;
    for (const line of this.src) if (/^(?:---|\.\.\.)(?:\s|$)/.test(line) || line.startsWith('%')) throw new GiveUp();
    if (this.indent(first) !== 0) throw new GiveUp();
    const value = this.block(first, 0, -1);
    if (this.nextContent() >= 0) throw new GiveUp();
    return value;
  }

  /** The next line with content (not blank, not only a comment), or -1; `i` moves to it. */
  private nextContent(): number {
    while (this.i < this.src.length) {
      const t = this.src[this.i]!.trimStart();
      if (t !== '' && !t.startsWith('#')) return this.i;
      this.i++;
    }
    return -1;
  }

  private indent(line: number): number {
    const s = this.src[line]!;
    let n = 0;
    while (s.charCodeAt(n) === 32) n++;
    return n;
  }

  /** A block node starting on `line` at column `col` (a list or a mapping); `parent` is the enclosing indentation. */
  private block(line: number, col: number, parent: number): unknown {
    if (col <= parent) throw new GiveUp();
    const rest = this.src[line]!.slice(col);
    if (rest === '-' || rest.startsWith('- ')) return this.sequence(line, col);
    if (this.keyEnd(rest) !== undefined) return this.mapping(line, col);
    throw new GiveUp();
  }

  private sequence(line: number, col: number): unknown[] {
    const arr: unknown[] = [];
    const itemLines: number[] = [];
    this.lines.setObject(arr, line + 1);
    for (;;) {
      const at = this.nextContent();
      if (at < 0 || this.indent(at) < col) break;
      if (this.indent(at) > col) throw new GiveUp();
      const s = this.src[at]!;
      if (!(s.length === col + 1 || s.startsWith('- ', col)) || s[col] !== '-') break;
      let c = col + 1;
      while (s.charCodeAt(c) === 32) c++;
      const rest = s.slice(c);
      if (rest === '' || rest.startsWith('#')) {
        this.i = at + 1;
        const next = this.nextContent();
        if (next >= 0 && this.indent(next) > col) {
          itemLines.push(next + 1);
          arr.push(this.block(next, this.indent(next), col));
        } else {
          itemLines.push(at + 1);
          arr.push(this.resolver.resolve(''));
        }
        continue;
      }
      itemLines.push(at + 1);
      if (rest === '-' || rest.startsWith('- ')) throw new GiveUp();
      if (this.keyEnd(rest) !== undefined) {
        arr.push(this.mapping(at, c));
        continue;
      }
      this.i = at + 1;
      arr.push(this.value(rest, at, col));
    }
    this.lines.setItems(arr, itemLines);
    return arr;
  }

  private mapping(line: number, col: number): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    this.lines.setObject(obj, line + 1);
    const seen = new Set<unknown>();
    let at = line;
    for (;;) {
      const s = this.src[at]!;
      const rest = s.slice(col);
      const end = this.keyEnd(rest);
      if (end === undefined) throw new GiveUp();
      const rawKey = this.key(rest.slice(0, end.key));
      if (seen.has(rawKey) || typeof rawKey === 'object') throw new GiveUp();
      seen.add(rawKey);
      const key = rawKey === null ? 'null' : typeof rawKey === 'boolean' ? (rawKey ? 'True' : 'False') : String(rawKey);
      const after = rest.slice(end.value).trimStart();
      this.i = at + 1;
      let value: unknown;
      if (after === '' || after.startsWith('#')) {
        const next = this.nextContent();
        if (next >= 0 && this.indent(next) > col) value = this.block(next, this.indent(next), col);
        else if (next >= 0 && this.indent(next) === col && /^-(?: |$)/.test(this.src[next]!.slice(col))) value = this.sequence(next, col);
        else value = this.resolver.resolve('');
      } else {
        value = this.value(after, at, col);
      }
      obj[key] = value;
      this.lines.setKey(obj, key, at + 1);
      const next = this.nextContent();
      if (next < 0 || this.indent(next) < col) break;
      if (this.indent(next) > col) throw new GiveUp();
      if (/^-(?: |$)/.test(this.src[next]!.slice(col))) break;
      at = next;
    }
    return obj;
  }

  /** Where a `key:` ends in `rest` (a line from the key on), or undefined when `rest` is no mapping entry. */
  private keyEnd(rest: string): { key: number; value: number } | undefined {
    if (rest.startsWith('[') || rest.startsWith('{')) return undefined;
    if (rest.startsWith('"') || rest.startsWith("'")) {
      const close = quotedEnd(rest, 0);
      if (close < 0) return undefined;
      let j = close;
      while (rest[j] === ' ') j++;
      if (rest[j] === ':' && (j + 1 === rest.length || rest[j + 1] === ' ')) return { key: j, value: j + 1 };
      return undefined;
    }
    for (let j = 0; j < rest.length; j++) {
      const ch = rest[j];
      if (ch === '#' && j > 0 && rest[j - 1] === ' ') return undefined;
      if (ch === ':' && (j + 1 === rest.length || rest[j + 1] === ' ')) return { key: j, value: j + 1 };
    }
    return undefined;
  }

  private key(source: string): unknown {
    const t = source.trimEnd();
    if (t.startsWith('"') || t.startsWith("'")) {
      const close = quotedEnd(t, 0);
      if (close !== t.length) throw new GiveUp();
      return unquote(t);
    }
    if (t === '' || t === '<<' || INDICATOR_START.test(t) || (t.startsWith('-') && (t.length === 1 || t[1] === ' '))) throw new GiveUp();
    return this.resolver.resolve(t);
  }

  /** A value that starts on line `at` (after `key:` or `- `); `parent` is the enclosing indentation. */
  private value(rest: string, at: number, parent: number): unknown {
    const ch = rest[0]!;
    let value: unknown;
    if (ch === '|' || ch === '>') return this.blockScalar(rest, parent);
    if (ch === '"' || ch === "'") {
      const close = quotedEnd(rest, 0);
      if (close < 0 || !isEndOfLine(rest.slice(close))) throw new GiveUp();
      value = unquote(rest.slice(0, close));
    } else if (ch === '[' || ch === '{') {
      const flow = new FlowReader(rest, this.resolver, this.lines, at + 1);
      value = flow.node();
      if (!isEndOfLine(rest.slice(flow.pos))) throw new GiveUp();
    } else {
      if (INDICATOR_START.test(rest) || (ch === '-' && rest[1] === ' ')) throw new GiveUp();
      const plain = stripComment(rest);
      if (/:(?: |$)/.test(plain)) throw new GiveUp();
      value = this.resolver.resolve(plain);
    }
    // A following line indented deeper would continue this scalar: not handled here.
    const next = this.nextContent();
    if (next >= 0 && this.indent(next) > parent) throw new GiveUp();
    return value;
  }

  private blockScalar(header: string, parent: number): string {
    const m = /^([|>])([-+]?)(\s+#.*)?\s*$/.exec(header);
    if (!m || m[2] === '+') throw new GiveUp();
    const folded = m[1] === '>';
    const strip = m[2] === '-';
    const body: string[] = [];
    let contentIndent = -1;
    let trailingBlank = 0;
    while (this.i < this.src.length) {
      const s = this.src[this.i]!;
      if (s.trim() === '') {
        if (contentIndent >= 0 ? s.length > contentIndent : s.length > parent + 1) throw new GiveUp();
        if (this.i === this.src.length - 1) break;
        body.push('');
        trailingBlank++;
        this.i++;
        continue;
      }
      const ind = this.indent(this.i);
      if (contentIndent < 0) {
        if (ind <= parent) break;
        if (body.length > 0) throw new GiveUp();
        contentIndent = ind;
      }
      if (ind < contentIndent) break;
      if (folded && (ind > contentIndent || s.endsWith(' '))) throw new GiveUp();
      if (this.i === this.src.length - 1) throw new GiveUp();
      body.push(s.slice(contentIndent));
      trailingBlank = 0;
      this.i++;
    }
    if (contentIndent < 0 && body.length > 0 && this.i >= this.src.length) throw new GiveUp();
    const lines = body.slice(0, body.length - trailingBlank);
    if (lines.length === 0) return '';
    let text: string;
    if (folded) {
      text = lines[0]!;
      let blanks = 0;
      for (let k = 1; k < lines.length; k++) {
        const l = lines[k]!;
        if (l === '') {
          blanks++;
          continue;
        }
        text += blanks > 0 ? '\n'.repeat(blanks) + l : ` ${l}`;
        blanks = 0;
      }
    } else {
      text = lines.join('\n');
    }
    return strip ? text : `${text}\n`;
  }
}

/** One-line flow collections: `[a, 'b', {c: 1}]`. */
class FlowReader {
  pos = 0;

  constructor(
    private readonly s: string,
    private readonly resolver: PlainResolver,
    private readonly lines: YamlLines,
    private readonly line: number,
  ) {}

  node(): unknown {
    this.skip();
    const ch = this.s[this.pos];
    if (ch === '[') return this.seq();
    if (ch === '{') return this.map();
    if (ch === '"' || ch === "'") {
      const close = quotedEnd(this.s, this.pos);
      if (close < 0) throw new GiveUp();
      const v = unquote(this.s.slice(this.pos, close));
      this.pos = close;
      return v;
    }
    const start = this.pos;
    while (this.pos < this.s.length && !',[]{}#'.includes(this.s[this.pos]!)) {
      if (this.s[this.pos] === ':' && /[ ,\]}]/.test(this.s[this.pos + 1] ?? ' ')) break;
      this.pos++;
    }
    const plain = this.s.slice(start, this.pos).trim();
    if (plain === '' || INDICATOR_START.test(plain) || (plain.startsWith('-') && (plain.length === 1 || plain[1] === ' '))) throw new GiveUp();
    return this.resolver.resolve(plain);
  }

  private seq(): unknown[] {
    this.pos++;
    const arr: unknown[] = [];
    this.lines.setObject(arr, this.line);
    this.skip();
    if (this.s[this.pos] === ']') {
      this.pos++;
      this.lines.setItems(arr, []);
      return arr;
    }
    for (;;) {
      arr.push(this.node());
      this.skip();
      if (this.s[this.pos] === ':') throw new GiveUp();
      const ch = this.s[this.pos++];
      if (ch === ']') break;
      if (ch !== ',') throw new GiveUp();
      this.skip();
      if (this.s[this.pos] === ']') throw new GiveUp();
    }
    this.lines.setItems(arr, arr.map(() => this.line));
    return arr;
  }

  private map(): Record<string, unknown> {
    this.pos++;
    const obj: Record<string, unknown> = {};
    const seen = new Set<unknown>();
    this.lines.setObject(obj, this.line);
    this.skip();
    if (this.s[this.pos] === '}') {
      this.pos++;
      return obj;
    }
    for (;;) {
      this.skip();
      const ch0 = this.s[this.pos];
      if (ch0 === '[' || ch0 === '{') throw new GiveUp();
      const rawKey = this.node();
      if (seen.has(rawKey) || typeof rawKey === 'object') throw new GiveUp();
      seen.add(rawKey);
      this.skip();
      if (this.s[this.pos] !== ':' || this.s[this.pos + 1] !== ' ') throw new GiveUp();
      this.pos++;
      const key = rawKey === null ? 'null' : typeof rawKey === 'boolean' ? (rawKey ? 'True' : 'False') : String(rawKey);
      obj[key] = this.node();
      this.lines.setKey(obj, key, this.line);
      this.skip();
      const ch = this.s[this.pos++];
      if (ch === '}') break;
      if (ch !== ',') throw new GiveUp();
      this.skip();
      if (this.s[this.pos] === '}') throw new GiveUp();
    }
    return obj;
  }

  private skip(): void {
    while (this.s[this.pos] === ' ') this.pos++;
  }
}
