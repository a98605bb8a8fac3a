import type { RelationRef } from '../adapters/adapter.js';
import type { ColumnDef, CompiledNode } from '../project/types.js';
import { wrappableSql } from './relations.js';
import { WarehouseError, type SqlRunner } from './sql-runner.js';

/** True when the model enforces its YAML contract (`contract: {enforced: true}`). */
export function contractEnforced(node: CompiledNode): boolean {
  const fromConfig = node.config['contract'] as { enforced?: unknown } | undefined;
  return node.contract?.enforced === true || fromConfig?.enforced === true;
}

interface Mismatch {
  column: string;
  definitionType: string;
  contractType: string;
  reason: 'data type mismatch' | 'missing in definition' | 'missing in contract';
}

/** Turns a constraint's `to:` (`ref('x')`, `source('a', 'b')`) into the relation it names. */
export type ConstraintTargetResolver = (to: string) => string;

/**
 * Checks the model's query against its contract, as dbt's get_assert_columns_equivalent does:
 * names and types, both sides read back from the warehouse (dbt casts `null` to each declared
 * type), so `int` and `INTEGER` compare equal. The printed types must then be equal, as
 * dbt-duckdb compares the `DESCRIBE` types of both sides: `INTEGER` does not meet a `bigint`
 * contract, nor `DECIMAL(18,3)` an `int` one. Views check this too; only tables take the constraints.
 * Returns the declared columns.
 */
export async function assertContractColumns(node: CompiledNode, runner: SqlRunner, session: string | undefined): Promise<ColumnDef[]> {
  const dialect = runner.adapter.dialect;
  const declared = Object.values(node.columns);
  const untyped = declared.filter((c) => !c.data_type).map((c) => c.name);
  if (declared.length === 0 || untyped.length > 0) {
    throw new WarehouseError(
      `Contracted models require data_type to be defined for each column. Please ensure that the column name and data_type are defined within the YAML configuration for the ${untyped.length > 0 ? `[${untyped.map((c) => `'${c}'`).join(', ')}]` : 'model\'s'} column(s).`,
    );
  }
  const sql = wrappableSql(node.compiled_code ?? '');
  const definition = await runner.run(`select * from (\n${sql}\n) as model_subq limit 0`, session);
  const contract = await runner.run(
    `select ${declared.map((c) => `cast(null as ${c.data_type}) as ${dialect.quoteIdentifier(c.name)}`).join(', ')} limit 0`,
    session,
  );
  const mismatches = compareColumns(definition.columns, contract.columns);
  if (mismatches.length > 0) throw new WarehouseError(contractMessage(mismatches));
  return declared;
}

/**
 * Creates `staged` with the declared column names, types and constraints (column-level, then
 * the model-level ones), then fills it from the model's query, as dbt does for an enforced
 * contract. `resolve` turns a foreign key's `to: ref('...')` into its relation.
 */
export async function createWithContract(
  node: CompiledNode,
  runner: SqlRunner,
  staged: RelationRef,
  session: string | undefined,
  resolve: ConstraintTargetResolver = (to) => to,
): Promise<void> {
  const dialect = runner.adapter.dialect;
  const declared = await assertContractColumns(node, runner, session);
  const sql = wrappableSql(node.compiled_code ?? '');
  const lines = declared.map((c) => `${dialect.quoteIdentifier(c.name)} ${c.data_type}${constraintSql(c, resolve)}`);
  for (const raw of node.constraints ?? []) {
    const rendered = modelConstraintSql(raw as Constraint, resolve);
    if (rendered) lines.push(rendered);
  }
  const names = declared.map((c) => dialect.quoteIdentifier(c.name)).join(', ');
  await runner.run(`create table ${dialect.renderRelation(staged)} (\n  ${lines.join(',\n  ')}\n)`, session);
  await runner.run(`insert into ${dialect.renderRelation(staged)} (${names})\nselect ${names} from (\n${sql}\n) as model_subq`, session);
}

