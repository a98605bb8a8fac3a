import { isoUtc, nowMs } from '../core/clock.js';
import { closestMatch } from '../core/did-you-mean.js';
import { userError } from '../core/diagnostic.js';
import type { CompiledNode } from '../project/types.js';
import { findMaterializationMacro, runJinjaMaterialization } from './jinja-materialization.js';
import { createSchemaOverride } from './macro-overrides.js';
import { materializations } from './registry.js';
import { testMaterializationOverride, runTestMaterializationOverride } from './test-materialization-override.js';
import { targetRelation } from './relations.js';
import { SqlRunner, WarehouseError } from './sql-runner.js';
import type { BuildOutcome, MaterializeContext, NodeExecution } from './types.js';

const RUNNABLE = new Set(['model', 'seed', 'snapshot', 'test']);

/** True when the run layer should execute the node: not ephemeral models, analyses or operations. */
export function isExecutable(node: CompiledNode): boolean {
  if (!RUNNABLE.has(node.resource_type)) return false;
  return node.config.materialized !== 'ephemeral';
}

/** The materialization name a node uses: its `materialized` config, or its resource type for seeds and tests. */
export function materializationName(node: CompiledNode): string {
  if (node.resource_type === 'seed') return 'seed';
  if (node.resource_type === 'test') return 'test';
  if (node.resource_type === 'snapshot') return 'snapshot';
  return typeof node.config.materialized === 'string' && node.config.materialized !== '' ? node.config.materialized : 'view';
}

/**
 * Builds one node in the warehouse. Warehouse failures come back as status `error` with the
 * warehouse's message, never thrown; user mistakes found in the node's files (a malformed seed)
 * are thrown as ReelhouseError.
 */
export async function materializeNode(ctx: MaterializeContext): Promise<NodeExecution> {
  const started = nowMs();
  const runner = new SqlRunner(ctx.adapter, ctx.session);
  runner.schemaCreator = createSchemaOverride(ctx);
  runner.onMain = ctx.onMainStatement;
  if (ctx.quoting) runner.quoting = ctx.quoting;
  const name = materializationName(ctx.node);
  const materialization = materializations[name];
  let outcome: BuildOutcome;
  const custom = materialization ? undefined : ctx.jinja && findMaterializationMacro(ctx.jinja.macros, name, ctx.adapter.type, ctx.jinja.rootPackage);
  const rootTest = name === 'test' && ctx.jinja ? testMaterializationOverride(ctx.jinja, ctx.adapter.type) : undefined;
  if (ctx.node.language === 'python') {
    outcome = { status: 'error', message: pythonModelMessage(ctx.node) };
  } else if (rootTest && ctx.jinja) {
    try {
      outcome = await runTestMaterializationOverride(ctx, ctx.jinja, rootTest, runner);
    } catch (error) {
      if (runner.executed.length > 0) ctx.onFailedSql?.(runFileSql({ executedSql: runner.executed, mainSql: runner.main }));
      if (!(error instanceof WarehouseError)) throw error;
      outcome = { status: 'error', message: error.message };
    }
  } else if (custom && ctx.jinja) {
    // dbt creates the schemas of the selected nodes before any runs; a block's bare
    // `create table {{ this }}` relies on it. A runner of its own keeps the statement out of
    // target/run, which holds the block's `main` statement only. Should it fail, the block's
    // own statements report the warehouse's error.
    try {
      const schemas = new SqlRunner(ctx.adapter, ctx.session);
      schemas.schemaCreator = runner.schemaCreator;
      await schemas.createSchema(targetRelation(ctx.node));
    } catch (error) {
      if (!(error instanceof WarehouseError)) throw error;
    }
    // A macro's errors (raise_compiler_error, a failing statement) are thrown, as a render's are.
    try {
      outcome = await runJinjaMaterialization(ctx, ctx.jinja, custom, name, runner);
    } catch (error) {
      if (runner.executed.length > 0) ctx.onFailedSql?.(runFileSql({ executedSql: runner.executed, mainSql: runner.main }));
      throw error;
    }
  } else if (!materialization) {
    // dbt's MaterializationNotAvailableError is a compilation error of the node; a typo gets a did-you-mean.
    const known = [...Object.keys(materializations), ...materializationMacroNames(ctx)]
      // Seeds, snapshots and tests have their own materialization; a model cannot take theirs.
      .filter((m) => !['seed', 'snapshot', 'test'].includes(m) || m === ctx.node.resource_type);
    const guess = closestMatch(name, known);
    throw userError('compiler-error', `No materialization '${name}' was found for adapter ${ctx.adapter.type}! (searched types 'default' and '${ctx.adapter.type}')`, undefined,
      guess ? `Did you mean materialized='${guess}'?` : `Set materialized to one of ${[...new Set(known)].sort().join(', ')}, or define the materialization in a macro.`);
  } else {
    try {
      outcome = await materialization.build(ctx, runner);
    } catch (error) {
      if (!(error instanceof WarehouseError)) throw error;
      outcome = { status: 'error', message: error.message };
    }
  }
  const completed = nowMs();
  const rows = outcome.rowsAffected ?? null;
  const execution: NodeExecution = {
    status: outcome.status,
    message: outcome.message,
    failures: outcome.failures ?? null,
    rowsAffected: rows,
    adapterResponse: outcome.status === 'error' ? {} : (outcome.adapterResponse ?? { _message: outcome.message, code: outcome.code ?? null, rows_affected: rows ?? -1 }),
    timing: [{ name: 'execute', started_at: isoUtc(started), completed_at: isoUtc(completed) }],
    executedSql: runner.executed,
    mainSql: runner.main,
  };
  if (outcome.relation) execution.relation = outcome.relation;
  if (outcome.batchResults) execution.batchResults = outcome.batchResults;
  return execution;
}

/** Why a Python model does not run, and what to do: it is in the graph, but Reelhouse executes SQL only. */
function pythonModelMessage(node: CompiledNode): string {
  return (
    `Python model ${node.name} (${node.original_file_path}) cannot run: Reelhouse builds models with SQL on DuckDB and runs no Python. ` +
    `Rewrite it as a SQL model, or leave it out with --exclude ${node.name}; models that ref() it then read the table it last built.`
  );
}

/** What target/run holds for a node: its main statement(s), or every statement when it sent no main one. */
export function runFileSql(execution: Pick<NodeExecution, 'executedSql' | 'mainSql'>): string[] {
  return execution.mainSql.length > 0 ? execution.mainSql : execution.executedSql;
}

/** Names of the materializations the project's and packages' macros define for this adapter (or any). */
function materializationMacroNames(ctx: MaterializeContext): string[] {
  if (!ctx.jinja) return [];
  const names: string[] = [];
  for (const macro of Object.values(ctx.jinja.macros)) {
    const m = /^materialization_(.+)_([^_]+)$/u.exec(macro.name);
    if (m && (m[2] === 'default' || m[2] === ctx.adapter.type)) names.push(m[1]!);
  }
  return names;
}
