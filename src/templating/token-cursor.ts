// A cursor over a template's tokens for the parser: the current token, looking ahead,
// consuming, expecting, and syntax errors located at a token.
import type { TokenList, TokenType } from './tokens.js';
import { syntaxError } from './errors.js';

const DESCRIBE: Record<string, string> = {
  block_end: 'end of statement block',
  variable_end: 'end of print statement',
  block_begin: 'begin of statement block',
  variable_begin: 'begin of print statement',
  eof: 'end of template',
  data: 'template data',
};


/** Describes token `i` for error messages, as Jinja2 does. */
export function describe(tokens: TokenList, i: number): string {
  const type = tokens.type[i]!;
  if (type === 'name' || type === 'operator') return tokens.value[i]!;
  return DESCRIBE[type] ?? type;
}

/** The parser's position in a token list; tokens are referred to by their index (the cursor is `i`). */
export class TokenCursor {
  protected i = 0;
  /** The token list's arrays, read directly in the hot paths. */
  protected readonly types: TokenType[];
  protected readonly values: string[];
  protected readonly lines: number[];
  /** Index of the final ('eof') token. */
  protected readonly last: number;

  constructor(
    protected readonly tokens: TokenList,
    protected readonly filename: string,
    protected readonly source: string,
  ) {
    this.types = tokens.type;
    this.values = tokens.value;
    this.lines = tokens.line;
    this.last = tokens.n - 1;
  }

  /** The type of the current token. */
  protected get type(): TokenType {
    return this.types[this.i]!;
  }
  /** The text of the current token. */
  protected get value(): string {
    return this.values[this.i]!;
  }
  /** The line of the current token. */
  protected get line(): number {
    return this.lines[this.i]!;
  }
  protected peek(n = 1): number {
    return Math.min(this.i + n, this.last);
  }
  /** Consumes the current token (never past 'eof'), returning its index. */
  protected next(): number {
    const i = this.i;
    if (i < this.last) this.i++;
    return i;
  }
  protected fail(message: string, at: number = this.i, hint?: string): never {
    // the column counts from the newline before the token (tokens do not carry it)
    const pos = this.tokens.pos[at]!;
    throw syntaxError(message, this.filename, this.source, this.lines[at]!, pos === 0 ? 1 : pos - this.source.lastIndexOf('\n', pos - 1), hint);
  }
  protected describe(at: number = this.i): string {
    return describe(this.tokens, at);
  }
  protected isOp(v: string, at: number = this.i): boolean {
    return this.types[at] === 'operator' && this.values[at] === v;
  }
  protected isName(v: string, at: number = this.i): boolean {
    return this.types[at] === 'name' && this.values[at] === v;
  }
  protected skipOp(v: string): boolean {
    if (this.isOp(v)) {
      this.i++;
      return true;
    }
    return false;
  }
  protected skipName(v: string): boolean {
    if (this.isName(v)) {
      this.i++;
      return true;
    }
    return false;
  }
  protected expectOp(v: string): number {
    if (!this.isOp(v)) this.fail(`expected token '${v}', got '${this.describe()}'`);
    return this.next();
  }
  protected expectType(type: TokenType): number {
    if (this.type !== type) this.fail(`expected token '${DESCRIBE[type] ?? type}', got '${this.describe()}'`);
    return this.next();
  }
  protected expectName(): string {
    if (this.type !== 'name') this.fail(`expected token 'name', got '${this.describe()}'`);
    return this.values[this.next()]!;
  }
}