function compareColumns(definition: { name: string; dataType: string }[], contract: { name: string; dataType: string }[]): Mismatch[] {
  const out: Mismatch[] = [];
  const byName = new Map(definition.map((c) => [c.name.toLowerCase(), c]));
  const contractNames = new Set(contract.map((c) => c.name.toLowerCase()));
  for (const col of contract) {
    const found = byName.get(col.name.toLowerCase());
    if (!found) out.push({ column: col.name, definitionType: '', contractType: col.dataType, reason: 'missing in definition' });
    else if (found.dataType !== col.dataType)
      out.push({ column: col.name, definitionType: found.dataType, contractType: col.dataType, reason: 'data type mismatch' });
  }
  for (const col of definition) {
    if (!contractNames.has(col.name.toLowerCase())) out.push({ column: col.name, definitionType: col.dataType, contractType: '', reason: 'missing in contract' });
  }
  return out;
}

function contractMessage(mismatches: Mismatch[]): string {
  const header = ['column_name', 'definition_type', 'contract_type', 'mismatch_reason'];
  const rows = mismatches.map((m) => [m.column, m.definitionType, m.contractType, m.reason]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [
    'This model has an enforced contract that failed.',
    "Please ensure the name, data_type, and number of columns in your contract match the columns in your model's definition.",
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ].join('\n');
}

/** A constraint as written in YAML (column- or model-level). */
interface Constraint {
  type?: string;
  name?: string;
  expression?: string;
  columns?: string[];
  to?: string;
  to_columns?: string[];
}

// dbt writes `constraint <name> ` before a named constraint.
const named = (c: Constraint): string => (c.name ? `constraint ${c.name} ` : '');

/** Where a foreign key points: `to` + `to_columns` when given, else the written expression. */
function referencesSql(c: Constraint, resolve: ConstraintTargetResolver): string | undefined {
  if (c.to && c.to_columns && c.to_columns.length > 0) return `references ${resolve(c.to)} (${c.to_columns.join(', ')})`;
  if (c.expression) return `references ${c.expression}`;
  return undefined;
}

/** Column-level constraints, rendered as dbt renders them; DuckDB enforces them all. */
function constraintSql(column: ColumnDef, resolve: ConstraintTargetResolver): string {
  let out = '';
  for (const raw of column.constraints ?? []) {
    const c = raw as Constraint;
    let rendered: string | undefined;
    switch (c.type) {
      case 'not_null':
        rendered = 'not null';
        break;
      case 'unique':
        rendered = c.expression ? `unique ${c.expression}` : 'unique';
        break;
      case 'primary_key':
        rendered = 'primary key';
        break;
      case 'check':
        rendered = c.expression ? `check (${c.expression})` : undefined;
        break;
      case 'foreign_key':
        rendered = referencesSql(c, resolve);
        break;
      case 'custom':
        rendered = c.expression;
        break;
      default:
        break;
    }
    if (rendered) out += ` ${named(c)}${rendered}`;
  }
  return out;
}

/** One model-level constraint (`constraints:` beside `columns:`), or undefined when it renders to nothing. */
function modelConstraintSql(c: Constraint, resolve: ConstraintTargetResolver): string | undefined {
  const columns = (c.columns ?? []).join(', ');
  switch (c.type) {
    case 'check':
      return c.expression ? `${named(c)}check (${c.expression})` : undefined;
    case 'unique':
      return columns ? `${named(c)}unique (${columns})` : undefined;
    case 'primary_key':
      return columns ? `${named(c)}primary key (${columns})` : undefined;
    case 'foreign_key': {
      const references = referencesSql(c, resolve);
      return columns && references ? `${named(c)}foreign key (${columns}) ${references}` : undefined;
    }
    case 'custom':
      return c.expression ? `${named(c)}${c.expression}` : undefined;
    default:
      // not_null has no model-level form; dbt ignores it there.
      return undefined;
  }
}
