// The scalar side of the fast property-file reader (yaml-fast.ts): plain scalars resolved with
// the YAML library's own tags, quoted scalars unescaped, comments stripped. GiveUp is how any
// part of the reader hands the file back to the library.
import { Document, isScalar } from 'yaml';

/** Thrown where the fast reader meets YAML outside its subset: the library parses the file instead. */
export class GiveUp extends Error {}

interface ScalarTag {
  default?: boolean | 'key';
  test?: RegExp;
  resolve: (value: string, onError: (msg: string) => void, options: unknown) => unknown;
}

/** Resolves plain scalars exactly as the library's schema would; built once per tag set. */
export class PlainResolver {
  private readonly tags: ScalarTag[];
  private readonly options: unknown;
  private readonly cache = new Map<string, unknown>();

  constructor(customTags: unknown) {
    const doc = new Document(null, { version: '1.1', customTags: customTags as never });
    this.tags = (doc.schema.tags as unknown as ScalarTag[]).filter((t) => t.default === true && t.test !== undefined);
    this.options = doc.options;
  }

  resolve(source: string): unknown {
    const cached = this.cache.get(source);
    if (cached !== undefined || this.cache.has(source)) return cached;
    let value: unknown = source;
    const tag = this.tags.find((t) => t.test!.test(source));
    if (tag) {
      const res = tag.resolve(
        source,
        () => {
          throw new GiveUp();
        },
        this.options,
      );
      value = isScalar(res) ? res.value : res;
    }
    // Only immutable results may be shared between occurrences.
    if (value === null || typeof value !== 'object') {
      if (this.cache.size > 50_000) this.cache.clear();
      this.cache.set(source, value);
    }
    return value;
  }
}

/** A plain scalar cannot start with one of these. */
export const INDICATOR_START = /^[\]{}#&*!|>'"%@`,?:[]/;

/** Index just past the closing quote of the quoted scalar starting at `start`, or -1 when it does not close on this line. */
export function quotedEnd(s: string, start: number): number {
  const q = s[start];
  for (let j = start + 1; j < s.length; j++) {
    if (q === "'" && s[j] === "'") {
      if (s[j + 1] === "'") {
        j++;
        continue;
      }
      return j + 1;
    }
    if (q === '"') {
      if (s[j] === '\\') {
        j++;
        continue;
      }
      if (s[j] === '"') return j + 1;
    }
  }
  return -1;
}

const ESCAPES: Record<string, string> = { '0': '\0', a: '\x07', b: '\b', t: '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029' };

/** The value of a complete single- or double-quoted scalar (quotes included). */
export function unquote(token: string): string {
  const body = token.slice(1, -1);
  if (token[0] === "'") return body.replace(/''/g, "'");
  if (!body.includes('\\')) return body;
  let out = '';
  for (let j = 0; j < body.length; j++) {
    const ch = body[j]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const e = body[++j];
    if (e === undefined) throw new GiveUp();
    const simple = ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    const hex = body.slice(j + 1, j + 1 + width);
    if (width === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) throw new GiveUp();
    out += String.fromCodePoint(parseInt(hex, 16));
    j += width;
  }
  return out;
}

/** Whether the rest of a line holds nothing but spaces and a comment. */
export function isEndOfLine(rest: string): boolean {
  const t = rest.trimStart();
  return t === '' || (t.startsWith('#') && (rest.length === 0 || rest[0] === ' ' || t !== rest));
}

/** A plain scalar without its trailing comment and spaces. */
export function stripComment(s: string): string {
  const hash = s.indexOf(' #');
  return (hash >= 0 ? s.slice(0, hash) : s).trimEnd();
}
