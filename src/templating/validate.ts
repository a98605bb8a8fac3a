// Compile-time checks of a template, without building it: the errors the compilers raise
// while compiling (unknown filters and tests outside `if` branches, stray slices). Templates
// whose functions are built lazily (see environment.ts) still fail at compile time this way.
import type { CallArgs, Expr, Stmt } from './ast.js';

/** Walks a template's statements, reporting the first compile-time error through `fail`. */
export class Validator {
  private conditional = 0;

  constructor(
    private readonly filterNames: (name: string) => boolean,
    private readonly testNames: (name: string) => boolean,
    private readonly fail: (message: string, line: number) => never,
  ) {}

  /** Checks a statement list. */
  stmts(body: Stmt[]): void {
    for (const s of body) this.stmt(s);
  }

  private stmt(s: Stmt): void {
    switch (s.type) {
      case 'Output':
      case 'Do':
      case 'Assign':
        this.expr(s.expr);
        return;
      case 'If':
        this.expr(s.test);
        this.conditional++;
        this.stmts(s.body);
        this.stmts(s.else_);
        this.conditional--;
        return;
      case 'For':
        this.expr(s.iter);
        if (s.test) this.expr(s.test);
        this.stmts(s.body);
        this.stmts(s.else_);
        return;
      case 'AssignBlock':
        this.stmts(s.body);
        if (s.filters) this.expr(s.filters);
        return;
      case 'FilterBlock':
        this.stmts(s.body);
        this.expr(s.filters);
        return;
      case 'Macro':
        for (const p of s.params) if (p.default) this.expr(p.default);
        this.stmts(s.body);
        return;
      case 'CallBlock':
        for (const p of s.params) if (p.default) this.expr(p.default);
        this.stmts(s.body);
        this.expr(s.call);
        return;
      case 'With':
        for (const v of s.values) this.expr(v);
        this.stmts(s.body);
        return;
      case 'Include':
      case 'Import':
      case 'FromImport':
      case 'Extends':
        this.expr(s.template);
        return;
      case 'Block':
        this.stmts(s.body);
        return;
      case 'Data':
      case 'Break':
      case 'Continue':
      case 'Captured':
        return;
    }
  }

  private args(a: CallArgs): void {
    for (const x of a.args) this.expr(x);
    for (const [, x] of a.kwargs) this.expr(x);
    if (a.dynArgs) this.expr(a.dynArgs);
    if (a.dynKwargs) this.expr(a.dynKwargs);
  }

  private expr(e: Expr): void {
    switch (e.type) {
      case 'Const':
      case 'Name':
        return;
      case 'List':
      case 'Tuple':
        for (const x of e.items) this.expr(x);
        return;
      case 'Dict':
        for (const [k, v] of e.pairs) {
          this.expr(k);
          this.expr(v);
        }
        return;
      case 'Getattr':
        this.expr(e.obj);
        return;
      case 'Getitem':
        this.expr(e.obj);
        if (e.arg.type === 'Slice') {
          for (const x of [e.arg.start, e.arg.stop, e.arg.step]) if (x) this.expr(x);
        } else this.expr(e.arg);
        return;
      case 'Slice':
        this.fail('slice outside of a subscript', e.line);
        return;
      case 'Call':
        this.expr(e.fn);
        this.args(e);
        return;
      case 'Filter':
        if (e.node) this.expr(e.node);
        if (!this.filterNames(e.name) && !this.conditional) this.fail(`No filter named '${e.name}'.`, e.line);
        this.args(e);
        return;
      case 'Test':
        this.expr(e.node);
        if ((e.name === 'defined' || e.name === 'undefined' || e.name === 'none') && !e.args.length) return;
        if (!this.testNames(e.name) && !this.conditional) this.fail(`No test named '${e.name}'.`, e.line);
        this.args(e);
        return;
      case 'BinOp':
      case 'And':
      case 'Or':
        this.expr(e.left);
        this.expr(e.right);
        return;
      case 'Concat':
        for (const x of e.nodes) this.expr(x);
        return;
      case 'Compare':
        this.expr(e.expr);
        for (const [, x] of e.ops) this.expr(x);
        return;
      case 'Not':
      case 'Neg':
      case 'Pos':
        this.expr(e.node);
        return;
      case 'CondExpr':
        this.conditional++;
        if (e.expr2) this.expr(e.expr2);
        this.expr(e.test);
        this.expr(e.expr1);
        this.conditional--;
        return;
    }
  }
}
