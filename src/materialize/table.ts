import type { QueryResult, RelationRef } from '../adapters/adapter.js';
import { buildRelation } from './build-relation.js';
import { contractEnforced, createWithContract, jinjaWarning } from './contract.js';
import { createStatementOverride } from './macro-overrides.js';
import { createTableAsSql } from './create-as-sql.js';
import type { Materialization } from './materialization.js';
import type { SqlRunner } from './sql-runner.js';
import type { BuildOutcome, MaterializeContext } from './types.js';

/** dbt's `table` materialization: built under a staging name and swapped in atomically. */
export const tableMaterialization: Materialization = {
  name: 'table',
  build: (ctx, runner) => buildTable(ctx, runner),
};

/** Builds the model's table; `inPlace` creates it under its own name (see RelationBuild.inPlace). */
export async function buildTable(ctx: MaterializeContext, runner: SqlRunner, inPlace = false): Promise<BuildOutcome> {
  const dialect = runner.adapter.dialect;
  const enforced = contractEnforced(ctx.node);
  // A project's create_table_as replaces dbt's statement (an enforced contract keeps the native build).
  const override = enforced ? undefined : createStatementOverride(ctx, 'table');
  const createSql =
    override ?? ((staged: RelationRef) => createTableAsSql(dialect.renderRelation(staged), ctx.node.compiled_code ?? ''));
  let rows: number | null = null;
  const relation = await buildRelation(ctx, runner, {
    type: 'table',
    create: async (staged, session) => {
      // A foreign key's `to: ref(...)` resolves in the model's context; DuckDB rejects a
      // database-qualified reference, so the relation is named by schema and table.
      if (enforced) await createWithContract(ctx.node, runner, staged, session, (to) => ctx.renderHook(`{{ (${to}).include(database=False) }}`), jinjaWarning(ctx));
      else rows = createdRows(await runner.runMain(createSql(staged), session));
    },
    createSql: enforced ? undefined : createSql,
    headerInCreate: override !== undefined,
    created: (answer) => (rows = createdRows(answer)),
    inPlace,
  });
  // When no path had the create's answer (a contract's create; an adapter that sends the batch
  // as one text, which answers with its COMMIT), the new table is counted.
  rows ??= await countRows(runner, relation);
  return { status: 'success', message: 'OK', code: 'CREATE TABLE', rowsAffected: rows, relation };
}

/** DuckDB answers `create table ... as` with one `Count` row. */
function createdRows(result: QueryResult): number | null {
  const value = Number(result.rows[0]?.[0]);
  return result.columns.length === 1 && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/** Rows in the built table; null when the warehouse cannot say (never fails the build). */
async function countRows(runner: SqlRunner, relation: RelationRef): Promise<number | null> {
  try {
    return createdRows(await runner.adapter.execute(`select count(*) from ${runner.adapter.dialect.renderRelation(relation)}`));
  } catch {
    return null;
  }
}
