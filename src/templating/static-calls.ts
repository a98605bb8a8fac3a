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
  visit(body, out);
  return out;
}

// A walk over every field, as Jinja's find_all walks every child node: it runs once per macro
// file, so unlike the compilers' walks (ast-names.ts) it needs no walk by node type. The
// parser builds each node's fields in Jinja's order (a call's function, then its arguments).
function visit(value: unknown, out: StaticCall[]): void {
  if (Array.isArray(value)) {
    for (const item of value) visit(item, out);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  // Nodes carry a type; a macro parameter ({name, default}) does not, and is walked all the same.
  const node = value as Expr;
  if (node.type === 'Const') return;
  if (node.type === 'Call') {
    const found = callOf(node);
    if (found) out.push(found);
  }
  for (const child of Object.values(node)) if (typeof child === 'object' && child !== null) visit(child, out);
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
