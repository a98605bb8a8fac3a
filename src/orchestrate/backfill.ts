import type { OrchestrateContext } from './orchestrate-context.js';
import type { PipelineDefinition } from './pipeline-config.js';
import { runPipeline } from './pipeline-runner.js';
import type { PipelineRunRecord } from './run-store.js';
import { daysBetween } from './text-values.js';

/** Options of `reelhouse pipeline backfill`. */
export interface BackfillOptions {
  start: string;
  end: string;
  /** Pass the day as --event-time-start/--event-time-end too (microbatch models). */
  eventTime?: boolean;
  /** Run every day again, even those an earlier attempt of this backfill finished. */
  fresh?: boolean;
}

/** What a backfill did, day by day. */
export interface BackfillOutcome {
  backfillId: string;
  days: { day: string; status: 'success' | 'failed' | 'skipped' | 'done_before' | 'not_run'; runId: string | null }[];
  success: boolean;
}

/** The id that ties the runs of one backfill together, so that a rerun resumes it. */
export function backfillId(pipeline: string, start: string, end: string): string {
  return `${pipeline}:${start}:${end}`;
}

/**
 * Runs a pipeline once per day from start to end, each day its own recorded run with the var
 * `run_date`. Days an earlier attempt of the same backfill finished are not run again, so after a
 * failure the same command resumes from the first day that did not succeed. Stops at the first
 * failing day.
 */
export async function runBackfill(ctx: OrchestrateContext, pipeline: PipelineDefinition, options: BackfillOptions): Promise<BackfillOutcome> {
  const days = daysBetween(options.start, options.end);
  const id = backfillId(pipeline.name, options.start, options.end);
  const done = new Set<string>();
  if (!options.fresh) {
    // Runs are newest first: the first record seen for a day is its latest attempt.
    const latest = new Map<string, PipelineRunRecord>();
    for (const run of ctx.store.read().runs) {
      if (run.backfillId === id && run.runDate && !latest.has(run.runDate)) latest.set(run.runDate, run);
    }
    for (const [day, run] of latest) if (run.status === 'success') done.add(day);
  }
  const outcome: BackfillOutcome = { backfillId: id, days: [], success: true };
  const resumed = days.find((d) => !done.has(d));
  if (done.size > 0 && resumed) ctx.sink.out(`[${pipeline.name}] resuming backfill ${id} from ${resumed}`);
  for (const day of days) {
    if (!outcome.success) {
      outcome.days.push({ day, status: 'not_run', runId: null });
      continue;
    }
    if (done.has(day)) {
      outcome.days.push({ day, status: 'done_before', runId: null });
      continue;
    }
    const run = await runPipeline(ctx, pipeline, {
      trigger: 'backfill',
      vars: { run_date: day },
      runDate: day,
      backfillId: id,
      eventTime: options.eventTime ?? false,
    });
    const status = run.status === 'success' ? 'success' : run.status === 'skipped' ? 'skipped' : 'failed';
    outcome.days.push({ day, status, runId: run.id });
    if (status !== 'success') outcome.success = false;
  }
  return outcome;
}
