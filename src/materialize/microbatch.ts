import { userError } from '../core/diagnostic.js';
import type { CompiledNode } from '../project/types.js';
import { runHooks } from './hooks.js';
import { applyDelta } from './incremental-apply.js';
import { incrementalPredicates, shouldFullRefresh, uniqueKeyColumns } from './incremental-config.js';
import { DEST_ALIAS } from './incremental-strategies.js';
import type { Materialization } from './materialization.js';
import { batchKey, microbatchBatches, type Batch, type BatchSize } from './microbatch-batches.js';
import { dropSql, targetRelation, wrappableSql } from './relations.js';
import type { SqlRunner } from './sql-runner.js';
import type { BatchResults, MaterializeContext } from './types.js';

const SIZES: readonly BatchSize[] = ['hour', 'day', 'month', 'year'];

/** A microbatch model's configuration, validated. */
export interface MicrobatchConfig {
  eventTime: string;
  batchSize: BatchSize;
  begin?: Date;
  lookback: number;
}

/** Reads and checks `event_time`, `batch_size`, `begin` and `lookback`. */
export function microbatchConfig(node: CompiledNode): MicrobatchConfig {
  const where = { file: node.original_file_path };
  const eventTime = node.config['event_time'];
  if (typeof eventTime !== 'string' || eventTime === '') {
    throw userError('microbatch-config', `Microbatch model ${node.name} needs an event_time config naming its event time column.`, where);
  }
  const size = String(node.config['batch_size'] ?? '').toLowerCase();
  if (!(SIZES as readonly string[]).includes(size)) {
    throw userError('microbatch-config', `Microbatch model ${node.name} needs batch_size set to one of ${SIZES.join(', ')} (got '${String(node.config['batch_size'] ?? '')}').`, where);
  }
  const config: MicrobatchConfig = { eventTime, batchSize: size as BatchSize, lookback: 1 };
  const lookback = node.config['lookback'];
  if (lookback !== undefined && lookback !== null) {
    if (typeof lookback !== 'number' || !Number.isInteger(lookback) || lookback < 0) {
      throw userError('microbatch-config', `Microbatch model ${node.name} has lookback ${JSON.stringify(lookback)}; it must be a whole number of batches.`, where);
    }
    config.lookback = lookback;
  }
  const begin = node.config['begin'];
  if (begin !== undefined && begin !== null && begin !== '') {
    const parsed = parseUtc(begin);
    if (!parsed) throw userError('microbatch-config', `Microbatch model ${node.name} has begin ${JSON.stringify(begin)}, which is not a date or timestamp.`, where);
    config.begin = parsed;
  }
  return config;
}

/**
 * Parses a date or timestamp given without a zone as UTC (`2024-01-01`, `2024-01-01 10:00:00`),
 * or a template's date/datetime object (`begin=modules.datetime.datetime(2024, 1, 1)`) by its isoformat().
 */
