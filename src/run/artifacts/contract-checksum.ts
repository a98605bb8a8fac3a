// The contract checksum manifest.json records for a model whose contract is enforced. dbt
// digests a text it strings together from Python's str() of the contract's parts (each
// column's name, data_type and constraint objects, then the materialization and model-level
// constraints of a table or incremental model), so the same text is rebuilt here, constraint
// objects written as Python prints those dataclasses.
import { createHash } from 'node:crypto';
import type { CompiledNode } from '../../project/types.js';
import { reprString } from '../../project/load/python-repr.js';
import { columnJson } from './resource-json.js';
import { modelConstraintsJson } from './model-json.js';

type Json = Record<string, unknown>;

// The materializations whose DDL carries constraints (dbt's materialization_enforces_constraints).
const ENFORCING = new Set(['table', 'incremental']);

/** The sha256 dbt writes as contract.checksum for a model with an enforced contract. */
export function contractChecksum(node: CompiledNode): string {
  const columns = Object.values(node.columns ?? {}).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let state = '';
  for (const column of columns) {
    const written = columnJson(column);
    state += `|${column.name}${pyStrOrNone(written['data_type'])}${constraintList(written['constraints'] as Json[], 'ColumnLevelConstraint')}`;
  }
  const materialized = node.config?.materialized;
  if (typeof materialized === 'string' && ENFORCING.has(materialized)) {
    state += materialized + constraintList(modelConstraintsJson(node.constraints), 'ModelLevelConstraint');
  }
  return createHash('sha256').update(state, 'utf8').digest('hex');
}

// Python's str() of a list of constraint dataclasses: each one's repr, fields in declaration order.
function constraintList(constraints: Json[], className: string): string {
  return `[${constraints.map((c) => constraintRepr(c, className)).join(', ')}]`;
}

function constraintRepr(c: Json, className: string): string {
  const type = String(c['type']);
  const fields = [
    `type=<ConstraintType.${type}: ${reprString(type)}>`,
    `name=${reprOrNone(c['name'])}`,
    `expression=${reprOrNone(c['expression'])}`,
    `warn_unenforced=${c['warn_unenforced'] === false ? 'False' : 'True'}`,
    `warn_unsupported=${c['warn_unsupported'] === false ? 'False' : 'True'}`,
    `to=${reprOrNone(c['to'])}`,
    `to_columns=${stringListRepr(c['to_columns'])}`,
  ];
  if (className === 'ModelLevelConstraint') fields.push(`columns=${stringListRepr(c['columns'])}`);
  return `${className}(${fields.join(', ')})`;
}

const reprOrNone = (value: unknown): string => (typeof value === 'string' ? reprString(value) : 'None');

const pyStrOrNone = (value: unknown): string => (typeof value === 'string' ? value : 'None');

const stringListRepr = (value: unknown): string => `[${(Array.isArray(value) ? value : []).map((v) => reprString(String(v))).join(', ')}]`;
