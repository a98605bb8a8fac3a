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

/**
 * Creates `staged` with the declared column names, types and constraints, then fills it from
 * the model's query, as dbt does for an enforced contract. Both sides' types are read back from
 * the warehouse (dbt casts `null` to each declared type), so `int` and `INTEGER` compare equal.
 */
export async function createWithContract(node: CompiledNode, runner: SqlRunner, staged: RelationRef, session: string | undefined): Promise<void> {
  const dialect = runner.adapter.dialect;
  const declared = Object.values(node.columns);
  const untyped = declared.filter((c) => !c.data_type).map((c) => c.name);
  if (declared.length === 0 || untyped.length > 0) {
    throw new WarehouseError(
      `Contracted models require data_type to be defined for each column. Please ensure that the column name and data_type are defined within the YAML configuration for the ${untyped.length > 0 ? untyped.join(', ') : 'model\'s'} column(s).`,
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

  const ddl = declared.map((c) => `${dialect.quoteIdentifier(c.name)} ${c.data_type}${constraintSql(c)}`).join(',\n  ');
  const names = declared.map((c) => dialect.quoteIdentifier(c.name)).join(', ');
  await runner.run(`create table ${dialect.renderRelation(staged)} (\n  ${ddl}\n)`, session);
  await runner.run(`insert into ${dialect.renderRelation(staged)} (${names})\nselect ${names} from (\n${sql}\n) as model_subq`, session);
}

function compareColumns(definition: { name: string; dataType: string }[], contract: { name: string; dataType: string }[]): Mismatch[] {
  const out: Mismatch[] = [];
  const byName = new Map(definition.map((c) => [c.name.toLowerCase(), c]));
  const contractNames = new Set(contract.map((c) => c.name.toLowerCase()));
  for (const col of contract) {
    const found = byName.get(col.name.toLowerCase());
    if (!found) out.push({ column: col.name, definitionType: '', contractType: col.dataType, reason: 'missing in definition' });
    else if (found.dataType.toUpperCase() !== col.dataType.toUpperCase())
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

/** Column-level constraints DuckDB enforces; others (foreign keys, custom) are written when an expression is given. */
function constraintSql(column: ColumnDef): string {
  let out = '';
  for (const raw of column.constraints ?? []) {
    const c = raw as { type?: string; expression?: string };
    switch (c.type) {
      case 'not_null':
        out += ' not null';
        break;
      case 'unique':
        out += ' unique';
        break;
      case 'primary_key':
        out += ' primary key';
        break;
      case 'check':
        if (c.expression) out += ` check (${c.expression})`;
        break;
      case 'custom':
        if (c.expression) out += ` ${c.expression}`;
        break;
      default:
        break;
    }
  }
  return out;
}