export function parseUtc(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (value !== null && typeof value === 'object' && typeof (value as { isoformat?: unknown }).isoformat === 'function') {
    value = (value as { isoformat(): unknown }).isoformat();
  }
  if (typeof value !== 'string') return undefined;
  let text = value.trim().replace(' ', 'T');
  if (/^\d{4}-\d{2}-\d{2}$/u.test(text)) text += 'T00:00:00';
  if (!/(Z|[+-]\d{2}(:?\d{2})?)$/u.test(text)) text += 'Z';
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * dbt's `microbatch` strategy: the model's rows are processed in time batches, each written
 * in its own transaction (delete the batch's time range, insert its rows), so a failure
 * keeps every batch committed before it. A failed batch is retried, then reported in
 * `batchResults.failed` for `retry` to re-run; when some batches failed and others were written
 * the model is a `partial success`, as dbt reports it. Each batch's SQL comes from
 * `ctx.renderForBatch`; without it the compiled SQL's rows are filtered by event_time.
 */
export const microbatchMaterialization: Materialization = {
  name: 'microbatch',
  async build(given, runner) {
    const ctx = renderingOnce(given);
    const node = ctx.node;
    const config = microbatchConfig(node);
    const target = targetRelation(node);
    const dialect = runner.adapter.dialect;
    const targetSql = dialect.renderRelation(target);
    await runner.createSchema(target);
    const existing = await runner.getRelation(target);
    const fullRefresh = shouldFullRefresh(node, ctx.fullRefresh);
    const incremental = existing?.type === 'table' && !fullRefresh;
    const options = ctx.microbatch ?? {};

    let batches: Batch[];
    if (options.onlyBatches && options.onlyBatches.length > 0) {
      batches = options.onlyBatches.map(([s, e]) => ({ start: new Date(s), end: new Date(e) }));
    } else {
      if (!incremental && !options.eventTimeStart && !config.begin) {
        throw userError('microbatch-config', `Microbatch model ${node.name} needs a begin config for its first build or a full refresh.`, { file: node.original_file_path });
      }
      batches = microbatchBatches({
        batchSize: config.batchSize,
        now: (ctx.now ?? (() => new Date()))(),
        begin: config.begin,
        lookback: config.lookback,
        eventTimeStart: options.eventTimeStart,
        eventTimeEnd: options.eventTimeEnd,
        incremental,
      });
    }

    const first = batches[0];
    const last = batches[batches.length - 1];
    const results: BatchResults = { successful: [], failed: [] };
    // The first batch replaces the table on a first build or full refresh; later ones delete+insert.
    let mustCreate = !incremental;
    let rows = 0;
    let firstError = '';
    const attempts = 1 + Math.max(0, options.retries ?? 0);
    const eventType = first ? await eventTimeType(runner, ctx, config, first) : '';

    for (const [index, batch] of batches.entries()) {
      let message = '';
      let failure: unknown;
      let written = -1;
      let tries = 0;
      let sent = runner.executed.length;
      while (tries < attempts && written < 0) {
        tries++;
        sent = runner.executed.length;
        try {
          written = await runBatch(ctx, runner, batch, {
            config,
            eventType,
            targetSql,
            create: mustCreate,
            replaceExisting: mustCreate && existing !== undefined,
            // As dbt's batch runner: the first batch keeps the model's pre-hooks, the last its post-hooks.
            preHooks: index === 0,
            postHooks: batch === last,
          }, options.beforeMain);
        } catch (error) {
          failure = error;
          message = error instanceof Error ? error.message : String(error);
        }
      }
      const ok = written >= 0;
      const statements = runner.executed.slice(sent);
      options.onBatch?.({ index, total: batches.length, start: batch.start, end: batch.end, status: ok ? 'success' : 'error', rowsAffected: Math.max(written, 0), attempts: tries, message: ok ? 'OK' : message, ...(ok ? {} : { error: failure }), statements });
      if (ok) {
        rows += written;
        mustCreate = false;
        results.successful.push(batchKey(batch));
        continue;
      }
      firstError ||= `batch ${batchKey(batch).join(' to ')}: ${message}`;
      results.failed.push(batchKey(batch));
      if (index === 0) {
        // As dbt: when the first batch fails the others are skipped (reported failed, so retry runs them all).
        for (const [rest, skipped] of batches.slice(1).entries()) {
          results.failed.push(batchKey(skipped));
          options.onBatch?.({ index: rest + 1, total: batches.length, start: skipped.start, end: skipped.end, status: 'skipped', rowsAffected: 0, attempts: 0, message: 'SKIPPED', statements: [] });
        }
        break;
      }
    }

    const total = batches.length;
    if (results.failed.length > 0 && results.successful.length === 0) {
      return {
        status: 'error',
        message: `${results.successful.length} of ${total} batches succeeded; ${results.failed.length} failed. First failure: ${firstError}`,
        rowsAffected: rows,
        batchResults: results,
      };
    }
    const relation = { ...target, type: 'table' as const };
    if (results.failed.length > 0) {
      // dbt's word for a model some of whose batches failed; the failures were logged as they happened.
      return { status: 'partial success', message: `PARTIAL SUCCESS (${results.successful.length}/${total})`, rowsAffected: rows, code: 'INSERT', relation, batchResults: results };
    }
    return {
      status: 'success',
      message: batches.length === 0 ? 'No batches to run' : 'SUCCESS',
      rowsAffected: rows,
      code: 'INSERT',
      relation,
      batchResults: results,
    };
  },
};

/**
 * The context with each batch rendered once, as dbt compiles a batch once: the column-type probe
 * and the batch itself share the first batch's SQL, so a model's log() or run_query() calls are
 * not repeated.
 */
function renderingOnce(ctx: MaterializeContext): MaterializeContext {
  const render = ctx.renderForBatch;
  if (!render) return ctx;
  const rendered = new Map<string, string>();
  return {
    ...ctx,
    renderForBatch: (bounds) => {
      const key = `${bounds.start.getTime()}-${bounds.end.getTime()}`;
      const sql = rendered.get(key) ?? render(bounds);
      rendered.set(key, sql);
      return sql;
    },
  };
}

/** The context the model's hooks render in for one batch: `model.batch` set to it, as dbt runs them. */
function batchHooks(ctx: MaterializeContext, batch: Batch): MaterializeContext {
  return { ...ctx, renderHook: (sql, session) => ctx.renderHook(sql, session, { start: batch.start, end: batch.end }) };
}

interface BatchPlan {
  config: MicrobatchConfig;
  eventType: string;
  targetSql: string;
  create: boolean;
  replaceExisting: boolean;
  /** Whether this batch runs the model's pre-hooks (the first) and post-hooks (the last). */
  preHooks: boolean;
  postHooks: boolean;
}

/**
 * Runs one batch in its own transaction; returns the rows written. Like the materialization dbt
 * runs for each batch, the hooks it carries run around its main statement (pre-hooks after it is
 * compiled, post-hooks once it is written), so a failing hook fails the batch.
 */
async function runBatch(ctx: MaterializeContext, runner: SqlRunner, batch: Batch, plan: BatchPlan, beforeMain?: (batch: Batch) => void): Promise<number> {
  const node = ctx.node;
  // A batch written into an existing table keeps only the rows incremental_predicates allow, as
  // dbt-duckdb's strategy inserts them: the delete spares the rows they exclude, so writing those
  // again would duplicate them on every run.
  const predicates = plan.create ? [] : incrementalPredicates(node);
  const sql = batchSql(ctx, runner, batch, plan, predicates);
  const hooked = batchHooks(ctx, batch);
  if (plan.preHooks) await runHooks(hooked, runner, { kind: 'pre-hook', insideTransaction: false });
  const written = await runner.transaction(async (session) => {
    if (plan.preHooks) await runHooks(hooked, runner, { kind: 'pre-hook', insideTransaction: true }, session);
    const rows = await writeBatch(ctx, runner, batch, plan, session, sql, predicates, beforeMain);
    if (plan.postHooks) await runHooks(hooked, runner, { kind: 'post-hook', insideTransaction: true }, session);
    return rows;
  });
  if (plan.postHooks) await runHooks(hooked, runner, { kind: 'post-hook', insideTransaction: false });
  return written;
}

/** The batch's main work inside its transaction: the table created from it, or its time range replaced. */
async function writeBatch(ctx: MaterializeContext, runner: SqlRunner, batch: Batch, plan: BatchPlan, session: string, sql: string, predicates: string[], beforeMain?: (batch: Batch) => void): Promise<number> {
  const dialect = runner.adapter.dialect;
  const node = ctx.node;
  if (plan.create) {
    const target = targetRelation(node);
    if (plan.replaceExisting) {
      const existing = await runner.getRelation(target);
      if (existing) await runner.run(dropSql(dialect, target, existing.type), session);
    }
    beforeMain?.(batch);
    const result = await runner.run(`create table ${plan.targetSql} as (\n${wrappableSql(sql)}\n)`, session);
    return Number(result.rows[0]?.[0] ?? result.rowsChanged) || 0;
  }
  // As dbt-duckdb's microbatch strategy: it replaces a batch's time range, never matches keys,
  // so it refuses a unique_key rather than ignore it. Like there, a batch that creates the
  // table never reaches the strategy, so only batches written into an existing table fail.
  if (uniqueKeyColumns(node.config['unique_key']).length > 0) {
    throw userError(
      'compiler-error',
      "microbatch incremental strategy does not support 'unique_key': each batch replaces the rows of its event_time range and matches no keys. Remove unique_key, or use incremental_strategy='merge' to update rows by key.",
      { file: node.original_file_path },
    );
  }
  beforeMain?.(batch);
  const range = rangeSql(`${DEST_ALIAS}.${dialect.quoteIdentifier(plan.config.eventTime)}`, plan.eventType, batch);
  return applyDelta(node, runner, session, plan.targetSql, {
    sql,
    strategy: 'delete+insert',
    uniqueKey: [],
    predicates: [range, ...predicates],
  });
}

/**
 * The batch's SELECT: the model rendered for the batch by the run layer (its inputs with an
 * event_time filtered to the batch), or its compiled SQL. A batch written into an existing table
 * keeps only the rows whose event_time falls in the batch (and that the given predicates allow),
 * as dbt-duckdb's strategy inserts them: it deletes just its own time range, so rows outside it
 * (from an input without event_time) would otherwise be written again by every batch and run.
 * The batch that creates the table takes every row its rendered SQL returns, as dbt-duckdb's
 * materialization creates it from the compiled SQL before any strategy applies; unrendered
 * compiled SQL has no input filters, so its rows are still kept to the batch.
 */
function batchSql(ctx: MaterializeContext, runner: SqlRunner, batch: Batch, plan: BatchPlan, predicates: string[]): string {
  const sql = ctx.renderForBatch ? ctx.renderForBatch({ start: batch.start, end: batch.end }) : (ctx.node.compiled_code ?? '');
  if (plan.create && ctx.renderForBatch) return sql;
  // The batch's rows are the rows the target will hold, so predicates written against
  // DBT_INTERNAL_DEST (or unqualified) read them under that name.
  const column = `${DEST_ALIAS}.${runner.adapter.dialect.quoteIdentifier(plan.config.eventTime)}`;
  const where = [rangeSql(column, plan.eventType, batch), ...predicates.map((p) => `(${p})`)].join(' and ');
  return `select * from (\n${wrappableSql(sql)}\n) as ${DEST_ALIAS}\nwhere ${where}`;
}

/** The event_time column's type, so bounds compare in UTC whether it is a DATE, TIMESTAMP or TIMESTAMPTZ. */
async function eventTimeType(runner: SqlRunner, ctx: MaterializeContext, config: MicrobatchConfig, batch: Batch): Promise<string> {
  const sql = ctx.renderForBatch ? ctx.renderForBatch(batch) : (ctx.node.compiled_code ?? '');
  const col = runner.adapter.dialect.quoteIdentifier(config.eventTime);
  try {
    const result = await runner.run(`select ${col} from (\n${wrappableSql(sql)}\n) as rh_probe limit 0`);
    return result.columns[0]?.dataType ?? '';
  } catch {
    return '';
  }
}

/** `start <= column < end` with literals typed to match the column. */
export function rangeSql(column: string, type: string, batch: Batch): string {
  const literal = (d: Date) => {
    const text = d.toISOString().replace('T', ' ').replace('Z', '');
    return /WITH TIME ZONE/iu.test(type) ? `cast('${text}+00' as timestamptz)` : `cast('${text}' as timestamp)`;
  };
  return `${column} >= ${literal(batch.start)} and ${column} < ${literal(batch.end)}`;
}
