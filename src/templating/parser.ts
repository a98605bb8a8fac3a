// Statement grammar: turns tokens into the template's syntax tree.
import type { Expr, Param, Stmt, Target, TemplateAst } from './ast.js';
import { releaseTokens } from './tokens.js';
import type { TokenList } from './tokens.js';
import type { BlockTagSpec } from './block-tags.js';
import { BodyParser } from './parse-body.js';
import type { KnownNames } from './parse-expr.js';
import { tuple } from './values.js';
import { targetNames } from './ast-names.js';

/** Parses a token stream into a template AST. */
export class Parser extends BodyParser {
  constructor(
    tokens: TokenList,
    filename: string,
    source: string,
    private readonly blockTags: ReadonlyMap<string, BlockTagSpec>,
    known: KnownNames | null = null,
  ) {
    super(tokens, filename, source, known);
  }

  /** Parses the whole template. */
  parse(): TemplateAst {
    const body = this.subparse();
    // the tree holds no token: the list can serve the next template (not on errors, simply dropped)
    releaseTokens(this.tokens);
    return { body };
  }

  protected override parseStatement(): Stmt | null {
    const t = this.i;
    if (this.types[t] !== 'name') this.fail('tag name expected', t);
    const line = this.lines[t]!;
    const tag = this.values[t]!;
    switch (tag) {
      case 'if':
        this.next();
        return this.parseIf(line);
      case 'for':
        this.next();
        return this.parseFor(line);
      case 'set':
        this.next();
        return this.parseSet(line);
      case 'macro': {
        this.next();
        const name = this.expectName();
        const params = this.parseSignature();
        this.bodyStart();
        const { body } = this.parseBody('macro', line, ['endmacro']);
        this.skipEndName();
        return { type: 'Macro', name, params, body, line };
      }
      case 'call': {
        this.next();
        const params = this.isOp('(') ? this.parseSignature() : [];
        const call = this.parseExpression();
        if (call.type !== 'Call') this.fail('expected call', t);
        this.bodyStart();
        const { body } = this.parseBody('call', line, ['endcall']);
        this.endBlock();
        return { type: 'CallBlock', call, params, body, line };
      }
      case 'filter': {
        this.next();
        const filters = this.parseFilter(null, true);
        this.bodyStart();
        const { body } = this.parseBody('filter', line, ['endfilter']);
        this.endBlock();
        return { type: 'FilterBlock', filters, body, line };
      }
      case 'do': {
        this.next();
        const expr = this.parseTuple();
        this.endBlock();
        return { type: 'Do', expr, line };
      }
      case 'with':
        this.next();
        return this.parseWith(line);
      case 'autoescape': {
        this.next();
        this.parseExpression();
        this.bodyStart();
        const { body } = this.parseBody('autoescape', line, ['endautoescape']);
        this.endBlock();
        return { type: 'If', test: { type: 'Const', value: true, line }, body, else_: [], line };
      }
      case 'include':
        this.next();
        return this.parseInclude(line);
      case 'import': {
        this.next();
        const template = this.parseExpression();
        if (!this.skipName('as')) this.fail("expected token 'as'");
        const target = this.expectName();
        const withContext = this.parseContextFlag(false);
        this.endBlock();
        return { type: 'Import', template, target, withContext, line };
      }
      case 'from':
        this.next();
        return this.parseFrom(line);
      case 'extends': {
        this.next();
        const template = this.parseExpression();
        this.endBlock();
        return { type: 'Extends', template, line };
      }
      case 'block':
        this.next();
        return this.parseBlock(line);
      case 'break':
      case 'continue':
        this.next();
        if (!this.open.some((o) => o.tag === 'for')) this.fail(`'${tag}' outside of a loop`, t);
        this.endBlock();
        return { type: tag === 'break' ? 'Break' : 'Continue', line };
    }
    const spec = this.blockTags.get(tag);
    if (spec) {
      this.next();
      return spec.kind === 'capture' ? this.parseCaptured(spec, line) : this.parseCustomMacro(spec, line);
    }
    this.unknownTag(t);
  }

