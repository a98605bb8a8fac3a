// Reads a template's config() call without rendering it: dbt's "unrendered" config of a SQL file.
//
// dbt records, for each keyword argument of the first config(...) call in a file, the argument
// as written rather than its value: an expression (env_var('X'), var('y') or a comparison) is
// kept as its source text, so a value that differs between two runs of the same code does not
// count as a change; a literal (a string, number, boolean, none, or a list/dict of literals) is
// kept as its value. The text is rebuilt from the syntax tree the way dbt prints Jinja nodes:
// strings in Python quoting, constants as True/False/None.
import type { Expr, Stmt, TemplateAst } from './ast.js';
import { pyRepr } from './values.js';
import { toPlain } from './to-plain.js';

type Node = Expr | Stmt;

/** The keyword arguments of a config() call as written: literal values, and expressions as text. */
export interface WrittenConfigCall {
  /** Each literal argument's value (a string, number, boolean, null, or list/dict of those). */
  literals: Record<string, unknown>;
  /** Each other argument's source-like text, e.g. `env_var('X')`. */
  expressions: Record<string, string>;
}

/** The keyword arguments of the first `config(...)` call in a parsed template; null when there is no such call. */
export function unrenderedConfigCall(ast: TemplateAst): WrittenConfigCall | null {
  const call = firstConfigCall(ast.body);
  if (call === null) return null;
  const out: WrittenConfigCall = { literals: {}, expressions: {} };
  for (const [key, value] of call.kwargs) {
    if (isLiteral(value)) out.literals[key] = toPlain(literalValue(value));
    else out.expressions[key] = exprText(value);
  }
  return out;
}

type CallNode = Extract<Expr, { type: 'Call' }>;

// Depth first, parents before children, in field order: the call Jinja's find_all meets first.
function firstConfigCall(nodes: readonly unknown[]): CallNode | null {
  for (const n of nodes) {
    const found = visit(n);
    if (found !== null) return found;
  }
  return null;
}

function visit(value: unknown): CallNode | null {
  if (Array.isArray(value)) return firstConfigCall(value);
  if (typeof value !== 'object' || value === null || !('type' in value)) return null;
  const node = value as Node;
  if (node.type === 'Call' && node.fn.type === 'Name' && node.fn.name === 'config') return node;
  if (node.type === 'Const') return null;
  for (const child of Object.values(node)) {
    if (typeof child !== 'object' || child === null) continue;
    const found = visit(child);
    if (found !== null) return found;
  }
  return null;
}

function isLiteral(e: Expr): boolean {
  if (e.type === 'Const') return true;
  if (e.type === 'List') return e.items.every(isLiteral);
  if (e.type === 'Dict') return e.pairs.every(([k, v]) => k.type === 'Const' && typeof k.value === 'string' && isLiteral(v));
  return false;
}

function literalValue(e: Expr): unknown {
  if (e.type === 'Const') return e.value;
  if (e.type === 'List') return e.items.map(literalValue);
  if (e.type === 'Dict') return Object.fromEntries(e.pairs.map(([k, v]) => [literalValue(k) as string, literalValue(v)]));
  return null;
}

const COMPARE_TEXT: Record<string, string> = { notin: 'not in' };

function callArgsText(e: { args: Expr[]; kwargs: [string, Expr][]; dynArgs: Expr | null; dynKwargs: Expr | null }): string[] {
  const parts = e.args.map(exprText);
  for (const [k, v] of e.kwargs) parts.push(`${k}=${exprText(v)}`);
  if (e.dynArgs !== null) parts.push(`*${exprText(e.dynArgs)}`);
  if (e.dynKwargs !== null) parts.push(`**${exprText(e.dynKwargs)}`);
  return parts;
}

/** An expression as source-like text (Python quoting for strings, True/False/None). */
export function exprText(e: Expr): string {
  switch (e.type) {
    case 'Const':
      return pyRepr(e.value);
    case 'Name':
      return e.name;
    case 'Call':
      return `${exprText(e.fn)}(${callArgsText(e).join(', ')})`;
    case 'List':
      return `[${e.items.map(exprText).join(', ')}]`;
    case 'Tuple':
      return e.items.length === 1 ? `(${exprText(e.items[0]!)},)` : `(${e.items.map(exprText).join(', ')})`;
    case 'Dict':
      return `{${e.pairs.map(([k, v]) => `${exprText(k)}: ${exprText(v)}`).join(', ')}}`;
    case 'Getattr':
      return `${exprText(e.obj)}.${e.attr}`;
    case 'Getitem':
      return `${exprText(e.obj)}[${exprText(e.arg)}]`;
    case 'Slice':
      return `${e.start ? exprText(e.start) : ''}:${e.stop ? exprText(e.stop) : ''}${e.step ? `:${exprText(e.step)}` : ''}`;
    case 'Concat':
      return e.nodes.map(exprText).join(' ~ ');
    case 'Compare':
      return [exprText(e.expr), ...e.ops.map(([op, x]) => `${COMPARE_TEXT[op] ?? op} ${exprText(x)}`)].join(' ');
    case 'Not':
      return `not ${exprText(e.node)}`;
    case 'Neg':
      return `-${exprText(e.node)}`;
    case 'Pos':
      return `+${exprText(e.node)}`;
    case 'And':
      return `${exprText(e.left)} and ${exprText(e.right)}`;
    case 'Or':
      return `${exprText(e.left)} or ${exprText(e.right)}`;
    case 'BinOp':
      return `${exprText(e.left)} ${e.op} ${exprText(e.right)}`;
    case 'Filter': {
      const args = callArgsText(e);
      return `${e.node ? exprText(e.node) : ''}|${e.name}${args.length > 0 ? `(${args.join(', ')})` : ''}`;
    }
    case 'Test': {
      const args = callArgsText(e);
      return `${exprText(e.node)} is ${e.name}${args.length > 0 ? `(${args.join(', ')})` : ''}`;
    }
    case 'CondExpr':
      return `${exprText(e.expr1)} if ${exprText(e.test)}${e.expr2 ? ` else ${exprText(e.expr2)}` : ''}`;
  }
}
