// dbt's additions to a Jinja environment: its block tags and its filters.
import type { Environment } from '../../templating/index.js';
import { pyStr, toPlain } from '../../templating/index.js';

/** Registers dbt's block tags (test, materialization, snapshot, docs) and filters on an environment. */
export function registerDbtJinja(env: Environment): void {
  // `{% test not_null(model, column_name) %}` defines the macro `test_not_null`.
  env.addBlockTag({ tag: 'test', kind: 'macro', macroName: (name) => `test_${name}` });
  // `{% materialization table, adapter='duckdb' %}` defines `materialization_table_duckdb`.
  env.addBlockTag({
    tag: 'materialization',
    kind: 'macro',
    macroName: (name, headerKwargs) => {
      const adapter = (headerKwargs as Record<string, unknown> | undefined)?.['adapter'];
      return `materialization_${name}_${typeof adapter === 'string' ? adapter : 'default'}`;
    },
  });
  env.addBlockTag({ tag: 'snapshot', kind: 'capture' });
  env.addBlockTag({ tag: 'docs', kind: 'capture' });
  env.addBlockTag({ tag: 'data_test', kind: 'macro', macroName: (name) => `test_${name}` });

  // dbt's type-coercing filters (used mostly in YAML configs rendered natively).
  env.addFilter('as_text', (value: unknown) => (typeof value === 'string' ? value : pyStr(value)));
  env.addFilter('as_bool', (value: unknown) => coerceBool(value));
  env.addFilter('as_number', (value: unknown) => coerceNumber(value));
  env.addFilter('as_native', (value: unknown) => coerceNative(value));
  // dbt's snapshot helpers branch on `unique_key | is_list`.
  env.addFilter('is_list', (value: unknown) => Array.isArray(value));
}

function coerceBool(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const t = value.trim().toLowerCase();
  if (t === 'true') return true;
  if (t === 'false') return false;
  return value;
}

function coerceNumber(value: unknown): unknown {
  if (typeof value !== 'string' || value.trim() === '') return value;
  const n = Number(value.trim());
  return Number.isNaN(n) ? value : n;
}

function coerceNative(value: unknown): unknown {
  if (typeof value !== 'string') return toPlain(value);
  const t = value.trim();
  if (t === 'True') return true;
  if (t === 'False') return false;
  if (t === 'None') return null;
  const n = coerceNumber(t);
  if (typeof n === 'number') return n;
  try {
    if (t.startsWith('[') || t.startsWith('{')) return JSON.parse(t.replace(/'/g, '"'));
  } catch {
    // not a literal: keep the text
  }
  return value;
}
