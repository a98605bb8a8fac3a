// manifest.json members of a model that the loader keeps as written in YAML: its model-level
// constraints and its deprecation date, in the shapes dbt's ModelNode writes them.

type Json = Record<string, unknown>;

const CONSTRAINT_TYPES = new Set(['check', 'not_null', 'unique', 'primary_key', 'foreign_key', 'custom']);

/** Model-level constraints as dbt's ModelLevelConstraint (a column constraint's members plus `columns`). */
export function modelConstraintsJson(constraints: unknown[] | undefined): Json[] {
  if (!constraints || constraints.length === 0) return [];
  return constraints
    .map((c) => (c ?? {}) as { type?: string; name?: string | null; expression?: string | null; warn_unenforced?: boolean; warn_unsupported?: boolean; to?: string | null; to_columns?: string[]; columns?: string[] })
    .filter((c) => c.type !== undefined && CONSTRAINT_TYPES.has(c.type))
    .map((c) => ({
      type: c.type,
      name: c.name ?? null,
      expression: c.expression ?? null,
      warn_unenforced: c.warn_unenforced !== false,
      warn_unsupported: c.warn_unsupported !== false,
      to: c.to ?? null,
      to_columns: Array.isArray(c.to_columns) ? c.to_columns.map(String) : [],
      columns: Array.isArray(c.columns) ? c.columns.map(String) : [],
    }));
}

/**
 * A deprecation date as dbt writes its datetime: a date alone is midnight UTC
 * (`2030-01-01` is `2030-01-01T00:00:00+00:00`); a time already written is kept.
 */
export function deprecationDateJson(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (value instanceof Date) return value.toISOString().replace(/\.\d{3}Z$/u, '+00:00');
  const text = String(value);
  return /^\d{4}-\d{2}-\d{2}$/u.test(text) ? `${text}T00:00:00+00:00` : text;
}
