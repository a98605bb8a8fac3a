// One-line flow collections (`[a, 'b', {c: 1}]`) for the fast property-file reader
// (yaml-fast.ts); anything else in them makes it give up, as there.
import type { YamlLines } from './yaml-file.js';
import { GiveUp, INDICATOR_START, quotedEnd, unquote, type PlainResolver } from './yaml-fast-scalars.js';

/** One-line flow collections: `[a, 'b', {c: 1}]`. */
export class FlowReader {
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
