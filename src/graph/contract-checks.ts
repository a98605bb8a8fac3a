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
    if (node.resource_type !== 'model' || !isEnabled(node)) continue;
    const file = typeof node.original_file_path === 'string' ? node.original_file_path : '?';
    checkPrimaryKeys(node, file);
    if (!contractEnforcedOn(node)) continue;
    const columns = node.columns && typeof node.columns === 'object' ? Object.keys(node.columns) : [];
    const hasYaml = typeof node.patch_path === 'string' && node.patch_path !== '';
    const problems: string[] = [];
    if (hasYaml && columns.length === 0) problems.push('    Schema Error: `yml` configuration does NOT exist');
    if (node.language !== undefined && node.language !== 'sql') problems.push(`    Language Error: Expected 'sql' but found '${String(node.language)}'`);
    if (problems.length > 0) {
      throw userError(
        'contract-invalid',
        `Original File Path: (${file})\nConstraints must be defined in a \`yml\` schema configuration file like \`schema.yml\`.\n` +
          'Only the SQL table and view materializations are supported for constraints. \n' +
          `\`data_type\` values must be defined for all columns and NOT be null or blank.\n${problems.join('\n')}`,
        { file },
        'Declare the columns with their data_type under the model in a YAML file; Python models cannot enforce a contract.',
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
      });
    }
  }
  return warnings;
}

/** dbt allows one primary key: on one column, or one model-level constraint over several columns. */
function checkPrimaryKeys(node: MemberNode, file: string): void {
  const isPk = (c: unknown): boolean => typeof c === 'object' && c !== null && (c as { type?: unknown }).type === 'primary_key';
  const pkColumns: string[] = [];
  for (const column of Object.values((node.columns ?? {}) as Record<string, { name?: string; constraints?: unknown }>)) {
    if (Array.isArray(column?.constraints) && column.constraints.some(isPk)) pkColumns.push(String(column.name));
  }
  if (pkColumns.length > 1) {
    throw userError(
      'constraint-invalid',
      `Found ${pkColumns.length} columns ([${pkColumns.map((c) => `'${c}'`).join(', ')}]) with primary key constraints defined. Primary keys for multiple columns must be defined as a model level constraint.`,
      { file },
      `Replace the column-level primary keys of ${node.name} with one model-level constraint: {type: primary_key, columns: [...]}.`,
    );
  }
  if (pkColumns.length > 0 && Array.isArray(node.constraints) && node.constraints.some(isPk)) {
    throw userError(
      'constraint-invalid',
      'Primary key constraints defined at the model level and the columns level. Primary keys can be defined at the model level or the column level, not both.',
      { file },
      `Keep one primary key on ${node.name}: the column-level one or the model-level one.`,
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
