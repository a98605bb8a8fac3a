// Statement bodies: the stack of open block tags, statements parsed until the innermost one's
// end tag, and the errors for a tag left open or one nothing defines. The statement parser
// (parser.ts) extends it with the statements themselves.
import type { Stmt } from './ast.js';
import { ExprParser } from './parse-expr.js';

interface OpenBlock {
  tag: string;
  line: number;
  ends: string[];
}

/** The block structure of the statement parser; parseStatement parses one tag. */
export abstract class BodyParser extends ExprParser {
  protected readonly open: OpenBlock[] = [];

  /** Parses one statement from its tag name (cursor on it); null for one that leaves nothing in the tree. */
  protected abstract parseStatement(): Stmt | null;

  /** Parses statements until one of the innermost open block's end tags (cursor left on it). */
  protected subparse(): Stmt[] {
    const body: Stmt[] = [];
    const ends = this.open.length ? this.open[this.open.length - 1]!.ends : [];
    for (;;) {
      const t = this.i;
      const type = this.types[t];
      if (type === 'eof') {
        if (this.open.length) this.fail(this.unclosedMessage(undefined), t, this.closeHint());
        return body;
      }
      if (type === 'data') {
        this.next();
        body.push({ type: 'Data', text: this.values[t]!, line: this.lines[t]! });
      } else if (type === 'variable_begin') {
        this.next();
        const expr = this.parseTuple();
        this.expectType('variable_end');
        body.push({ type: 'Output', expr, line: this.lines[t]! });
      } else if (type === 'block_begin') {
        this.next();
        if (this.type === 'name' && ends.includes(this.value)) return body;
        const stmt = this.parseStatement();
        if (stmt) body.push(stmt);
      } else this.fail(`unexpected '${this.describe(t)}'`);
    }
  }

  protected parseBody(tag: string, line: number, ends: string[]): { body: Stmt[]; end: string } {
    this.open.push({ tag, line, ends });
    const body = this.subparse();
    this.open.pop();
    return { body, end: this.values[this.next()]! };
  }

  protected endBlock(): void {
    this.expectType('block_end');
  }

  /** Ends the header of a statement with a body; like Jinja2, a Python-style colon may precede `%}`. */
  protected bodyStart(): void {
    this.skipOp(':');
    this.expectType('block_end');
  }

  protected unknownTag(t: number): never {
    const value = this.values[t]!;
    if (this.open.length) this.fail(this.unclosedMessage(value), t, this.closeHint());
    this.fail(`Encountered unknown tag '${value}'.`, t);
  }

  /**
   * Jinja2's words (which dbt shows) for a tag `name` it did not expect, or the end of the
   * template (undefined), while blocks are open.
   */
  private unclosedMessage(name: string | undefined): string {
    const parts = [name === undefined ? 'Unexpected end of template.' : `Encountered unknown tag '${name}'.`];
    const top = this.open[this.open.length - 1]!;
    const looking = top.ends.map((e) => `'${e}'`).join(' or ');
    const expected = this.open.some((o) => name !== undefined && o.ends.includes(name));
    parts.push(expected ? `You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for ${looking}.` : `Jinja was looking for the following tags: ${looking}.`);
    parts.push(`The innermost block that needs to be closed is '${top.tag}'.`);
    return parts.join(' ');
  }

  /** Where the innermost open block began and the tag that closes it: Jinja2 names neither. */
  private closeHint(): string {
    const top = this.open[this.open.length - 1]!;
    const end = top.ends.find((e) => e.startsWith('end')) ?? top.ends[top.ends.length - 1]!;
    return `Close the '${top.tag}' opened on line ${top.line} with {% ${end} %}.`;
  }

  protected skipEndName(): void {
    if (this.type === 'name') this.next();
    this.endBlock();
  }
}
