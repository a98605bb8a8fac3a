// dbt writes the `model` argument of every generic test itself, as
// `{{ get_where_subquery(ref('orders')) }}` (`ref('orders', version='2')` for a pinned version,
// `source('shop', 'orders')` for a source's tests). When get_where_subquery is dbt's own, that
// text is read here and evaluated without compiling or rendering a template: a project's tens
// of thousands of tests each have one.
import { Kwargs } from '../../templating/index.js';
import { manifestMacroPackage } from './adapter-package.js';
import { whereSubquery } from './dbt-test-sql.js';
import { GLOBAL_PACKAGE } from './macro-registry.js';
import type { RenderState } from './render-state.js';

/** What generatedModelArg returns for a text that is not dbt's generated form. */
export const NOT_GENERATED: unique symbol = Symbol('not generated');

const PREFIX = '{{ get_where_subquery(';
const SUFFIX = "')) }}";
const REF = "ref('";
const SOURCE = "source('";
const VERSION = "', version='";
const BETWEEN = "', '";

// Made on first use: the package it is listed under is read from the built-in macro files.
let getWhereSubqueryId: string | undefined;

/**
 * The value `text` evaluates to in render `st`, when it is the `model` argument dbt generates and
 * get_where_subquery is dbt's own: the context's ref() or source() called as the template calls
 * it, then dbt's default__get_where_subquery. NOT_GENERATED for any other text.
 */
export function generatedModelArg(st: RenderState, text: string): unknown {
  if (!text.startsWith(PREFIX) || !text.endsWith(SUFFIX)) return NOT_GENERATED;
  const fn = text.startsWith(REF, PREFIX.length) ? 'ref' : text.startsWith(SOURCE, PREFIX.length) ? 'source' : null;
  if (fn === null) return NOT_GENERATED;
  const inner = text.slice(PREFIX.length + (fn === 'ref' ? REF.length : SOURCE.length), text.length - SUFFIX.length);
  const args = callArgs(fn, inner);
  const callee = st.ctx[fn];
  // A project's own ref or source macro is left to the template, which reports its errors as its own.
  if (args === null || typeof callee !== 'function' || 'macroName' in callee) return NOT_GENERATED;
  const relation = (callee as (...a: unknown[]) => unknown)(...args);
  // A parse or compile records the macros a node's code calls: the test's arguments call this one.
  if (st.tracksCalls) st.usedMacros.add((getWhereSubqueryId ??= `macro.${manifestMacroPackage(GLOBAL_PACKAGE, 'get_where_subquery')}.get_where_subquery`));
  return whereSubquery(st, relation);
}

/** The arguments of `ref('<inner>')` or `source('<inner>')` (inner without its outer quotes), or null if not the generated form. */
function callArgs(fn: 'ref' | 'source', inner: string): unknown[] | null {
  if (fn === 'source') {
    const at = inner.indexOf(BETWEEN);
    if (at < 0) return null;
    const sourceName = inner.slice(0, at);
    const table = inner.slice(at + BETWEEN.length);
    return plain(sourceName) && plain(table) ? [sourceName, table] : null;
  }
  if (plain(inner)) return [inner];
  const at = inner.indexOf(VERSION);
  if (at < 0) return null;
  const name = inner.slice(0, at);
  const version = inner.slice(at + VERSION.length);
  // As the template passes a keyword argument: a Kwargs last.
  return plain(name) && plain(version) ? [name, new Kwargs({ version })] : null;
}

// The inside of a quoted name that means just its characters: no quote ends it, no escape or
// line break (anything unusual is left to the template, which has the final word on it).
function plain(s: string): boolean {
  return !s.includes("'") && !s.includes('\\') && !s.includes('\n') && !s.includes('\r');
}