  private parseIf(line: number): Stmt {
    const test = this.parseTuple(false, false);
    this.bodyStart();
    const { body, end } = this.parseBody('if', line, ['elif', 'else', 'endif']);
    const node: Stmt = { type: 'If', test, body, else_: [], line };
    if (end === 'elif') node.else_ = [this.parseIf(this.lines[this.i - 1]!)];
    else if (end === 'else') {
      this.bodyStart();
      node.else_ = this.parseBody('if', line, ['endif']).body;
      this.endBlock();
    } else this.endBlock();
    return node;
  }

  private parseFor(line: number): Stmt {
    const at = this.i;
    const target = this.parseAssignTarget(true, ['in']);
    const bound = new Set<string>();
    targetNames(target, bound);
    if (bound.has('loop')) this.fail("Can't assign to special loop variable in for-loop target", at);
    if (!this.skipName('in')) this.fail(`expected token 'in', got '${this.describe()}'`);
    const iter = this.parseTuple(false, false, ['recursive']);
    const test = this.skipName('if') ? this.parseExpression() : null;
    const recursive = this.skipName('recursive');
    this.bodyStart();
    const inBody = { usesLoop: false };
    this.loopBodies.push(inBody);
    const { body, end } = this.parseBody('for', line, ['endfor', 'else']);
    this.loopBodies.pop();
    let else_: Stmt[] = [];
    if (end === 'else') this.bodyStart();
    else this.endBlock();
    if (end === 'else') {
      else_ = this.parseBody('for', line, ['endfor']).body;
      this.endBlock();
    }
    return { type: 'For', target, iter, body, else_, test, recursive, line, usesLoop: inBody.usesLoop };
  }

  private parseSet(line: number): Stmt {
    const target = this.parseAssignTarget(true, [], true);
    if (this.skipOp('=')) {
      const expr = this.parseTuple();
      this.endBlock();
      return { type: 'Assign', target, expr, line };
    }
    const filters = this.isOp('|') ? this.parseFilter(null) : null;
    this.bodyStart();
    const { body } = this.parseBody('set', line, ['endset']);
    this.endBlock();
    return { type: 'AssignBlock', target, filters, body, line };
  }

  private parseWith(line: number): Stmt {
    const targets: Target[] = [];
    const values: Expr[] = [];
    while (this.type !== 'block_end') {
      if (targets.length) this.expectOp(',');
      targets.push(this.parseAssignTarget());
      this.expectOp('=');
      values.push(this.parseExpression());
    }
    this.endBlock();
    const { body } = this.parseBody('with', line, ['endwith']);
    this.endBlock();
    return { type: 'With', targets, values, body, line };
  }

  private parseContextFlag(dflt: boolean): boolean {
    if ((this.isName('with') || this.isName('without')) && this.isName('context', this.peek())) {
      const v = this.values[this.next()] === 'with';
      this.next();
      return v;
    }
    return dflt;
  }

  private parseInclude(line: number): Stmt {
    const template = this.parseExpression();
    let ignoreMissing = false;
    if (this.isName('ignore') && this.isName('missing', this.peek())) {
      this.i += 2;
      ignoreMissing = true;
    }
    const withContext = this.parseContextFlag(true);
    this.endBlock();
    return { type: 'Include', template, withContext, ignoreMissing, line };
  }

  private parseFrom(line: number): Stmt {
    const template = this.parseExpression();
    if (!this.skipName('import')) this.fail("expected token 'import'");
    const names: [string, string][] = [];
    let withContext = false;
    for (;;) {
      if (names.length && !this.skipOp(',')) break;
      if (this.type !== 'name') break;
      if ((this.isName('with') || this.isName('without')) && this.isName('context', this.peek())) break;
      const name = this.values[this.next()]!;
      if (name.startsWith('_')) this.fail('names starting with an underline can not be imported');
      names.push([name, this.skipName('as') ? this.expectName() : name]);
    }
    withContext = this.parseContextFlag(false);
    if (!names.length) this.fail('expected a name to import');
    this.endBlock();
    return { type: 'FromImport', template, names, withContext, line };
  }

