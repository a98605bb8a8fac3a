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

/** A deprecation date as dbt writes its datetime (the text its warnings print too). */
export { isoDeprecationDate as deprecationDateJson } from '../../project/load/deprecation-date.js';
