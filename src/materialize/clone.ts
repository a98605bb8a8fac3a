import { isoUtc, nowMs } from '../core/clock.js';
import { duckdbResponse } from '../project/context/adapter-object.js';
import type { DeferRelation } from '../project/context/node-relations.js';
import { targetRelation } from './relations.js';
import { SqlRunner, WarehouseError } from './sql-runner.js';
import type { MaterializeContext, NodeExecution } from './types.js';
import { viewMaterialization } from './view.js';

/** What cloning one node did; `note` is the line dbt's clone materialization logs when it clones nothing. */
export interface CloneExecution extends NodeExecution {
  note?: { level: 'info' | 'debug'; text: string };
}

/**
 * dbt's `clone` materialization on a warehouse without zero-copy table clones (DuckDB): the
 * node's relation in this target becomes a view selecting from its relation in the --state
 * manifest (`from`, dbt's defer_relation). A node the state lacks, or a relation this target
 * already has (unless `fullRefresh`), is left alone with a log line and the message `No-op`.
 */
export async function cloneFromState(ctx: MaterializeContext, from: DeferRelation | undefined): Promise<CloneExecution> {
  const started = nowMs();
  const runner = new SqlRunner(ctx.adapter);
  const dialect = ctx.adapter.dialect;
  const target = targetRelation(ctx.node);
  const noOp = (note: CloneExecution['note']): CloneExecution => ({ ...execution(started, runner, 'success', 'No-op', {}), note });
  if (!from) return noOp({ level: 'info', text: `No relation found in state manifest for ${ctx.node.unique_id}` });
  const source = { database: from.database, schema: from.schema, identifier: from.alias };
  try {
    const existing = await runner.getRelation(target);
    if (existing && !ctx.fullRefresh) return noOp({ level: 'info', text: `Relation ${dialect.renderRelation(target)} already exists` });
    // Replacing the state relation with a view of itself would lose it (dbt guards its table clone the same way).
    if (sameRelation(target, source)) {
      return noOp({ level: 'debug', text: `Target relation and defer relation are the same, skipping clone for relation: ${dialect.renderRelation(target)}` });
    }
    // dbt's view materialization, run on `select * from <state relation>`: hooks, contract check and docs as for any view.
    const node = {
      ...ctx.node,
      language: 'sql' as const,
      compiled_code: `select * from ${from.relation_name ?? dialect.renderRelation(source)}`,
      config: { ...ctx.node.config, materialized: 'view' },
    };
    const outcome = await viewMaterialization.build({ ...ctx, node }, runner);
    const done = execution(started, runner, 'success', 'OK', duckdbResponse().toSetDict());
    if (outcome.relation) done.relation = outcome.relation;
    return done;
  } catch (error) {
    if (!(error instanceof WarehouseError)) throw error;
    return execution(started, runner, 'error', error.message, {});
  }
}

function sameRelation(a: { database: string; schema: string; identifier: string }, b: { database: string; schema: string; identifier: string }): boolean {
  const same = (x: string, y: string) => x.toLowerCase() === y.toLowerCase();
  return same(a.database, b.database) && same(a.schema, b.schema) && same(a.identifier, b.identifier);
}

function execution(started: number, runner: SqlRunner, status: 'success' | 'error', message: string, adapterResponse: Record<string, unknown>): CloneExecution {
  return {
    status,
    message,
    failures: null,
    rowsAffected: null,
    adapterResponse,
    timing: [{ name: 'execute', started_at: isoUtc(started), completed_at: isoUtc() }],
    executedSql: runner.executed,
    mainSql: runner.main,
  };
}
