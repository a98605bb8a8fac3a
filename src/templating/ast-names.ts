// Which names a piece of a template reads: the compilers ask it of loop bodies (`loop`) and
// macro bodies (`caller`, `varargs`, `kwargs`) to skip what a template does not use.
import type { CallArgs, Expr, Param, Stmt, Target } from './ast.js';

/** Collects the names an assignment target binds. */
export function targetNames(t: Target, out: Set<string>): void {
  if (t.type === 'Name') out.add(t.name);
  else if (t.type === 'Tuple') for (const x of t.items) targetNames(x, out);
}

// A walk by node type: every loop and macro body is searched when compiled, and a generic
// walk over object keys was among the costliest steps of compiling a model.
function stmtNames(body: readonly Stmt[], out: Set<string>): void {
  for (const s of body) {
    switch (s.type) {
      case 'Output':
      case 'Do':
        exprNames(s.expr, out);
        break;
      case 'If':
        exprNames(s.test, out);
        stmtNames(s.body, out);
        stmtNames(s.else_, out);
        break;
      case 'For':
        targetNames(s.target, out);
        exprNames(s.iter, out);
        stmtNames(s.body, out);
        stmtNames(s.else_, out);
        if (s.test) exprNames(s.test, out);
        break;
      case 'Assign':
        targetNames(s.target, out);
        exprNames(s.expr, out);
        break;
      case 'AssignBlock':
        targetNames(s.target, out);
        if (s.filters) exprNames(s.filters, out);
        stmtNames(s.body, out);
        break;
      case 'Macro':
        for (const p of s.params) if (p.default) exprNames(p.default, out);
        stmtNames(s.body, out);
        break;
      case 'CallBlock':
        exprNames(s.call, out);
        for (const p of s.params) if (p.default) exprNames(p.default, out);
        stmtNames(s.body, out);
        break;
      case 'FilterBlock':
        exprNames(s.filters, out);
        stmtNames(s.body, out);
        break;
      case 'With':
        for (const t of s.targets) targetNames(t, out);
        for (const v of s.values) exprNames(v, out);
        stmtNames(s.body, out);
        break;
      case 'Include':
      case 'Import':
      case 'FromImport':
      case 'Extends':
        exprNames(s.template, out);
        break;
      case 'Block':
        stmtNames(s.body, out);
        break;
      case 'Data':
      case 'Break':
      case 'Continue':
      case 'Captured':
        break;
    }
  }
}

function argNames(a: CallArgs, out: Set<string>): void {
  for (const x of a.args) exprNames(x, out);
  for (const kv of a.kwargs) exprNames(kv[1], out);
  if (a.dynArgs) exprNames(a.dynArgs, out);
  if (a.dynKwargs) exprNames(a.dynKwargs, out);
}

function exprNames(e: Expr, out: Set<string>): void {
  switch (e.type) {
    case 'Name':
      out.add(e.name);
      return;
    case 'Const':
      return;
    case 'List':
    case 'Tuple':
      for (const x of e.items) exprNames(x, out);
      return;
    case 'Dict':
      for (const [k, v] of e.pairs) {
        exprNames(k, out);
        exprNames(v, out);
      }
      return;
    case 'Getattr':
      exprNames(e.obj, out);
      return;
    case 'Getitem':
      exprNames(e.obj, out);
      exprNames(e.arg, out);
      return;
    case 'Slice':
      if (e.start) exprNames(e.start, out);
      if (e.stop) exprNames(e.stop, out);
      if (e.step) exprNames(e.step, out);
      return;
    case 'Call':
      exprNames(e.fn, out);
      argNames(e, out);
      return;
    case 'Filter':
      if (e.node) exprNames(e.node, out);
      argNames(e, out);
      return;
    case 'Test':
      exprNames(e.node, out);
      argNames(e, out);
      return;
    case 'BinOp':
    case 'And':
    case 'Or':
      exprNames(e.left, out);
      exprNames(e.right, out);
      return;
    case 'Concat':
      for (const x of e.nodes) exprNames(x, out);
      return;
    case 'Compare':
      exprNames(e.expr, out);
      for (const op of e.ops) exprNames(op[1], out);
      return;
    case 'Not':
    case 'Neg':
    case 'Pos':
      exprNames(e.node, out);
      return;
    case 'CondExpr':
      exprNames(e.test, out);
      exprNames(e.expr1, out);
      if (e.expr2) exprNames(e.expr2, out);
      return;
    default:
      // an internal node (the code generator's Raw): no names
      return;
  }
}

/** The names read anywhere in the statements (conservative: assignment targets count too). */
export function namesIn(body: readonly Stmt[]): Set<string> {
  const names = new Set<string>();
  stmtNames(body, names);
  return names;
}

/** True when a name is read anywhere in the statements. */
export function mentions(body: readonly Stmt[], name: string): boolean {
  return namesIn(body).has(name);
}

/**
 * True when a macro parameter's default reads that parameter or a later one: Jinja2 binds every
 * passed argument before it evaluates any default, so such a default sees a later argument
 * passed by keyword (and an undefined value for one not passed).
 */
export function defaultsReadLaterParams(params: readonly Param[]): boolean {
  for (let i = 0; i < params.length; i++) {
    const d = params[i]!.default;
    if (d === null) continue;
    const names = new Set<string>();
    exprNames(d, names);
    for (let j = i; j < params.length; j++) if (names.has(params[j]!.name)) return true;
  }
  return false;
}

/** True when a `{% break %}` or `{% continue %}` in the statements acts on the loop around them (not on a loop inside them). */
export function loopControlIn(body: readonly Stmt[]): boolean {
  for (const s of body) {
    switch (s.type) {
      case 'Break':
      case 'Continue':
        return true;
      case 'If':
        if (loopControlIn(s.body) || loopControlIn(s.else_)) return true;
        break;
      case 'For':
        // the loop's own body has its own break and continue; its else belongs to the outer loop
        if (loopControlIn(s.else_)) return true;
        break;
      case 'With':
      case 'AssignBlock':
      case 'FilterBlock':
        if (loopControlIn(s.body)) return true;
        break;
    }
  }
  return false;
}
