// Expression grammar, following Jinja2 3.1's parser (precedence, filters, tests, tuples).
import type { CallArgs, Expr, Target } from './ast.js';
import type { TokenList } from './tokens.js';
import { TokenCursor } from './token-cursor.js';

const NO_NAMES: readonly string[] = [];
const COMPARE_OPS = new Set(['==', '!=', '<', '<=', '>', '>=']);
// Binding powers of binary operators, loosest first (`not` is the prefix between and and comparisons).
const OR = 1;
const AND = 2;
const NOT = 3;
const COMPARE = 4;
const ADD = 5;
const CONCAT = 6;
const MUL = 7;
const POW = 8;

/** The filter and test names an environment has. */
export interface KnownNames {
  filter(name: string): boolean;
  test(name: string): boolean;
}

/** The expression half of the parser; the statement parser extends it. */
export class ExprParser extends TokenCursor {
  /**
   * Set when the tree may hold what compiling rejects (an unknown filter or test, a slice
   * outside a subscript): only such trees need the compile-time checks (validate.ts).
   */
  unchecked = false;
  /** The for loops whose body is being parsed: a name `loop` read there marks them all. */
  protected readonly loopBodies: { usesLoop: boolean }[] = [];

  constructor(
    tokens: TokenList,
    filename: string,
    source: string,
    /** The filter and test names compiling accepts; without them every tree counts as unchecked. */
    private readonly known: KnownNames | null = null,
  ) {
    super(tokens, filename, source);
    if (known === null) this.unchecked = true;
  }

  /** Parses an expression, including `a if b else c` unless disabled. */
  parseExpression(withCondexpr = true): Expr {
    return withCondexpr ? this.parseCondexpr() : this.parseOr();
  }

  private parseCondexpr(): Expr {
    const line = this.line;
    let expr1 = this.parseOr();
    while (this.skipName('if')) {
      const test = this.parseOr();
      const expr2 = this.skipName('else') ? this.parseCondexpr() : null;
      expr1 = { type: 'CondExpr', test, expr1, expr2, line };
    }
    return expr1;
  }
  private parseOr(): Expr {
    return this.parseBinary(OR);
  }

  /** The binding power of the current token as a binary operator (0: none). */
  private binaryPrec(): number {
    const i = this.i;
    const type = this.types[i];
    if (type === 'operator') {
      // a switch over the operators' constant strings: most tokens seen here (`,` `)` `|`...)
      // are no binary operator, and a table look-up of a missing key is slow
      switch (this.values[i]) {
        case '+':
        case '-':
          return ADD;
        case '~':
          return CONCAT;
        case '*':
        case '/':
        case '//':
        case '%':
          return MUL;
        case '**':
          return POW;
        case '==':
        case '!=':
        case '<':
        case '<=':
        case '>':
        case '>=':
          return COMPARE;
        default:
          return 0;
      }
    }
    if (type !== 'name') return 0;
    const v = this.values[i];
    if (v === 'or') return OR;
    if (v === 'and') return AND;
    if (v === 'in') return COMPARE;
    return v === 'not' && this.isName('in', this.peek()) ? COMPARE : 0;
  }

