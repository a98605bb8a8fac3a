import type { RelationRef } from '../adapters/adapter.js';
import { userError, type ReelhouseError } from '../core/diagnostic.js';
import { contractErrorMessage } from '../project/context/contract-error.js';
import { contractMacroChain } from './contract-macro-chain.js';
import type { ColumnDef, CompiledNode } from '../project/types.js';
import { wrappableSql } from './relations.js';
import type { SqlRunner } from './sql-runner.js';
import type { MaterializeContext } from './types.js';

/** True when the model enforces its YAML contract (`contract: {enforced: true}`). */
export function contractEnforced(node: CompiledNode): boolean {
  const fromConfig = node.config['contract'] as { enforced?: unknown } | undefined;
  return node.contract?.enforced === true || fromConfig?.enforced === true;
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
export async function assertContractColumns(
  node: CompiledNode,
  runner: SqlRunner,
  session: string | undefined,
  warn: (message: string) => void = () => undefined,
): Promise<ColumnDef[]> {
  const dialect = runner.adapter.dialect;
  const declared = Object.values(node.columns);
  const untyped = declared.filter((c) => !c.data_type).map((c) => c.name);
  if (declared.length === 0 || untyped.length > 0) {
    throw contractError(
      node,
      `Contracted models require data_type to be defined for each column. Please ensure that the column name and data_type are defined within the YAML configuration for the ${untyped.length > 0 ? `[${untyped.map((c) => `'${c}'`).join(', ')}]` : 'model\'s'} column(s).`,
    );
  }
  // dbt's get_empty_schema_sql warns of a bare numeric type, whose scale the warehouse picks.
  const bare = declared.filter((c) => ['numeric', 'decimal', 'number'].includes((c.data_type ?? '').trim().toLowerCase())).map((c) => `'${c.name}'`);
  if (bare.length > 0) warn(`Detected columns with numeric type and unspecified precision/scale, this can lead to unintended rounding: [${bare.join(', ')}]\``);
  const sql = wrappableSql(node.compiled_code ?? '');
  const definition = await runner.run(`select * from (\n${sql}\n) as model_subq limit 0`, session);
  const contract = await runner.run(
    `select ${declared.map((c) => `cast(null as ${c.data_type}) as ${dialect.quoteIdentifier(c.name)}`).join(', ')} limit 0`,
    session,
  );
  if (!sameColumns(definition.columns, contract.columns)) {
    const side = (columns: { name: string; dataType: string }[]) => columns.map((c) => ({ name: c.name, data_type: c.dataType }));
    const error = contractError(node, contractErrorMessage(side(contract.columns), side(definition.columns)));
    // dbt raises the mismatch from assert_columns_equivalent, so its report lists the macros above it.
    error.diagnostic.macroStack = contractMacroChain(String(node.config['materialized'] ?? ''));
    throw error;
  }
  return declared;
}

/** A warning sent through the node's Jinja context, so it reaches the console as a macro's exceptions.warn does. */
export function jinjaWarning(ctx: MaterializeContext): (message: string) => void {
  return (message) => {
    ctx.renderHook(`{% do exceptions.warn(${JSON.stringify(message)}) %}`);
  };
}

// dbt raises both contract failures as compilation errors of the model, not as the warehouse's.
function contractError(node: CompiledNode, message: string): ReelhouseError {
  return userError('contract-error', message, undefined, `Compilation Error in ${node.resource_type} ${node.name} (${node.original_file_path})`);
}

/**
 * Creates `staged` with the declared column names, types and constraints (column-level, then
 * the model-level ones), then fills it from the model's query, as dbt does for an enforced
 * contract. `resolve` turns a foreign key's `to: ref('...')` into its relation; `warn` takes
 * the contract check's warnings.
 */
export async function createWithContract(
  node: CompiledNode,
  runner: SqlRunner,
  staged: RelationRef,
  session: string | undefined,
  resolve: ConstraintTargetResolver = (to) => to,
  warn?: (message: string) => void,
): Promise<void> {
  const dialect = runner.adapter.dialect;
  const declared = await assertContractColumns(node, runner, session, warn);
  const sql = wrappableSql(node.compiled_code ?? '');
  // dbt writes a contract's column names as declared, quoted only with `quote: true`, so a name
  // that needs quoting (a keyword, a space) fails without it, as in dbt.
  const ident = (c: ColumnDef): string => (c.quote === true ? dialect.quoteIdentifier(c.name) : c.name);
  const lines = declared.map((c) => `${ident(c)} ${c.data_type}${constraintSql(c, resolve)}`);
  for (const raw of node.constraints ?? []) {
    const rendered = modelConstraintSql(raw as Constraint, resolve);
    if (rendered) lines.push(rendered);
  }
  const names = declared.map(ident).join(', ');
  await runner.runMain(`create table ${dialect.renderRelation(staged)} (\n  ${lines.join(',\n  ')}\n)`, session);
  await runner.runMain(`insert into ${dialect.renderRelation(staged)} (${names})\nselect ${names} from (\n${sql}\n) as model_subq`, session);
}

/** Same names (in any case) with the same printed types, in any order. */
function sameColumns(definition: { name: string; dataType: string }[], contract: { name: string; dataType: string }[]): boolean {
  if (definition.length !== contract.length) return false;
  const byName = new Map(definition.map((c) => [c.name.toLowerCase(), c.dataType]));
  return contract.every((c) => byName.get(c.name.toLowerCase()) === c.dataType);
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
        rendered = c.expression ? `not null ${c.expression}` : 'not null';
        break;
      case 'unique':
        rendered = c.expression ? `unique ${c.expression}` : 'unique';
        break;
      case 'primary_key':
        rendered = c.expression ? `primary key ${c.expression}` : 'primary key';
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
    // dbt names model-level constraints only: a column constraint's `name` is not rendered.
    if (rendered) out += ` ${rendered}`;
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
      return columns ? `${named(c)}unique${c.expression ? ` ${c.expression}` : ''} (${columns})` : undefined;
    case 'primary_key':
      return columns ? `${named(c)}primary key${c.expression ? ` ${c.expression}` : ''} (${columns})` : undefined;
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
