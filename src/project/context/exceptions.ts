// dbt's `exceptions` namespace: errors raised from templates become located diagnostics.
import { ReelhouseError, userError } from '../../core/diagnostic.js';
import type { CompiledNode } from '../types.js';
import { pyStr, toPlain } from '../../templating/index.js';
import { contractErrorMessage, type ContractColumn } from './contract-error.js';

// dbt's heading for an error raised while rendering a node, e.g. `Compilation Error in model x (models/x.sql)`.
function where(node: CompiledNode | undefined, kind = 'Compilation Error'): string | undefined {
  return node ? `${kind} in ${node.resource_type} ${node.name} (${node.original_file_path})` : undefined;
}

// raise_database_error's code is not the warehouse's own 'database-error': a warehouse failure is
// dbt-duckdb's Runtime Error, while this one keeps dbt's Database Error heading wherever it is raised.
const KIND: Record<string, string> = { 'raised-database-error': 'Database Error', 'dependency-error': 'Dependency Error', 'not-implemented': 'Runtime Error', 'fail-fast': 'Runtime Error' };

/** `exceptions.*` for a render of `node`. */
export function exceptionsNamespace(node: CompiledNode | undefined, warn: (msg: string) => void): Record<string, unknown> {
  const raise = (code: string) => (msg: unknown) => {
    // as dbt's exceptions namespace, the error names the render's node (an operation's is its macro)
    throw Object.assign(userError(code, pyStr(msg), undefined, where(node, KIND[code])), { namesRenderedNode: true });
  };
  return {
    raise_compiler_error: raise('compiler-error'),
    raise_not_implemented: raise('not-implemented'),
    raise_database_error: raise('raised-database-error'),
    raise_dependency_error: raise('dependency-error'),
    raise_fail_fast_error: raise('fail-fast'),
    raise_contract_error: (yamlColumns: unknown, sqlColumns: unknown) => {
      throw userError('contract-error', contractErrorMessage(contractColumns(yamlColumns), contractColumns(sqlColumns)), undefined, where(node));
    },
    column_type_missing: (columnNames: unknown) => {
      throw userError('contract-error', `Contracted models require data_type to be defined for each column. Please ensure that the column name and data_type are defined within the YAML configuration for the ${pyStr(columnNames)} column(s).`, undefined, where(node));
    },
    relation_wrong_type: (relation: unknown, expectedType: unknown) => {
      const type = relation !== null && typeof relation === 'object' ? (relation as { type?: unknown }).type : undefined;
      throw userError(
        'compiler-error',
        `Trying to create ${pyStr(expectedType)} ${pyStr(relation)}, but it currently exists as a ${pyStr(type)}. Either drop ${pyStr(relation)} manually, or run dbt with \`--full-refresh\` and dbt will drop it for you.`,
        undefined,
        where(node),
      );
    },
    warn: (msg: unknown) => {
      warn(pyStr(msg));
      return '';
    },
    warn_snapshot_timestamp_data_types: () => '',
    CompilationError: ReelhouseError,
  };
}

// The `{name, data_type}` dicts format_columns() builds, as plain values.
function contractColumns(value: unknown): ContractColumn[] {
  const list = toPlain(value);
  if (!Array.isArray(list)) return [];
  return list.map((c: unknown) => {
    const col = (c !== null && typeof c === 'object' ? c : {}) as Record<string, unknown>;
    return { name: pyStr(col['name'] ?? ''), data_type: pyStr(col['data_type'] ?? '') };
  });
}

/** adapter_macro(), removed in dbt 1.0: calling it is a compilation error that names the replacement. */
export function adapterMacroRemoved(name: unknown): never {
  throw userError(
    'compiler-error',
    `The "adapter_macro" macro has been deprecated. Instead, use the \`adapter.dispatch\` method to find a macro and call the result. adapter_macro was called for: ${pyStr(name)}`,
    undefined,
    'See https://docs.getdbt.com/reference/dbt-jinja-functions/dispatch',
  );
}
