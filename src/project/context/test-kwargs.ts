// The `_dbt_generic_test_kwargs` a generic test renders with: its YAML arguments, where
// strings holding Jinja (`{{ get_where_subquery(ref('orders')) }}`) or bare calls
// (`ref('customers')`) are evaluated to values, as dbt's native rendering does.
import type { Template } from '../../templating/index.js';
import type { CompiledNode } from '../types.js';
import type { RenderState } from './render-state.js';

const LOOKS_LIKE_CALL = /^\s*(env_var|ref|var|source|doc)\s*\([\s\S]+\)\s*$/;
const SINGLE_EXPRESSION = /^\s*\{\{([\s\S]*)\}\}\s*$/;
const CAPTURE = '__reelhouse_native__';

/** Evaluates a test's kwargs in the render `st`; `compile` caches small templates. */
export function renderTestKwargs(st: RenderState, node: CompiledNode, compile: (source: string, key: string) => Template): Record<string, unknown> {
  let captured: unknown;
  Object.defineProperty(st.ctx, CAPTURE, {
    value: (v: unknown) => {
      captured = v;
      return '';
    },
  });
  const evaluate = (text: string): unknown => {
    const single = SINGLE_EXPRESSION.exec(text);
    if (single && !single[1]!.includes('}}') && !single[1]!.includes('{{')) {
      captured = undefined;
      const expr = single[1]!.trim();
      const { shape, literals } = hoistLiterals(expr);
      let template: Template;
      try {
        template = compile(`{% do ${CAPTURE}(${shape}) %}`, 'native');
      } catch {
        // A syntax error is reported against the expression as the user wrote it.
        template = compile(`{% do ${CAPTURE}(${expr}) %}`, 'native');
      }
      literals.forEach((value, i) => setLiteral(st, i, value));
      template.render(st.ctx as Record<string, unknown>);
      return captured;
    }
    return compile(text, 'text').render(st.ctx as Record<string, unknown>);
  };
  const convert = (value: unknown, path: string[]): unknown => {
    if (typeof value === 'string') {
      if (path.length === 1 && path[0] === 'column_name') return value;
      const text = LOOKS_LIKE_CALL.test(value) ? `{{ ${value} }}` : value;
      return text.includes('{{') || text.includes('{%') ? evaluate(text) : value;
    }
    if (Array.isArray(value)) return value.map((v, i) => convert(v, [...path, String(i)]));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, [...path, k])]));
    }
    return value;
  };
  return convert(node.test_metadata?.kwargs ?? {}, []) as Record<string, unknown>;
}

const LITERAL = '__reelhouse_literal_';
const SIMPLE_STRING = /'([^'\\\n]*)'|"([^"\\\n]*)"/g;
const ADJACENT_STRINGS = /['"]\s*['"]/;

/**
 * `get_where_subquery(ref('orders'))` as `get_where_subquery(ref(__reelhouse_literal_0))` with
 * 'orders' beside it: thousands of tests differ only in such names, and one compiled template
 * then serves them all. Only plain quoted strings are lifted; anything less simple (escapes,
 * adjacent literals that Jinja concatenates) keeps the expression as written.
 */
function hoistLiterals(expr: string): { shape: string; literals: string[] } {
  if (expr.includes('\\') || ADJACENT_STRINGS.test(expr)) return { shape: expr, literals: [] };
  const literals: string[] = [];
  const shape = expr.replace(SIMPLE_STRING, (_m, single: string | undefined, double: string | undefined) => {
    literals.push(single ?? double ?? '');
    return `${LITERAL}${literals.length - 1}`;
  });
  // A quote left over means a string this scan did not understand: compile the expression as is.
  if (shape.includes("'") || shape.includes('"')) return { shape: expr, literals: [] };
  return { shape, literals };
}

function setLiteral(st: RenderState, index: number, value: string): void {
  const name = `${LITERAL}${index}`;
  if (Object.hasOwn(st.ctx, name)) st.ctx[name] = value;
  else Object.defineProperty(st.ctx, name, { value, writable: true, configurable: true, enumerable: false });
}
