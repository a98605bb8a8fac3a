// dbt-duckdb's `table_function` (alias `parameterized_view`) materialization: the model's SQL
// becomes a DuckDB table macro, `create or replace function <relation>(<parameters>) as table
// (...)`. Callers write `{{ ref('model') }}(args)`. Because the macro binds late, the tables it
// reads may gain columns without it being rebuilt.
import type { Materialization } from './materialization.js';
import type { BuildOutcome, MaterializeContext } from './types.js';
import type { SqlRunner } from './sql-runner.js';
import { runHooks } from './hooks.js';
import { targetRelation } from './relations.js';
import { userError } from '../core/diagnostic.js';

/** The macro's parameter list from `parameters:` — a name, a comma-separated string, or a list of names. */
export function tableFunctionParameters(value: unknown): string {
  if (value === undefined || value === null || value === false || value === '') return '';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(String).join(', ');
  throw userError('table-function-config', `parameters must be a name, a comma-separated string of names, or a list of names; got ${JSON.stringify(value)}`);
}

async function buildTableFunction(ctx: MaterializeContext, runner: SqlRunner): Promise<BuildOutcome> {
  const target = targetRelation(ctx.node);
  const params = tableFunctionParameters(ctx.node.config['parameters']);
  // The model's SQL as written, less a trailing semicolon that would end the statement early.
  const body = (ctx.node.compiled_code ?? '').trim().replace(/;\s*$/u, '');
  const sql = `create or replace function ${runner.adapter.dialect.renderRelation(target)}(${params}) as table (\n${body}\n)`;
  await runner.createSchema(target);
  await runHooks(ctx, runner, { kind: 'pre-hook', insideTransaction: false });
  await runner.transaction(async (session) => {
    await runHooks(ctx, runner, { kind: 'pre-hook', insideTransaction: true }, session);
    await runner.runMain(sql, session);
    await runHooks(ctx, runner, { kind: 'post-hook', insideTransaction: true }, session);
  });
  await runHooks(ctx, runner, { kind: 'post-hook', insideTransaction: false });
  return { status: 'success', message: 'OK', code: 'CREATE MACRO' };
}

/** `materialized: table_function`. */
export const tableFunctionMaterialization: Materialization = { name: 'table_function', build: buildTableFunction };

/** `materialized: parameterized_view`, dbt-duckdb's other name for the same thing. */
export const parameterizedViewMaterialization: Materialization = { name: 'parameterized_view', build: buildTableFunction };
