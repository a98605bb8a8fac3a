// The tokens the lexer makes and the parser reads, and the strings of names.

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

/**
 * The tokens of one template as parallel arrays (token `i` is `type[i]`, `value[i]`...): a
 * model has hundreds of tokens, and one object apiece was the lexer's largest allocation.
 * A token's column (for errors) is found from its offset, and where a tag token ends from
 * its text. Lists are reused from one template to the next (see takeTokens/releaseTokens).
 */
export class TokenList {
  /** How many tokens there are; the last is 'eof'. */
  n = 0;
  readonly type: TokenType[] = [];
  /** Name, operator, data and tag text; '' for string literals (their text is not needed). */
  readonly value: string[] = [];
  /** Parsed literal for string/integer/float tokens. */
  readonly literal: unknown[] = [];
  /** 1-based line. */
  readonly line: number[] = [];
  /** Source offset. */
  readonly pos: number[] = [];
}

// The list of the last parsed template, free for the next one. A list is taken (not shared)
// while in use, so a template compiled while another is being parsed gets its own.
let spare: TokenList | null = null;

export function takeTokens(): TokenList {
  const t = spare ?? new TokenList();
  spare = null;
  t.n = 0;
  return t;
}

/** Hands a token list back for reuse once the parser is done with it. */
export function releaseTokens(t: TokenList): void {
  spare = t;
}

// Names seen before, by a hash of their chars (open addressing). A name token is then the
// one string kept here rather than a new slice of the source: no allocation, and a string
// the engine has already used as a property key, so the lookups of the name when compiling
// and rendering (context, filters, attributes) skip hashing and interning a fresh string.
const NAME_SLOTS = 8192;
const NAME_LIMIT = NAME_SLOTS / 2;
const names: (string | undefined)[] = new Array<string | undefined>(NAME_SLOTS).fill(undefined);
let namesKept = 0;

/** The ASCII name `source[pos, end)`, whose chars hash to `h`: a kept string when there is one. */
export function knownName(source: string, pos: number, end: number, h: number): string {
  const len = end - pos;
  let at = h & (NAME_SLOTS - 1);
  for (let k = names[at]; k !== undefined; k = names[at]) {
    if (k.length === len) {
      let j = 0;
      while (j < len && k.charCodeAt(j) === source.charCodeAt(pos + j)) j++;
      if (j === len) return k;
    }
    at = (at + 1) & (NAME_SLOTS - 1);
  }
  const name = source.slice(pos, end);
  if (namesKept >= NAME_LIMIT) return name;
  namesKept++;
  names[at] = asPropertyKey(name);
  return names[at]!;
}

/** The same text as the engine's own property-key string (made once per distinct name). */
function asPropertyKey(s: string): string {
  const o: Record<string, true> = { [s]: true };
  for (const k in o) return k;
  return s;
}