  private parseBlock(line: number): Stmt {
    const name = this.expectName();
    const scoped = this.skipName('scoped');
    const required = this.skipName('required');
    this.bodyStart();
    const { body } = this.parseBody('block', line, ['endblock']);
    if (this.type === 'name') {
      if (this.value !== name) this.fail(`mismatching name for endblock: expected '${name}', got '${this.value}'`);
      this.next();
    }
    this.endBlock();
    return { type: 'Block', name, body, scoped, required, line };
  }

  /** Parses `(a, b=1, ...)` macro parameters. */
  private parseSignature(): Param[] {
    const params: Param[] = [];
    this.expectOp('(');
    while (!this.isOp(')')) {
      if (params.length) {
        this.expectOp(',');
        if (this.isOp(')')) break;
      }
      const at = this.i;
      const name = this.expectName();
      if (this.skipOp('=')) params.push({ name, default: this.parseExpression() });
      else {
        if (name === 'caller') this.fail('When defining macros or call blocks the special "caller" argument must be omitted or be given a default.', at);
        if (params.some((p) => p.default)) this.fail('non-default argument follows default argument');
        params.push({ name, default: null });
      }
    }
    this.expectOp(')');
    return params;
  }

  private parseCustomMacro(spec: BlockTagSpec, line: number): Stmt {
    const name = this.expectName();
    let params: Param[] = [];
    const headerKwargs: Record<string, unknown> = {};
    if (this.isOp('(')) params = this.parseSignature();
    while (this.skipOp(',')) {
      const key = this.expectName();
      headerKwargs[key] = this.skipOp('=') ? this.constValue(this.parseExpression()) : true;
    }
    this.bodyStart();
    const end = `end${spec.tag}`;
    const { body } = this.parseBody(spec.tag, line, [end]);
    this.endBlock();
    const macroName = spec.macroName ? spec.macroName(name, headerKwargs) : `${spec.tag}_${name}`;
    return { type: 'Macro', name: macroName, params, body, line };
  }

  private constValue(e: Expr): unknown {
    switch (e.type) {
      case 'Const':
        return e.value;
      case 'List':
        return e.items.map((x) => this.constValue(x));
      case 'Tuple':
        return tuple(e.items.map((x) => this.constValue(x)));
      case 'Dict': {
        const o: Record<string, unknown> = {};
        for (const [k, v] of e.pairs) o[String(this.constValue(k))] = this.constValue(v);
        return o;
      }
      case 'Name':
        return e.name;
      default:
        this.fail('expected a constant value');
    }
  }

  private parseCaptured(spec: BlockTagSpec, line: number): Stmt {
    const name = this.expectName();
    while (this.type !== 'block_end' && this.type !== 'eof') this.next();
    const open = this.expectType('block_end');
    const end = `end${spec.tag}`;
    let depth = 0;
    for (;;) {
      const type = this.types[this.i];
      if (type === 'eof') this.fail(`Unexpected end of template. Jinja was looking for the following tags: '${end}'. The innermost block that needs to be closed is '${spec.tag}'.`, this.i, `Close the '${spec.tag}' opened on line ${line} with {% ${end} %}.`);
      if (type === 'block_begin' && this.types[this.peek()] === 'name') {
        const v = this.values[this.peek()];
        if (v === spec.tag) depth++;
        else if (v === end) {
          if (depth === 0) break;
          depth--;
        }
      }
      this.next();
    }
    const close = this.next();
    this.next();
    this.endBlock();
    const pos = this.tokens.pos;
    const openEnd = pos[open]! + this.values[open]!.length;
    const body = this.source.slice(openEnd, pos[close]);
    const bodyLine = this.lines[open]! + (this.source.slice(pos[open], openEnd).match(/\n/g)?.length ?? 0);
    return { type: 'Captured', tag: spec.tag, name, body, line, bodyLine };
  }
}