  /**
   * Operators binding at least as tightly as `min`, by precedence climbing: one loop for the
   * levels Jinja2 parses with a function apiece (or, and, not, comparisons, + -, ~, * / // %,
   * **), building the same nodes. Every operand of every expression passes here, so a level
   * the expression does not use costs one table look-up rather than a call.
   */
  private parseBinary(min: number): Expr {
    const line = this.line;
    let left: Expr;
    if (min <= NOT && this.isName('not')) {
      this.next();
      left = { type: 'Not', node: this.parseBinary(NOT), line };
    } else left = this.parseUnary();
    for (;;) {
      const prec = this.binaryPrec();
      if (prec < min || prec === 0) return left;
      if (prec === COMPARE) {
        // a chain (a < b < c) is one node
        const ops: [string, Expr][] = [];
        for (;;) {
          const op = this.values[this.i]!;
          if (this.types[this.i] === 'operator') {
            if (!COMPARE_OPS.has(op)) break;
            this.next();
            ops.push([op, this.parseBinary(ADD)]);
          } else if (this.types[this.i] !== 'name') break;
          else if (op === 'in') {
            this.next();
            ops.push(['in', this.parseBinary(ADD)]);
          } else if (op === 'not' && this.isName('in', this.peek())) {
            this.i += 2;
            ops.push(['notin', this.parseBinary(ADD)]);
          } else break;
        }
        left = { type: 'Compare', expr: left, ops, line };
      } else if (prec === CONCAT) {
        const nodes = [left];
        while (this.skipOp('~')) nodes.push(this.parseBinary(MUL));
        left = { type: 'Concat', nodes, line };
      } else {
        const t = this.next();
        const opLine = this.lines[t]!;
        if (prec === OR) left = { type: 'Or', left, right: this.parseBinary(AND), line: opLine };
        else if (prec === AND) left = { type: 'And', left, right: this.parseBinary(NOT), line: opLine };
        else if (prec === POW) left = { type: 'BinOp', op: '**', left, right: this.parseUnary(), line: opLine };
        else left = { type: 'BinOp', op: this.values[t]!, left, right: this.parseBinary(prec + 1), line: opLine };
      }
    }
  }
  private parseUnary(withFilter = true): Expr {
    const line = this.line;
    let node: Expr;
    if (this.isOp('-')) {
      this.next();
      node = { type: 'Neg', node: this.parseUnary(false), line };
    } else if (this.isOp('+')) {
      this.next();
      node = { type: 'Pos', node: this.parseUnary(false), line };
    } else node = this.parsePrimary();
    // postfix (`.x`, `[i]`, calls) then, when allowed, filters and tests (after which only
    // filters, tests and calls go on): parsePostfix then parseFilterExpr, in one loop that
    // looks at each following token once
    let postfix = true;
    for (;;) {
      const i = this.i;
      const type = this.types[i];
      if (type === 'operator') {
        const v = this.values[i];
        if (v === '(') node = this.parseCall(node);
        else if (postfix && (v === '.' || v === '[')) node = this.parseSubscript(node);
        else if (withFilter && v === '|') {
          node = this.parseFilter(node);
          postfix = false;
        } else return node;
      } else if (withFilter && type === 'name' && this.values[i] === 'is') {
        node = this.parseTest(node);
        postfix = false;
      } else return node;
    }
  }
  protected parsePrimary(): Expr {
    const t = this.i;
    const type = this.types[t]!;
    const line = this.lines[t]!;
    if (type === 'name') {
      this.next();
      const v = this.values[t]!;
      if (v === 'true' || v === 'True') return { type: 'Const', value: true, line };
      if (v === 'false' || v === 'False') return { type: 'Const', value: false, line };
      if (v === 'none' || v === 'None') return { type: 'Const', value: null, line };
      if (v === 'loop') for (const b of this.loopBodies) b.usesLoop = true;
      return { type: 'Name', name: v, line };
    }
    if (type === 'string') {
      this.next();
      const literal = this.tokens.literal;
      let s = literal[t] as string;
      while (this.type === 'string') s += literal[this.next()] as string;
      return { type: 'Const', value: s, line };
    }
    if (type === 'integer' || type === 'float') {
      this.next();
      return { type: 'Const', value: this.tokens.literal[t], line };
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
    this.fail(`unexpected '${this.describe(t)}'`);
  }

  /** Parses comma-separated expressions; more than one (or a trailing comma) makes a tuple. */
  parseTuple(simplified = false, withCondexpr = true, extraEnd: readonly string[] = NO_NAMES, explicitParens = false): Expr {
    const line = this.line;
    if (this.isTupleEnd(extraEnd)) {
      if (!explicitParens) this.fail(`Expected an expression, got '${this.describe()}'`);
      return { type: 'Tuple', items: [], line };
    }
    const first = simplified ? this.parsePrimary() : this.parseExpression(withCondexpr);
    // one expression (every `{{ x }}` and `{% if x %}`): no list of items to throw away
    if (!this.isOp(',')) return first;
    const items: Expr[] = [first];
    for (;;) {
      this.expectOp(',');
      if (this.isTupleEnd(extraEnd)) break;
      items.push(simplified ? this.parsePrimary() : this.parseExpression(withCondexpr));
      if (!this.isOp(',')) break;
    }
    return { type: 'Tuple', items, line };
  }
  private isTupleEnd(extraEnd: readonly string[]): boolean {
    const type = this.type;
    if (type === 'variable_end' || type === 'block_end' || this.isOp(')')) return true;
    return type === 'name' && extraEnd.includes(this.value);
  }

  private parsePostfix(node: Expr): Expr {
    for (;;) {
      if (this.isOp('.') || this.isOp('[')) node = this.parseSubscript(node);
      else if (this.isOp('(')) node = this.parseCall(node);
      else return node;
    }
  }
  private parseSubscript(node: Expr): Expr {
    const t = this.next();
    const line = this.lines[t]!;
    if (this.values[t] === '.') {
      const a = this.next();
      const type = this.types[a];
      if (type === 'name') return { type: 'Getattr', obj: node, attr: this.values[a]!, line };
      if (type !== 'integer') this.fail('expected name or number', a);
      return { type: 'Getitem', obj: node, arg: { type: 'Const', value: this.tokens.literal[a], line: this.lines[a]! }, line };
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
    if (args.length !== 1 && args.some((a) => a.type === 'Slice')) this.unchecked = true;
    const arg: Expr = args.length === 1 ? args[0]! : { type: 'Tuple', items: args, line };
    return { type: 'Getitem', obj: node, arg, line };
  }
  private parseSubscribed(): Expr {
    const line = this.line;
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
    const line = this.lines[this.expectOp('(')]!;
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
      else if (this.type === 'name' && this.isOp('=', this.peek())) {
        const key = this.values[this.next()]!;
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
    while (this.isOp('.') && this.types[this.peek()] === 'name') {
      this.next();
      name += '.' + this.values[this.next()]!;
    }
    return name;
  }
  protected parseFilter(node: Expr | null, startInline = false): Expr {
    for (;;) {
      if (!startInline && !this.isOp('|')) return node!;
      if (!startInline) this.next();
      startInline = false;
      const line = this.line;
      const name = this.dottedName();
      const args: CallArgs = this.isOp('(') ? this.parseCallArgs() : { args: [], kwargs: [], dynArgs: null, dynKwargs: null, line };
      if (this.known !== null && !this.known.filter(name)) this.unchecked = true;
      node = { type: 'Filter', node, name, args: args.args, kwargs: args.kwargs, dynArgs: args.dynArgs, dynKwargs: args.dynKwargs, line };
    }
  }
  private parseTest(node: Expr): Expr {
    const line = this.lines[this.next()]!;
    const negated = this.skipName('not');
    const name = this.dottedName();
    let args: CallArgs = { args: [], kwargs: [], dynArgs: null, dynKwargs: null, line };
    const type = this.type;
    if (this.isOp('(')) args = this.parseCallArgs();
    else if (
      (type === 'name' || type === 'string' || type === 'integer' || type === 'float' || this.isOp('[') || this.isOp('{')) &&
      !(this.isName('else') || this.isName('or') || this.isName('and'))
    ) {
      if (this.isName('is')) this.fail('You cannot chain multiple tests with is');
      args.args = [this.parsePostfix(this.parsePrimary())];
    }
    if (this.known !== null && !this.known.test(name)) this.unchecked = true;
    const test: Expr = { type: 'Test', node, name, args: args.args, kwargs: args.kwargs, dynArgs: args.dynArgs, dynKwargs: args.dynKwargs, line };
    return negated ? { type: 'Not', node: test, line } : test;
  }

  /** Parses an assignment target (`x`, `a, b`, `(a, b)`, or `ns.attr` when allowed). */
  parseAssignTarget(withTuple = true, extraEnd: string[] = [], withNamespace = false): Target {
    const line = this.line;
    if (withNamespace && this.type === 'name' && this.isOp('.', this.peek())) {
      const name = this.values[this.next()]!;
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
