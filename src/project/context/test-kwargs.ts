// The `_dbt_generic_test_kwargs` a generic test renders with: its YAML arguments, where
// strings holding Jinja (`{{ get_where_subquery(ref('orders')) }}`) or bare calls
// (`ref('customers')`) are evaluated to values, as dbt's native rendering does.
import type { Template } from '../../templating/index.js';
import type { CompiledNode } from '../types.js';
import type { RenderState } from './render-state.js';
import { generatedModelArg, NOT_GENERATED } from './generated-model-arg.js';

const LOOKS_LIKE_CALL = /^\s*(env_var|ref|var|source|doc)\s*\([\s\S]+\)\s*$/;
const SINGLE_EXPRESSION = /^\s*\{\{([\s\S]*)\}\}\s*$/;
const CAPTURE = '__reelhouse_native__';

/**
 * Evaluates a test's kwargs in the render `st`; `compile` caches small templates. With
 * `dbtWhereSubquery` (get_where_subquery is dbt's own), the `model` argument dbt generates is
 * evaluated directly: its ref() or source() called as the template would, then the `where`.
 */
export function renderTestKwargs(st: RenderState, node: CompiledNode, compile: (source: string, key: string) => Template, dbtWhereSubquery: boolean): Record<string, unknown> {
  let captured: unknown;
  // Defined on the first template evaluated: most tests' only Jinja is the generated `model`.
  let capturing = false;
  const evaluate = (text: string): unknown => {
    if (dbtWhereSubquery) {
      const value = generatedModelArg(st, text);
      if (value !== NOT_GENERATED) return value;
    }
    const native = nativeForm(text);
    if (native) {
      if (!capturing) {
        capturing = true;
        Object.defineProperty(st.ctx, CAPTURE, {
          value: (v: unknown) => {
            captured = v;
            return '';
          },
        });
      }
      captured = undefined;
      let template: Template;
      try {
        template = compile(native.source, 'native');
      } catch {
        // A syntax error is reported against the expression as the user wrote it.
        template = compile(native.asWritten, 'native');
      }
      const literals = native.literals;
      for (let i = 0; i < literals.length; i++) setLiteral(st, i, literals[i]!);
      template.render(st.ctx as Record<string, unknown>);
      return captured;
    }
    return compile(text, 'text').render(st.ctx as Record<string, unknown>);
  };
  const convert = (value: unknown, asIs: boolean): unknown => {
    if (typeof value === 'string') {
      if (asIs) return value;
      const text = LOOKS_LIKE_CALL.test(value) ? `{{ ${value} }}` : value;
      return text.includes('{{') || text.includes('{%') ? evaluate(text) : value;
    }
    if (Array.isArray(value)) return value.map((v) => convert(v, false));
    // A mapping is walked; a float or a date YAML read is a value of its own.
    if (value && typeof value === 'object' && isPlainObject(value)) return convertEntries(value as Record<string, unknown>, false);
    return value;
  };
  // Own enumerable keys in order, as Object.fromEntries(Object.entries(...)) builds them.
  const convertEntries = (value: Record<string, unknown>, topLevel: boolean): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      // The top-level column_name is passed as written.
      const converted = convert(value[key], topLevel && key === 'column_name');
      if (key === '__proto__') Object.defineProperty(out, key, { value: converted, writable: true, enumerable: true, configurable: true });
      else out[key] = converted;
    }
    return out;
  };
  const kwargs: unknown = node.test_metadata?.kwargs ?? {};
  if (kwargs && typeof kwargs === 'object' && !Array.isArray(kwargs)) return convertEntries(kwargs as Record<string, unknown>, true);
  return convert(kwargs, false) as Record<string, unknown>;
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** How a single `{{ expression }}` is evaluated to a value: a `do` of the capture function. */
interface NativeForm {
  /** The template source with plain string literals lifted out (shared by tests that differ only in names). */
  source: string;
  /** The template source with the expression as written (for its syntax error). */
  asWritten: string;
  literals: string[];
}

// Each test's kwargs are evaluated at parse and again at execution, and a model's tests share
// their `model` text: the lifted form is worked out once per text. (Bounded: cleared when full.)
const nativeForms = new Map<string, NativeForm | null>();
const NATIVE_FORMS_LIMIT = 50_000;

function nativeForm(text: string): NativeForm | null {
  let form = nativeForms.get(text);
  if (form !== undefined) return form;
  form = null;
  const single = SINGLE_EXPRESSION.exec(text);
  if (single && !single[1]!.includes('}}') && !single[1]!.includes('{{')) {
    const expr = single[1]!.trim();
    const { shape, literals } = hoistLiterals(expr);
    form = { source: `{% do ${CAPTURE}(${shape}) %}`, asWritten: `{% do ${CAPTURE}(${expr}) %}`, literals };
  }
  if (nativeForms.size >= NATIVE_FORMS_LIMIT) nativeForms.clear();
  nativeForms.set(text, form);
  return form;
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

// The names `__reelhouse_literal_<i>`, made once each.
const literalNames: string[] = [];

function setLiteral(st: RenderState, index: number, value: string): void {
  const name = (literalNames[index] ??= `${LITERAL}${index}`);
  if (Object.hasOwn(st.ctx, name)) st.ctx[name] = value;
  else Object.defineProperty(st.ctx, name, { value, writable: true, configurable: true, enumerable: false });
}
