// The calls a template makes, read from its syntax tree without running it (as Jinja's
// find_all(Call)): for each call of a name or of `a.b`, the dotted name and its constant string
// arguments. Static analysis for hosts (which macros a macro may call); rendering does not use it.
import type { Expr, Stmt } from './ast.js';

/** One call found in a template: `name(...)` or `obj.attr(...)`, with its constant string arguments. */
export interface StaticCall {
  /** ['name'] or ['obj', 'attr']. */
  readonly path: readonly string[];
  /** Positional arguments: the string of a constant, null for anything else. */
  readonly args: readonly (string | null)[];
  /** Keyword arguments likewise. */
  readonly kwargs: Readonly<Record<string, string | null>>;
}

/** The calls in `body`, in the order Jinja's find_all(Call) meets them (a call before its arguments). */
export function staticCalls(body: readonly Stmt[]): StaticCall[] {
  const out: StaticCall[] = [];
  const expr = (e: Expr | null | undefined): void => {
    if (!e) return;
    switch (e.type) {
      case 'Call': {
        const found = callOf(e);
        if (found) out.push(found);
        expr(e.fn);
        for (const a of e.args) expr(a);
        for (const [, v] of e.kwargs) expr(v);
        expr(e.dynArgs);
        expr(e.dynKwargs);
        return;
      }
      case 'Filter':
        expr(e.node);
        for (const a of e.args) expr(a);
        for (const [, v] of e.kwargs) expr(v);
        return;
      case 'Test':
        expr(e.node);
        for (const a of e.args) expr(a);
        for (const [, v] of e.kwargs) expr(v);
        return;
      case 'List':
      case 'Tuple':
        for (const item of e.items) expr(item);
        return;
      case 'Dict':
        for (const [k, v] of e.pairs) {
          expr(k);
          expr(v);
        }
        return;
      case 'Getattr':
        expr(e.obj);
        return;
      case 'Getitem':
        expr(e.obj);
        expr(e.arg);
        return;
      case 'Slice':
        expr(e.start);
        expr(e.stop);
        expr(e.step);
        return;
      case 'BinOp':
      case 'And':
      case 'Or':
        expr(e.left);
        expr(e.right);
        return;
      case 'Concat':
        for (const n of e.nodes) expr(n);
        return;
      case 'Compare':
        expr(e.expr);
        for (const [, v] of e.ops) expr(v);
        return;
      case 'Not':
      case 'Neg':
      case 'Pos':
        expr(e.node);
        return;
      case 'CondExpr':
        expr(e.test);
        expr(e.expr1);
        expr(e.expr2);
        return;
      default:
        return;
    }
  };
  const stmts = (list: readonly Stmt[]): void => {
    for (const s of list) stmt(s);
  };
  const stmt = (s: Stmt): void => {
    switch (s.type) {
      case 'Output':
      case 'Do':
        expr(s.expr);
        return;
      case 'If':
        expr(s.test);
        stmts(s.body);
        stmts(s.else_);
        return;
      case 'For':
        expr(s.iter);
        stmts(s.body);
        stmts(s.else_);
        expr(s.test);
        return;
      case 'Assign':
        expr(s.expr);
        return;
      case 'AssignBlock':
        stmts(s.body);
        expr(s.filters);
        return;
      case 'Macro':
        for (const p of s.params) expr(p.default);
        stmts(s.body);
        return;
      case 'CallBlock':
        expr(s.call);
        for (const p of s.params) expr(p.default);
        stmts(s.body);
        return;
      case 'FilterBlock':
        stmts(s.body);
        expr(s.filters);
        return;
      case 'With':
        for (const v of s.values) expr(v);
        stmts(s.body);
        return;
      case 'Block':
        stmts(s.body);
        return;
      default:
        return;
    }
  };
  stmts(body);
  return out;
}


function callOf(call: Extract<Expr, { type: 'Call' }>): StaticCall | null {
  const fn = call.fn;
  const path = fn.type === 'Name' ? [fn.name] : fn.type === 'Getattr' && fn.obj.type === 'Name' ? [fn.obj.name, fn.attr] : null;
  if (path === null) return null;
  const constant = (e: Expr): string | null => (e.type === 'Const' && typeof e.value === 'string' ? e.value : null);
  const kwargs: Record<string, string | null> = {};
  for (const [key, value] of call.kwargs) kwargs[key] = constant(value);
  return { path, args: call.args.map(constant), kwargs };
}
