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
import { FlowReader } from './yaml-fast-flow.js';
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
  // Lists and line tables are gathered on these stacks and copied out at their exact size: one
  // built by push keeps room for 17 items, which for a large file's many short lists (columns,
  // tests) was several MB to copy at every collection while the file is in use. A nested list
  // or mapping pushes above its parent's part and cuts the stack back when it is done.
  private readonly items = new Gather<unknown>();
  private readonly marks = new Gather<string | number>();
  // Each line's indentation, measured once: the reader asks for it several times per line.
  private readonly indents: Int32Array;

  constructor(
    text: string,
    private readonly lines: YamlLines,
    private readonly resolver: PlainResolver,
  ) {
    this.src = text.split('\n');
    this.indents = new Int32Array(this.src.length);
    for (let k = 0; k < this.src.length; k++) {
      const line = this.src[k]!;
      let n = 0;
      while (line.charCodeAt(n) === 32) n++;
      this.indents[k] = n;
    }
  }

  document(): unknown {
    const first = this.nextContent();
    if (first < 0) return null;
    for (let k = 0; k < this.src.length; k++) {
      const line = this.src[k]!;
      // Only lines starting `-`, `.` or `%` can be markers or directives: the rest skip the pattern.
      const c = line.charCodeAt(0);
      if ((c === 45 || c === 46) && /^(?:---|\.\.\.)(?:\s|$)/.test(line)) throw new GiveUp();
      if (c === 37) throw new GiveUp();
    }
    if (this.indent(first) !== 0) throw new GiveUp();
    const value = this.block(first, 0, -1);
    if (this.nextContent() >= 0) throw new GiveUp();
    return value;
  }

  /** The next line with content (not blank, not only a comment), or -1; `i` moves to it. */
  private nextContent(): number {
    while (this.i < this.src.length) {
      // Read in place, not with trimStart(): this runs several times per line. The text has no
      // tabs or control characters (checked first), so ASCII leaves only spaces to skip.
      const s = this.src[this.i]!;
      const j = this.indents[this.i]!;
      const c = s.charCodeAt(j);
      if (c > 127) {
        const t = s.trimStart();
        if (t !== '' && !t.startsWith('#')) return this.i;
      } else if (j < s.length && c !== 35) return this.i;
      this.i++;
    }
    return -1;
  }

  /** Whether line `line` has a list item's `-` (then a space or the end) at column `col`. */
  private dashAt(line: number, col: number): boolean {
    const s = this.src[line]!;
    return s.charCodeAt(col) === 45 && (s.length === col + 1 || s.charCodeAt(col + 1) === 32);
  }

  private indent(line: number): number {
    return this.indents[line]!;
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
    const { items, marks } = this;
    const itemsFrom = items.top;
    const marksFrom = marks.top;
    // The list's line, then each item's.
    marks.push(line + 1);
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
          marks.push(next + 1);
          const item = this.block(next, this.indent(next), col);
          items.push(item);
        } else {
          marks.push(at + 1);
          items.push(this.resolver.resolve(''));
        }
        continue;
      }
      marks.push(at + 1);
      if (rest === '-' || rest.startsWith('- ')) throw new GiveUp();
      if (this.keyEnd(rest) !== undefined) {
        const item = this.mapping(at, c);
        items.push(item);
        continue;
      }
      this.i = at + 1;
      const item = this.value(rest, at, col);
      items.push(item);
    }
    const arr = items.take(itemsFrom);
    this.lines.setList(arr, marks.take(marksFrom) as number[]);
    return arr;
  }

  private mapping(line: number, col: number): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    const { marks } = this;
    const marksFrom = marks.top;
    // The mapping's line, then each key and its line.
    marks.push(line + 1);
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
        else if (next >= 0 && this.indent(next) === col && this.dashAt(next, col)) value = this.sequence(next, col);
        else value = this.resolver.resolve('');
      } else {
        value = this.value(after, at, col);
      }
      obj[key] = value;
      marks.push(key);
      marks.push(at + 1);
      const next = this.nextContent();
      if (next < 0 || this.indent(next) < col) break;
      if (this.indent(next) > col) throw new GiveUp();
      if (this.dashAt(next, col)) break;
      at = next;
    }
    this.lines.setMapping(obj, marks.take(marksFrom));
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

/** A stack whose top part is copied out at its exact size; its array never shrinks, so is not reallocated. */
class Gather<T> {
  private readonly slots: T[] = [];
  top = 0;

  push(value: T): void {
    this.slots[this.top++] = value;
  }

  /** The values pushed since `from` was the top, which they leave. */
  take(from: number): T[] {
    const out = this.slots.slice(from, this.top);
    this.top = from;
    return out;
  }
}
