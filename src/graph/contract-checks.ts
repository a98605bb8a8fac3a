// The prerequisites dbt checks while parsing a model whose contract is enforced: columns in
// YAML, a SQL model, an incremental model that does not ignore schema changes, and a warning
// for constraints a view (or any materialization that cannot create them) would drop. Also,
// for every model, that it declares at most one primary key.
import { userError, type Diagnostic } from '../core/diagnostic.js';
import type { Manifest } from '../project/types.js';
import { contractEnforcedOn } from './contract-breaking.js';
import { isEnabled, manifestNodes, type MemberNode } from './graph-members.js';

/** Materializations whose DDL carries the contract's constraints. */
const CONSTRAINING_MATERIALIZATIONS: ReadonlySet<string> = new Set(['table', 'incremental']);

/**
 * Throws on a contracted model dbt would refuse to parse; returns the warnings for the others.
 * `nodes` is `manifestNodes(manifest)` when the caller has listed them already.
 */
export function checkContracts(manifest: Manifest, nodes: readonly MemberNode[] = manifestNodes(manifest)): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  // Indexed: a once-run pass over every node, where for-of would allocate a result per entry.
  for (let k = 0; k < nodes.length; k++) {
    const node = nodes[k] as MemberNode;
    if (!isEnabled(node)) continue;
    const file = typeof node.original_file_path === 'string' ? node.original_file_path : '?';
    checkColumnConstraintTypes(node, file);
    if (node.resource_type !== 'model') continue;
    checkPrimaryKeys(node, file);
    if (!contractEnforcedOn(node)) continue;
    const columns = node.columns && typeof node.columns === 'object' ? Object.keys(node.columns) : [];
    const hasYaml = typeof node.patch_path === 'string' && node.patch_path !== '';
    const problems: string[] = [];
    // dbt 1.10's wording (_validate_constraint_prerequisites): one line per problem under the file.
    if (hasYaml && columns.length === 0) problems.push('Constraints must be defined in a `yml` schema configuration file like `schema.yml`.');
    if (node.language !== undefined && node.language !== 'sql') problems.push(`Language Error: Expected 'sql' but found '${String(node.language)}'`);
    if (problems.length > 0) {
      throw userError(
        'contract-invalid',
        `Contract enforcement failed for: (${file})\n${problems.join('\n')}`,
        { file },
        'Declare the columns with their data_type under the model in a YAML file; Python models cannot enforce a contract.',
      );
    }
    if (Array.isArray(node.constraints) && node.constraints.some((c) => !validConstraint(c))) {
      throw userError(
        'constraint-invalid',
        `Invalid constraint type on model ${String(node.name)}: Type must be one of [${CONSTRAINT_TYPES.map((t) => `'${t}'`).join(', ')}]`,
        { file },
        `Give each constraint of ${String(node.name)} a type among ${CONSTRAINT_TYPES.join(', ')}.`,
      );
    }
    const materialized = String(node.config?.materialized ?? 'view');
    if (materialized === 'incremental') {
      const onSchemaChange = typeof node.config?.on_schema_change === 'string' ? node.config.on_schema_change : 'ignore';
      if (onSchemaChange !== 'append_new_columns' && onSchemaChange !== 'fail') {
        throw userError(
          'contract-invalid',
          `Invalid value for on_schema_change: ${onSchemaChange}. Models materialized as incremental with contracts enabled must set on_schema_change to 'append_new_columns' or 'fail'`,
          { file },
          "Set on_schema_change: append_new_columns (or fail) on this model.",
        );
      }
    }
    if (hasYaml && !CONSTRAINING_MATERIALIZATIONS.has(materialized) && warnsUnsupported(node)) {
      warnings.push({
        code: 'constraint-unsupported',
        severity: 'warning',
        message: `Constraint types are not supported for ${materialized} materializations and will be ignored.  Set 'warn_unsupported: false' on this constraint to ignore this warning.`,
        location: { file },
        event: { data: { materialized } },
      });
    }
  }
  return warnings;
}

/** The constraint types dbt knows, in its order. */
const CONSTRAINT_TYPES = ['check', 'not_null', 'unique', 'primary_key', 'foreign_key', 'custom'];

function validConstraint(c: unknown): boolean {
  return typeof c === 'object' && c !== null && CONSTRAINT_TYPES.includes(String((c as { type?: unknown }).type));
}

/** dbt refuses a YAML column whose constraint has no type, or one it does not know, contract or not. */
function checkColumnConstraintTypes(node: MemberNode, file: string): void {
  for (const column of Object.values((node.columns ?? {}) as Record<string, { name?: string; constraints?: unknown }>)) {
    if (!Array.isArray(column?.constraints) || column.constraints.every(validConstraint)) continue;
    throw userError(
      'constraint-invalid',
      `Invalid constraint type on column ${String(column.name)}`,
      { file },
      `Give each constraint of column ${String(column.name)} a type among ${CONSTRAINT_TYPES.join(', ')}.`,
    );
  }
}

/** dbt allows one primary key: on one column, or one model-level constraint over several columns. */
function checkPrimaryKeys(node: MemberNode, file: string): void {
  const isPk = (c: unknown): boolean => typeof c === 'object' && c !== null && (c as { type?: unknown }).type === 'primary_key';
  const pkColumns: string[] = [];
  for (const column of Object.values((node.columns ?? {}) as Record<string, { name?: string; constraints?: unknown }>)) {
    if (Array.isArray(column?.constraints) && column.constraints.some(isPk)) pkColumns.push(String(column.name));
  }
  const errors: string[] = [];
  if (pkColumns.length > 1) {
    errors.push(`Found ${pkColumns.length} columns ([${pkColumns.map((c) => `'${c}'`).join(', ')}]) with primary key constraints defined. Primary keys for multiple columns must be defined as a model level constraint.`);
  }
  if (pkColumns.length > 0 && Array.isArray(node.constraints) && node.constraints.some(isPk)) {
    errors.push('Primary key constraints defined at the model level and the columns level. Primary keys can be defined at the model level or the column level, not both.');
  }
  if (errors.length > 0) {
    // dbt collects both problems under one heading naming the model's file.
    throw userError(
      'constraint-invalid',
      `Primary key constraint error: (${file})\n${errors.join('\n')}`,
      { file },
      pkColumns.length > 1
        ? `Replace the column-level primary keys of ${node.name} with one model-level constraint: {type: primary_key, columns: [...]}.`
        : `Keep one primary key on ${node.name}: the column-level one or the model-level one.`,
    );
  }
}

/** True when some column or model constraint leaves warn_unsupported on (its default). */
function warnsUnsupported(node: MemberNode): boolean {
  const constraints: unknown[] = Array.isArray(node.constraints) ? [...node.constraints] : [];
  for (const column of Object.values((node.columns ?? {}) as Record<string, { constraints?: unknown }>)) {
    if (Array.isArray(column?.constraints)) constraints.push(...column.constraints);
  }
  return constraints.some((c) => typeof c === 'object' && c !== null && (c as { warn_unsupported?: unknown }).warn_unsupported !== false);
}
