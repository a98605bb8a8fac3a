// Renders the Jinja inside YAML values (profiles.yml, dbt_project.yml, property files) the
// way dbt does: only strings that contain Jinja are rendered, and the result is read back
// as a Python literal (dbt renders these files with Jinja's native mode), so
// "{{ env_var('THREADS') | int }}" gives a number and "{{ target.name == 'prod' }}" a boolean.
import { userError, isReelhouseError, type SourceLocation } from '../../core/diagnostic.js';

/** The values a YAML string can see while rendering: env_var, var, target, ... */
export type RenderContext = Record<string, unknown>;

/** The part of the templating engine this module needs. */
interface TemplatingModule {
  Environment: new () => { renderString(source: string, context: Record<string, unknown>): string };
  toPlain(value: unknown): unknown;
  pyStr(value: unknown): string;
}

let engine: TemplatingModule | null | undefined;
/** dbt's filters (as_text, as_bool, as_number, as_native), which YAML values may use too. */
let dbtJinja: { registerDbtJinja(env: never): void } | null = null;
let env: { renderString(source: string, context: Record<string, unknown>): string } | undefined;

/** Loads the Jinja engine once; the project layer sits above templating, so this is an allowed import. */
export async function prepareRenderer(): Promise<void> {
  if (engine !== undefined) return;
  const specifier = '../../templating/index.js';
  try {
    engine = (await import(specifier)) as TemplatingModule;
    dbtJinja = (await import('../context/jinja-setup.js')) as unknown as { registerDbtJinja(env: never): void };
  } catch {
    engine = null;
  }
}

/** True when a string holds Jinja that must be rendered. */
export function hasJinja(s: string): boolean {
  return s.includes('{{') || s.includes('{%');
}

/** Renders one YAML string value; errors point at the YAML file and line. */
export function renderYamlString(text: string, context: RenderContext, where: SourceLocation): unknown {
  if (!hasJinja(text)) return text;
  const native = nativeValue(text, context);
  if (native) return native.value;
  let out: string;
  try {
    out = renderText(text, context);
  } catch (error) {
    const message = isReelhouseError(error) ? error.diagnostic.message : error instanceof Error ? error.message : String(error);
    const code = isReelhouseError(error) && error.diagnostic.code.startsWith('env-var') ? error.diagnostic.code : 'yaml-render';
    throw userError(code, `Could not render '${text}': ${message}`, where, 'Fix the Jinja in this value, or set the environment variable or var it needs.', error);
  }
  return pythonLiteral(out);
}

/**
 * A value that is one Jinja expression and nothing else (`"{{ var('tags') }}"`) is, in dbt's
 * native rendering, the expression's own value: a list or a mapping stays one (tags, grants'
 * roles, a meta dict from a var), where its printed text would be a single string. A text,
 * number, boolean or None is read as the text path reads its printed form, without rendering
 * it a second time. Undefined when the expression is not alone or gives anything else (an
 * undefined name, an error): the text path then renders it and reports as it does.
 */
function nativeValue(text: string, context: RenderContext): { value: unknown } | undefined {
  if (!engine || !text.startsWith('{{') || !text.endsWith('}}') || text.includes('{%') || text.includes('{#')) return undefined;
  const inner = text.slice(2, -2).replace(/^-/u, '').replace(/-$/u, '');
  if (inner.includes('{{')) return undefined;
  let value: unknown;
  let seen = false;
  const keep = (v: unknown): string => ((value = v), (seen = true), '');
  try {
    renderText(`{% do __native_value__(${inner}) %}`, { ...context, __native_value__: keep });
  } catch {
    return undefined;
  }
  if (!seen) return undefined;
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return { value: pythonLiteral(engine.pyStr(value)) };
  const plain = engine.toPlain(value);
  return Array.isArray(plain) || (typeof plain === 'object' && plain !== null && isPlainObject(plain)) ? { value: plain } : undefined;
}

/** Renders a text template (a description) as text, not as a native value; errors are thrown as the engine raises them. */
export function renderText(text: string, context: RenderContext): string {
  if (!hasJinja(text)) return text;
  if (engine && !env) {
    env = new engine.Environment();
    dbtJinja?.registerDbtJinja(env as never);
  }
  return env ? env.renderString(text, context) : renderSimple(text, context);
}

/** Renders every string in a YAML value tree; `skip` says which key paths stay unrendered. */
export function renderTree(
  value: unknown,
  context: RenderContext,
  where: (path: readonly string[]) => SourceLocation,
  skip: (path: readonly string[]) => boolean = () => false,
  path: string[] = [],
): unknown {
  if (skip(path)) return value;
  if (typeof value === 'string') return renderYamlString(value, context, where(path));
  if (Array.isArray(value)) return value.map((v, i) => renderTree(v, context, where, skip, [...path, String(i)]));
  // A class instance (a date or float read from YAML) is a value, not a mapping to walk.
  if (value && typeof value === 'object' && isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = renderTree(v, context, where, skip, [...path, k]);
    return out;
  }
  return value;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === Object.prototype || proto === null;
}

/** Python's literal_eval for the simple results native rendering produces; other text stays text. */
export function pythonLiteral(s: string): unknown {
  const t = s.trim();
  if (t === 'True') return true;
  if (t === 'False') return false;
  if (t === 'None') return null;
  if (/^[+-]?\d+$/.test(t)) {
    const n = Number(t);
    if (Number.isSafeInteger(n)) return n;
  }
  if (/^[+-]?(\d+\.\d*|\.\d+|\d+(\.\d*)?[eE][+-]?\d+)$/.test(t)) return Number(t);
  return s;
}

/**
 * A fallback for the plain `{{ env_var('X', 'default') }}` and `{{ var('x') }}` forms, used only
 * when the Jinja engine cannot be loaded.
 */
function renderSimple(text: string, context: RenderContext): string {
  return text.replace(/\{\{-?\s*(env_var|var)\(\s*(['"])(.*?)\2\s*(?:,\s*(['"])(.*?)\4\s*)?\)\s*(\|\s*(int|string|as_number|as_text|as_bool|trim)\s*)?-?\}\}/g, (whole, fn: string, _q, name: string, _q2, dflt: string | undefined) => {
    const f = context[fn] as ((...args: unknown[]) => unknown) | undefined;
    if (typeof f !== 'function') return whole;
    const v = dflt === undefined ? f(name) : f(name, dflt);
    return v === null || v === undefined ? 'None' : String(v);
  });
}
