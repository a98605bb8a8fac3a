// A Python `re.Match` over a JavaScript match: its groups, spans, lastindex and lastgroup, and
// the pattern, pos and endpos it was made with.
import { userError } from '../../../core/diagnostic.js';
import { pyRepr, tuple } from '../../../templating/index.js';
import { bindParams } from '../py-args.js';
import type { PyPattern } from './re.js';

/** A Python match object. */
export class PyMatch {
  constructor(
    private readonly m: RegExpExecArray,
    readonly string: string,
    /** The pattern that made the match, and the bounds of the text it looked at. */
    readonly re: PyPattern,
    readonly pos = 0,
    readonly endpos = string.length,
  ) {}
  group(...which: unknown[]): unknown {
    if (which.length === 0) return this.m[0];
    const get = (g: unknown): string | null => (typeof g === 'number' ? (this.m[g] ?? null) : (this.m.groups?.[String(g)] ?? null));
    return which.length === 1 ? get(which[0]) : tuple(which.map(get));
  }
  /** `m[1]`, `m['name']`: the same as group(). */
  __getitem__(g: unknown): unknown {
    return this.group(g);
  }
  groups(...raw: unknown[]): (unknown)[] {
    const dflt = bindParams(raw, ['default'])['default'] ?? null;
    return tuple(this.m.slice(1).map((g) => g ?? dflt));
  }
  groupdict(...raw: unknown[]): Record<string, unknown> {
    const dflt = bindParams(raw, ['default'])['default'] ?? null;
    return Object.fromEntries(Object.entries(this.m.groups ?? {}).map(([k, v]) => [k, v ?? dflt]));
  }
  // Where a group matched, from the match's indices (-1 for a group that did not take part, as Python says).
  private bounds(g: unknown): [number, number] {
    if (g === undefined || g === 0) return [this.m.index, this.m.index + this.m[0].length];
    const indices = this.m.indices;
    const at = typeof g === 'number' ? indices?.[g] : indices?.groups?.[String(g)];
    if (!indices) throw userError('compiler-error', 'no such group');
    return at ? [at[0], at[1]] : [-1, -1];
  }
  start(g?: unknown): number {
    return this.bounds(g)[0];
  }
  end(g?: unknown): number {
    return this.bounds(g)[1];
  }
  span(g?: unknown): number[] {
    return tuple(this.bounds(g));
  }
  /** The group that closed last: the one ending furthest, an enclosing group after the groups inside it. */
  get lastindex(): number | null {
    const parents = this.re.groupParents();
    const inside = (g: number, outer: number): boolean => {
      for (let p = parents[g]; p !== undefined && p > 0; p = parents[p]) if (p === outer) return true;
      return false;
    };
    let last: number | null = null;
    for (let i = 1; i < this.m.length; i++) {
      if (this.m[i] === undefined) continue;
      if (last === null) {
        last = i;
        continue;
      }
      const [endI, endLast] = [this.bounds(i)[1], this.bounds(last)[1]];
      // a later group ending at the same place closes after, unless it sits inside the earlier one
      if (endI > endLast || (endI === endLast && !inside(i, last))) last = i;
    }
    return last;
  }
  /** The name of the group that closed last, if it has one. */
  get lastgroup(): string | null {
    const i = this.lastindex;
    if (i === null) return null;
    return this.re.groupNames()[i] ?? null;
  }
  toString(): string {
    return `<re.Match object; span=(${this.start()}, ${this.end()}), match=${pyRepr(this.m[0])}>`;
  }
}
