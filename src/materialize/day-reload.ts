import { shouldFullRefresh } from './incremental-config.js';
import { targetRelation } from './relations.js';
import type { SqlRunner } from './sql-runner.js';
import type { BatchResults, BuildOutcome, DayReloadOptions, MaterializeContext } from './types.js';

/** Builds the model once from `ctx.node.compiled_code` (the incremental materialization's single run). */
export type BuildOnce = (ctx: MaterializeContext, runner: SqlRunner) => Promise<BuildOutcome>;

/**
 * Reloads an incremental model one day at a time, as a dbt user does with one `dbt run --vars`
 * per day to keep a full reload's memory bounded. Each day is rendered just before it runs
 * (so `is_incremental()` sees the days already written) and built as its own run: its own
 * transaction, committed before the next day starts. A failing day is retried, then the run
 * stops: the days before it stay committed, and it and the days after it are reported in
 * `batchResults.failed` so that `retry` resumes from it.
 */
export async function reloadByDay(ctx: MaterializeContext, runner: SqlRunner, options: DayReloadOptions, buildOnce: BuildOnce): Promise<BuildOutcome> {
  const node = ctx.node;
  const target = targetRelation(node);
  const attempts = 1 + Math.max(0, options.retries ?? 1);
  const results: BatchResults = { successful: [], failed: [] };
  const total = options.days.length;
  let rows = 0;

  for (const [index, [start, end]] of options.days.entries()) {
    // Only the first day may full-refresh; every later day writes into what the days before built.
    const fullRefresh = index === 0 && !options.resume ? ctx.fullRefresh : false;
    options.onDay?.({ index, total, day: start, phase: 'start', rowsAffected: 0, attempts: 0, message: '' });
    let outcome: BuildOutcome | undefined;
    let message = '';
    let tries = 0;
    while (tries < attempts && outcome?.status !== 'success') {
      tries++;
      try {
        const existing = await runner.getRelation(target);
        const incremental = existing?.type === 'table' && !shouldFullRefresh(node, fullRefresh);
        const sql = options.renderForDay({ start, end, incremental });
        outcome = await buildOnce({ ...ctx, fullRefresh, node: { ...node, compiled_code: sql } }, runner);
        if (outcome.status !== 'success') message = outcome.message;
      } catch (error) {
        outcome = undefined;
        message = error instanceof Error ? error.message : String(error);
      }
    }
    if (outcome?.status === 'success') {
      const written = outcome.rowsAffected ?? 0;
      rows += written;
      results.successful.push([start, end]);
      options.onDay?.({ index, total, day: start, phase: 'success', rowsAffected: written, attempts: tries, message: outcome.message });
      continue;
    }
    options.onDay?.({ index, total, day: start, phase: 'error', rowsAffected: 0, attempts: tries, message });
    results.failed.push(...options.days.slice(index));
    return {
      status: 'error',
      message: `Day ${start} failed after ${tries} attempt${tries === 1 ? '' : 's'} (${index} of ${total} days committed; retry resumes from ${start}): ${message}`,
      rowsAffected: rows,
      batchResults: results,
    };
  }
  return {
    status: 'success',
    message: total === 0 ? 'No days to run' : `OK (${total} days)`,
    rowsAffected: rows,
    code: 'INSERT',
    relation: { ...target, type: 'table' },
    batchResults: results,
  };
}

/** The days `[start, end)` covers, each as `[day, next day]` in UTC (`YYYY-MM-DD`). */
export function reloadDays(start: Date, end: Date): [string, string][] {
  const DAY = 86_400_000;
  const days: [string, string][] = [];
  for (let t = Math.floor(start.getTime() / DAY) * DAY; t < end.getTime(); t += DAY) {
    days.push([new Date(t).toISOString().slice(0, 10), new Date(t + DAY).toISOString().slice(0, 10)]);
  }
  return days;
}
