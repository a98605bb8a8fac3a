// Breaking changes to an enforced model contract, found while comparing with a previous state
// as dbt's same_contract does: enforcement turned off, columns removed, data types changed,
// enforced constraints removed, or a constrained table/incremental model turned into something
// that cannot carry constraints.
import type { MemberNode } from './graph-members.js';

/** Materializations whose DDL carries constraints (the ones whose removal breaks consumers). */
const CONSTRAINED_MATERIALIZATIONS: ReadonlySet<string> = new Set(['table', 'incremental']);

interface Constraint {
  type?: string;
  name?: string | null;
  columns?: string[];
  [key: string]: unknown;
}

interface Column {
  name?: string;
  data_type?: string | null;
  constraints?: Constraint[];
}

/** The breaking changes from `old` to `node`, each as dbt words it; empty when there are none. */
export function contractBreakingChanges(node: MemberNode, old: MemberNode): string[] {
  if (!contractEnforcedOn(old)) return [];
  const changes: string[] = [];
  if (!contractEnforcedOn(node)) {
    changes.push('Contract enforcement was removed: Previously, this model had an enforced contract. It is no longer configured to enforce its contract, and this is a breaking change.');
  }
  const oldColumns = columnsOf(old);
  const newColumns = columnsOf(node);
  const oldMaterialized = String(old.config?.materialized ?? 'view');
  const newMaterialized = String(node.config?.materialized ?? 'view');
  const oldConstrained = CONSTRAINED_MATERIALIZATIONS.has(oldMaterialized);
  const removed: string[] = [];
  const retyped: string[] = [];
  const columnConstraintsRemoved: string[] = [];
  let columnConstraintsExist = false;
  for (const key of Object.keys(oldColumns).sort()) {
    const before = oldColumns[key]!;
    const after = newColumns[key];
    const name = before.name ?? key;
    if (!after) removed.push(name);
    else if ((before.data_type ?? null) !== (after.data_type ?? null)) retyped.push(`${name} (${String(before.data_type ?? null)} -> ${String(after.data_type ?? null)})`);
    const constraints = before.constraints ?? [];
    if (constraints.length > 0) columnConstraintsExist = true;
    if (after && oldConstrained) {
      for (const constraint of constraints) {
        if (!(after.constraints ?? []).some((c) => sameConstraint(c, constraint))) columnConstraintsRemoved.push(`'${constraint.name ?? constraint.type}' constraint on column ${key}`);
      }
    }
  }
  const oldModelConstraints = (Array.isArray(old.constraints) ? old.constraints : []) as Constraint[];
  const newModelConstraints = (Array.isArray(node.constraints) ? node.constraints : []) as Constraint[];
  const modelConstraintsRemoved = oldConstrained
    ? oldModelConstraints
        .filter((c) => !newModelConstraints.some((n) => sameConstraint(n, c)))
        .map((c) => `'${c.name ?? c.type}' constraint on columns [${(c.columns ?? []).map((col) => `'${col}'`).join(', ')}]`)
    : [];
  if (removed.length > 0) changes.push(`Columns were removed: \n    - ${removed.join('\n    - ')}`);
  if (retyped.length > 0) changes.push(`Columns with data_type changes: \n    - ${retyped.join('\n    - ')}`);
  if (columnConstraintsRemoved.length > 0) changes.push(`Enforced column level constraints were removed: \n    - ${columnConstraintsRemoved.join('\n    - ')}`);
  if (modelConstraintsRemoved.length > 0) changes.push(`Enforced model level constraints were removed: \n    - ${modelConstraintsRemoved.join('\n    - ')}`);
  if (oldConstrained && !CONSTRAINED_MATERIALIZATIONS.has(newMaterialized) && (oldModelConstraints.length > 0 || columnConstraintsExist)) {
    changes.push(`Materialization changed with enforced constraints: \n    - ${oldMaterialized} -> ${newMaterialized}`);
  }
  return changes;
}

/** True when the model's contract is enforced: its merged config decides, else the node's contract. */
export function contractEnforcedOn(node: MemberNode): boolean {
  const fromConfig = (node.config?.contract as { enforced?: unknown } | undefined)?.enforced;
  if (typeof fromConfig === 'boolean') return fromConfig;
  return (node.contract as { enforced?: unknown } | undefined)?.enforced === true;
}


function columnsOf(node: MemberNode): Record<string, Column> {
  return node.columns && typeof node.columns === 'object' ? (node.columns as Record<string, Column>) : {};
}

// Constraints as the manifest writes them carry defaults (warn_unenforced, to_columns...) that a
// freshly parsed one may leave out: compare what defines the constraint.
function sameConstraint(a: Constraint, b: Constraint): boolean {
  return constraintKey(a) === constraintKey(b);
}

function constraintKey(c: Constraint): string {
  return JSON.stringify([c.type ?? null, c.name ?? null, c['expression'] ?? null, c.columns ?? [], c['to'] ?? null, c['to_columns'] ?? []]);
}

/**
 * What dbt's contract checksum covers: each column's name, data_type and constraints (by name
 * order), and for a table or incremental model its materialization and model-level constraints.
 */
export function contractState(node: MemberNode): string {
  const columns = Object.values(columnsOf(node))
    .map((c) => [c.name ?? '', c.data_type ?? null, (c.constraints ?? []).map(constraintKey)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const materialized = String(node.config?.materialized ?? 'view');
  const modelLevel = CONSTRAINED_MATERIALIZATIONS.has(materialized)
    ? [materialized, ((Array.isArray(node.constraints) ? node.constraints : []) as Constraint[]).map(constraintKey)]
    : [];
  return JSON.stringify([columns, modelLevel]);
}
