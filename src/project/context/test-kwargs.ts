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
      compile(`{% do ${CAPTURE}(${single[1]!.trim()}) %}`, 'native').render(st.ctx as Record<string, unknown>);
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
