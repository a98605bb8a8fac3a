// Expression grammar, following Jinja2 3.1's parser (precedence, filters, tests, tuples).
import type { CallArgs, Expr, Target } from './ast.js';
import type { Token } from './lexer.js';
import { syntaxError } from './errors.js';

const NO_NAMES: readonly string[] = [];
const COMPARE_OPS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const DESCRIBE: Record<string, string> = {
  block_end: 'end of statement block',
  variable_end: 'end of print statement',
  block_begin: 'begin of statement block',
  variable_begin: 'begin of print statement',
  eof: 'end of template',
  data: 'template data',
};

/** Describes a token for error messages, as Jinja2 does. */
export function describe(t: Token): string {
  if (t.type === 'name' || t.type === 'operator') return t.value;
  return DESCRIBE[t.type] ?? t.type;
}

/** The expression half of the parser; the statement parser extends it. */
export class ExprParser {
  protected i = 0;

  constructor(
    protected readonly tokens: Token[],
    protected readonly filename: string,
    protected readonly source: string,
  ) {}

  protected get cur(): Token {
    return this.tokens[this.i]!;
  }
  protected peek(n = 1): Token {
    return this.tokens[Math.min(this.i + n, this.tokens.length - 1)]!;
  }
  protected next(): Token {
    const t = this.tokens[this.i]!;
    if (t.type !== 'eof') this.i++;
    return t;
  }
  protected fail(message: string, t: Token = this.cur): never {
    // the column counts from the newline before the token (tokens do not carry it)
    throw syntaxError(message, this.filename, this.source, t.line, t.pos === 0 ? 1 : t.pos - this.source.lastIndexOf('\n', t.pos - 1));
  }
  protected isOp(v: string, t: Token = this.cur): boolean {
    return t.type === 'operator' && t.value === v;
  }
  protected isName(v: string, t: Token = this.cur): boolean {
    return t.type === 'name' && t.value === v;
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
  protected expectOp(v: string): Token {
    if (!this.isOp(v)) this.fail(`expected token '${v}', got '${describe(this.cur)}'`);
    return this.next();
  }
  protected expectType(type: Token['type']): Token {
    if (this.cur.type !== type) this.fail(`expected token '${DESCRIBE[type] ?? type}', got '${describe(this.cur)}'`);
    return this.next();
  }
  protected expectName(): string {
    if (this.cur.type !== 'name') this.fail(`expected token 'name', got '${describe(this.cur)}'`);
    return this.next().value;
  }

  /** Parses an expression, including `a if b else c` unless disabled. */
  parseExpression(withCondexpr = true): Expr {
    return withCondexpr ? this.parseCondexpr() : this.parseOr();
  }

  private parseCondexpr(): Expr {
    const line = this.cur.line;
    let expr1 = this.parseOr();
    while (this.skipName('if')) {
      const test = this.parseOr();
      const expr2 = this.skipName('else') ? this.parseCondexpr() : null;
      expr1 = { type: 'CondExpr', test, expr1, expr2, line };
    }
    return expr1;
  }
  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isName('or')) {
      const line = this.next().line;
      left = { type: 'Or', left, right: this.parseAnd(), line };
    }
    return left;
  }
  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isName('and')) {
      const line = this.next().line;
      left = { type: 'And', left, right: this.parseNot(), line };
    }
    return left;
  }
  private parseNot(): Expr {
    if (this.isName('not')) {
      const line = this.next().line;
      return { type: 'Not', node: this.parseNot(), line };
    }
    return this.parseCompare();
  }
  private parseCompare(): Expr {
    const line = this.cur.line;
    const expr = this.parseMath1();
    // every operand passes here: the list is made only for an actual comparison
    let ops: [string, Expr][] | null = null;
    for (;;) {
      const t = this.cur;
      if (t.type === 'operator' && COMPARE_OPS.has(t.value)) {
        this.next();
        (ops ??= []).push([t.value, this.parseMath1()]);
      } else if (this.isName('in')) {
        this.next();
        (ops ??= []).push(['in', this.parseMath1()]);
      } else if (this.isName('not') && this.isName('in', this.peek())) {
        this.i += 2;
        (ops ??= []).push(['notin', this.parseMath1()]);
      } else break;
    }
    return ops !== null ? { type: 'Compare', expr, ops, line } : expr;
  }
  private parseMath1(): Expr {
    let left = this.parseConcat();
    while (this.isOp('+') || this.isOp('-')) {
      const t = this.next();
      left = { type: 'BinOp', op: t.value, left, right: this.parseConcat(), line: t.line };
    }
    return left;
  }
  private parseConcat(): Expr {
    const line = this.cur.line;
    const first = this.parseMath2();
    if (!this.isOp('~')) return first;
    const nodes = [first];
    while (this.skipOp('~')) nodes.push(this.parseMath2());
    return { type: 'Concat', nodes, line };
  }
  private parseMath2(): Expr {
    let left = this.parsePow();
    while (this.isOp('*') || this.isOp('/') || this.isOp('//') || this.isOp('%')) {
      const t = this.next();
      left = { type: 'BinOp', op: t.value, left, right: this.parsePow(), line: t.line };
    }
    return left;
  }
  private parsePow(): Expr {
    let left = this.parseUnary();
    while (this.isOp('**')) {
      const t = this.next();
      left = { type: 'BinOp', op: '**', left, right: this.parseUnary(), line: t.line };
    }
    return left;
  }
  private parseUnary(withFilter = true): Expr {
    const t = this.cur;
    let node: Expr;
    if (this.isOp('-')) {
      this.next();
      node = { type: 'Neg', node: this.parseUnary(false), line: t.line };
    } else if (this.isOp('+')) {
      this.next();
      node = { type: 'Pos', node: this.parseUnary(false), line: t.line };
    } else node = this.parsePrimary();
    node = this.parsePostfix(node);
    if (withFilter) node = this.parseFilterExpr(node);
    return node;
  }
  protected parsePrimary(): Expr {
    const t = this.cur;
    const line = t.line;
    if (t.type === 'name') {
      this.next();
      const v = t.value;
      if (v === 'true' || v === 'True') return { type: 'Const', value: true, line };
      if (v === 'false' || v === 'False') return { type: 'Const', value: false, line };
      if (v === 'none' || v === 'None') return { type: 'Const', value: null, line };
      return { type: 'Name', name: v, line };
    }
    if (t.type === 'string') {
      this.next();
      let s = t.literal as string;
      while (this.cur.type === 'string') s += this.next().literal as string;
      return { type: 'Const', value: s, line };
    }
    if (t.type === 'integer' || t.type === 'float') {
      this.next();
      return { type: 'Const', value: t.literal, line };
    }
    if (this.isOp('(')) {
      this.next();
      const node = this.parseTuple(false, true, [], true);
      this.expectOp(')');
      return node;
    }
    if (this.isOp('[')) {
      this.next();
      const items: Expr[] = [];
      while (!this.isOp(']')) {
        if (items.length) this.expectOp(',');
        if (this.isOp(']')) break;
        items.push(this.parseExpression());
      }
      this.expectOp(']');
      return { type: 'List', items, line };
    }
    if (this.isOp('{')) {
      this.next();
      const pairs: [Expr, Expr][] = [];
      while (!this.isOp('}')) {
        if (pairs.length) this.expectOp(',');
        if (this.isOp('}')) break;
        const k = this.parseExpression();
        this.expectOp(':');
        pairs.push([k, this.parseExpression()]);
      }
      this.expectOp('}');
      return { type: 'Dict', pairs, line };
    }
    this.fail(`unexpected '${describe(t)}'`);
  }

  /** Parses comma-separated expressions; more than one (or a trailing comma) makes a tuple. */
  parseTuple(simplified = false, withCondexpr = true, extraEnd: readonly string[] = NO_NAMES, explicitParens = false): Expr {
    const line = this.cur.line;
    const items: Expr[] = [];
    let isTuple = false;
    for (;;) {
      if (items.length) this.expectOp(',');
      if (this.isTupleEnd(extraEnd)) break;
      items.push(simplified ? this.parsePrimary() : this.parseExpression(withCondexpr));
      if (this.isOp(',')) isTuple = true;
      else break;
    }
    if (!isTuple) {
      if (items.length) return items[0]!;
      if (!explicitParens) this.fail(`Expected an expression, got '${describe(this.cur)}'`);
    }
    return { type: 'Tuple', items, line };
  }
  private isTupleEnd(extraEnd: readonly string[]): boolean {
    const t = this.cur;
    if (t.type === 'variable_end' || t.type === 'block_end' || this.isOp(')')) return true;
    return t.type === 'name' && extraEnd.includes(t.value);
  }

  private parsePostfix(node: Expr): Expr {
    for (;;) {
      if (this.isOp('.') || this.isOp('[')) node = this.parseSubscript(node);
      else if (this.isOp('(')) node = this.parseCall(node);
      else return node;
    }
  }
  private parseFilterExpr(node: Expr): Expr {
    for (;;) {
      if (this.isOp('|')) node = this.parseFilter(node);
      else if (this.isName('is')) node = this.parseTest(node);
      else if (this.isOp('(')) node = this.parseCall(node);
      else return node;
    }
  }
  private parseSubscript(node: Expr): Expr {
    const t = this.next();
    if (t.value === '.') {
      const a = this.cur;
      if (a.type === 'name') {
        this.next();
        return { type: 'Getattr', obj: node, attr: a.value, line: t.line };
      }
      if (a.type !== 'integer') this.fail('expected name or number');
      this.next();
      return { type: 'Getitem', obj: node, arg: { type: 'Const', value: a.literal, line: a.line }, line: t.line };
    }
    const args: Expr[] = [];
    while (!this.isOp(']')) {
      if (args.length) {
        this.expectOp(',');
        if (this.isOp(']')) break;
      }
      args.push(this.parseSubscribed());
    }
    this.expectOp(']');
    const arg: Expr = args.length === 1 ? args[0]! : { type: 'Tuple', items: args, line: t.line };
    return { type: 'Getitem', obj: node, arg, line: t.line };
  }
  private parseSubscribed(): Expr {
    const line = this.cur.line;
    let start: Expr | null = null;
    if (!this.isOp(':')) {
      start = this.parseExpression();
      if (!this.isOp(':')) return start;
    }
    this.next();
    const stop = this.isOp(']') || this.isOp(',') || this.isOp(':') ? null : this.parseExpression();
    let step: Expr | null = null;
    if (this.skipOp(':')) step = this.isOp(']') || this.isOp(',') ? null : this.parseExpression();
    return { type: 'Slice', start, stop, step, line };
  }
  /** `fn(...)`: a Call node (fields spelled out: object spread is slow in this hot path). */
  private parseCall(fn: Expr): Expr {
    const a = this.parseCallArgs();
    return { type: 'Call', fn, args: a.args, kwargs: a.kwargs, dynArgs: a.dynArgs, dynKwargs: a.dynKwargs, line: a.line };
  }
  protected parseCallArgs(): CallArgs {
    const line = this.expectOp('(').line;
    const res: CallArgs = { args: [], kwargs: [], dynArgs: null, dynKwargs: null, line };
    let first = true;
    while (!this.isOp(')')) {
      if (!first) {
        this.expectOp(',');
        if (this.isOp(')')) break;
      }
      first = false;
      if (this.skipOp('**')) res.dynKwargs = this.parseExpression();
      else if (this.skipOp('*')) res.dynArgs = this.parseExpression();
      else if (this.cur.type === 'name' && this.isOp('=', this.peek())) {
        const key = this.next().value;
        this.next();
        res.kwargs.push([key, this.parseExpression()]);
      } else {
        if (res.kwargs.length || res.dynArgs || res.dynKwargs) this.fail('Invalid argument syntax');
        res.args.push(this.parseExpression());
      }
    }
    this.expectOp(')');
    return res;
  }
  private dottedName(): string {
    let name = this.expectName();
    while (this.isOp('.') && this.peek().type === 'name') {
      this.next();
      name += '.' + this.next().value;
    }
    return name;
  }
  protected parseFilter(node: Expr | null, startInline = false): Expr {
    for (;;) {
      if (!startInline && !this.isOp('|')) return node!;
      if (!startInline) this.next();
      startInline = false;
      const line = this.cur.line;
      const name = this.dottedName();
      const args: CallArgs = this.isOp('(') ? this.parseCallArgs() : { args: [], kwargs: [], dynArgs: null, dynKwargs: null, line };
      node = { type: 'Filter', node, name, args: args.args, kwargs: args.kwargs, dynArgs: args.dynArgs, dynKwargs: args.dynKwargs, line };
    }
  }
  private parseTest(node: Expr): Expr {
    const line = this.next().line;
    const negated = this.skipName('not');
    const name = this.dottedName();
    let args: CallArgs = { args: [], kwargs: [], dynArgs: null, dynKwargs: null, line };
    const t = this.cur;
    if (this.isOp('(')) args = this.parseCallArgs();
    else if (
      (['name', 'string', 'integer', 'float'].includes(t.type) || this.isOp('[') || this.isOp('{')) &&
      !(this.isName('else') || this.isName('or') || this.isName('and'))
    ) {
      if (this.isName('is')) this.fail('You cannot chain multiple tests with is');
      args.args = [this.parsePostfix(this.parsePrimary())];
    }
    const test: Expr = { type: 'Test', node, name, args: args.args, kwargs: args.kwargs, dynArgs: args.dynArgs, dynKwargs: args.dynKwargs, line };
    return negated ? { type: 'Not', node: test, line } : test;
  }

  /** Parses an assignment target (`x`, `a, b`, `(a, b)`, or `ns.attr` when allowed). */
  parseAssignTarget(withTuple = true, extraEnd: string[] = [], withNamespace = false): Target {
    const line = this.cur.line;
    if (withNamespace && this.cur.type === 'name' && this.isOp('.', this.peek())) {
      const name = this.next().value;
      this.next();
      return { type: 'NSRef', name, attr: this.expectName(), line };
    }
    const expr = withTuple ? this.parseTuple(true, true, extraEnd) : this.parsePrimary();
    return this.toTarget(expr);
  }
  private toTarget(e: Expr): Target {
    if (e.type === 'Name') {
      if (['true', 'false', 'none', 'True', 'False', 'None'].includes(e.name)) this.fail(`can't assign to '${e.name}'`);
      return e;
    }
    if (e.type === 'Tuple') return { type: 'Tuple', items: e.items.map((x) => this.toTarget(x)), line: e.line };
    this.fail(`can't assign to '${e.type.toLowerCase()}'`);
  }
}
