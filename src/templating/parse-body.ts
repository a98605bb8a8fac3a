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
        if (this.open.length) {
          const ob = this.open[this.open.length - 1]!;
          this.fail(`expected ${ob.ends.map((e) => `'${e}'`).join(' or ')} to close the '${ob.tag}' on line ${ob.line}, found end of template`);
        }
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
    if (this.open.length) {
      const ob = this.open[this.open.length - 1]!;
      this.fail(`unexpected '${value}', expected ${ob.ends.map((e) => `'${e}'`).join(' or ')} to close the '${ob.tag}' on line ${ob.line}`, t);
    }
    if (value.startsWith('end')) this.fail(`Encountered unknown tag '${value}'.`, t);
    this.fail(`Encountered unknown tag '${value}'.`, t);
  }

  protected skipEndName(): void {
    if (this.type === 'name') this.next();
    this.endBlock();
  }
}
