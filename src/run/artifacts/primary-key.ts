// The `primary_key` manifest.json gives every model: the columns dbt infers identify a row,
// read from the model's constraints or from the generic tests attached to it.
import { recordValues } from '../../graph/index.js';
import type { CompiledNode, Manifest } from '../../project/types.js';

/** Each model's generic tests, enabled ones and disabled ones, by the unique_id they are attached to. */
export function attachedGenericTests(manifest: Manifest): Map<string, CompiledNode[]> {
  const byModel = new Map<string, CompiledNode[]>();
  const add = (node: unknown): void => {
    const test = node as CompiledNode;
    if (test.resource_type !== 'test' || !test.test_metadata || !test.attached_node) return;
    const list = byModel.get(test.attached_node);
    if (list) list.push(test);
    else byModel.set(test.attached_node, [test]);
  };
  for (const node of recordValues(manifest.nodes)) add(node);
  for (const list of Object.values(manifest.disabled ?? {})) for (const node of list) add(node);
  return byModel;
}

/**
 * The model's primary key as dbt infers it, sorted: the columns of a `primary_key` constraint
 * (model-level first, then the first column carrying one); else the columns with both a
 * `unique` (or `unique_combination_of_columns`) test and a `not_null` test; else the columns of
 * enabled uniqueness tests; else those of disabled ones; else none.
 */
export function inferredPrimaryKey(model: CompiledNode, tests: readonly CompiledNode[]): string[] {
  for (const constraint of model.constraints ?? []) {
    const c = constraint as { type?: unknown; columns?: unknown };
    if (c.type === 'primary_key') return sortedStrings(c.columns);
  }
  for (const [name, column] of Object.entries(model.columns ?? {})) {
    const constraints = (column as { constraints?: Array<{ type?: unknown }> }).constraints ?? [];
    if (constraints.some((c) => c?.type === 'primary_key')) return [name];
  }
  const enabledUnique = new Set<string>();
  const disabledUnique = new Set<string>();
  const notNull = new Set<string>();
  for (const test of tests) {
    const metadata = test.test_metadata;
    if (!metadata) continue;
    const kwargs = metadata.kwargs ?? {};
    const columns = typeof kwargs['column_name'] === 'string'
      ? [kwargs['column_name']]
      : Array.isArray(kwargs['combination_of_columns'])
        ? kwargs['combination_of_columns'].filter((c): c is string => typeof c === 'string')
        : [];
    for (const column of columns) {
      if (metadata.name === 'unique' || metadata.name === 'unique_combination_of_columns') {
        (test.config?.enabled === false ? disabledUnique : enabledUnique).add(column);
      } else if (metadata.name === 'not_null') {
        notNull.add(column);
      }
    }
  }
  const uniqueAndNotNull = [...notNull].filter((c) => enabledUnique.has(c) || disabledUnique.has(c));
  if (uniqueAndNotNull.length > 0) return uniqueAndNotNull.sort();
  if (enabledUnique.size > 0) return [...enabledUnique].sort();
  return [...disabledUnique].sort();
}

function sortedStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String).sort() : [];
}
