import { randomUUID } from 'node:crypto';
import type { LogSink } from '../run/logger.js';
import { maskSecrets, redactUrl } from './env-values.js';
import { pingHealthCheck, type PingKind } from './health-ping.js';
import type { OrchestrateContext } from './orchestrate-context.js';
import { stepOrder, type PipelineDefinition } from './pipeline-config.js';
import { isProcessAlive, type PipelineRunRecord, type RunTrigger } from './run-store.js';
import { exportRunHistory } from './state-export.js';
import { runStepWithRetries } from './step-runner.js';

/** How a pipeline run was asked for. */
export interface PipelineRunOptions {
  trigger: RunTrigger;
  /** Added to the pipeline's vars (a backfill passes {run_date}). */
  vars?: Record<string, unknown>;
  runDate?: string;
  backfillId?: string;
  scheduledFor?: Date;
  /** Pass the run date to build/run steps as --event-time-start/--event-time-end. */
  eventTime?: boolean;
  /** Write the history into the warehouse afterwards (default true). */
  exportHistory?: boolean;
}

/**
 * Runs one pipeline: records the run, pings its health check, runs the steps in order (a step
 * whose dependency failed is skipped), and records the outcome. A pipeline that is already
 * running (in any live process) is not started again: the request is recorded as skipped.
 */
export async function runPipeline(ctx: OrchestrateContext, pipeline: PipelineDefinition, options: PipelineRunOptions): Promise<PipelineRunRecord> {
  ctx.store.recoverAbandoned();
  const now = new Date();
  const base: PipelineRunRecord = {
    kind: 'run',
    id: randomUUID(),
    pipeline: pipeline.name,
    trigger: options.trigger,
    status: 'running',
    pid: process.pid,
    startedAt: now.toISOString(),
    finishedAt: null,
    scheduledFor: options.scheduledFor?.toISOString() ?? null,
    vars: { ...pipeline.vars, ...(options.vars ?? {}) },
    backfillId: options.backfillId ?? null,
    runDate: options.runDate ?? null,
    error: null,
  };
  const active = ctx.store.read().runs.find((r) => r.pipeline === pipeline.name && r.status === 'running' && isProcessAlive(r.pid));
  if (active) {
    const skipped: PipelineRunRecord = {
      ...base,
      status: 'skipped',
      finishedAt: now.toISOString(),
      error: `run ${active.id} (started ${active.startedAt}) is still running`,
    };
    ctx.store.append(skipped);
    ctx.sink.err(`[${pipeline.name}] not started: ${skipped.error}`);
    return skipped;
  }
  ctx.store.append(base);
  // Values taken from the environment (a health check's token, a password) never reach the output.
  const secrets = [...(pipeline.secrets ?? []), ...(pipeline.healthCheck ? [pipeline.healthCheck.url] : [])];
  const tail = new TailSink(ctx.sink, 200, secrets);
  tail.out(`[${pipeline.name}] run ${base.id} started (${options.trigger}${options.runDate ? `, run_date ${options.runDate}` : ''})`);
  const ping = async (kind: PingKind): Promise<void> => {
    if (!pipeline.healthCheck) return;
    const outcome = await pingHealthCheck(pipeline.healthCheck.url, kind, {
      runId: base.id,
      body: kind === 'start' ? '' : tail.text(),
      timeoutMs: pipeline.healthCheck.timeoutMs,
    });
    if (!outcome.ok) {
      const why = maskSecrets(outcome.error ?? `HTTP ${outcome.status}`, secrets);
      ctx.sink.err(`[${pipeline.name}] health check ping (${kind}) to ${redactUrl(pipeline.healthCheck.url)} failed: ${why}`);
    }
  };
  await ping('start');

  const outcome = new Map<string, boolean>();
  let firstError: string | null = null;
  try {
    for (const step of stepOrder(pipeline)) {
      const blockedBy = pipeline.ordered
        ? [...outcome.entries()].find(([, ok]) => !ok)?.[0]
        : step.dependsOn.find((d) => outcome.get(d) !== true);
      if (blockedBy !== undefined) {
        outcome.set(step.name, false);
        const at = new Date().toISOString();
        ctx.store.append({ kind: 'step', runId: base.id, step: step.name, attempt: 0, status: 'skipped', startedAt: at, finishedAt: at, exitCode: null, error: `skipped because ${blockedBy} did not succeed` });
        tail.out(`[${pipeline.name}] step ${step.name}: skipped (${blockedBy} did not succeed)`);
        continue;
      }
      const ok = await runStepWithRetries(ctx, step, {
        runId: base.id,
        pipeline: pipeline.name,
        vars: base.vars,
        runDate: base.runDate,
        eventTime: options.eventTime ?? false,
        sink: tail,
      });
      outcome.set(step.name, ok);
      if (!ok && firstError === null) firstError = `step ${step.name} failed`;
    }
  } catch (error) {
    firstError = error instanceof Error ? error.message : String(error);
  }
  const success = firstError === null;
  const final: PipelineRunRecord = { ...base, status: success ? 'success' : 'failed', finishedAt: new Date().toISOString(), error: firstError };
  ctx.store.append(final);
  tail.out(`[${pipeline.name}] run ${base.id} ${success ? 'succeeded' : `failed: ${firstError}`}`);
  await ping(success ? 'success' : 'fail');
  if (options.exportHistory !== false) {
    try {
      const exclusive = ctx.exclusive ?? (<T>(work: () => Promise<T>) => work());
      await exclusive(() => ctx.warehouse.withAdapter((adapter) => exportRunHistory(ctx.store, adapter, ctx.projectDir)));
    } catch (error) {
      ctx.sink.err(`[${pipeline.name}] could not copy the run history into the warehouse: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return final;
}

/** Passes lines on with secrets masked, and keeps the last ones for the body of the health-check ping. */
class TailSink implements LogSink {
  private readonly lines: string[] = [];

  constructor(
    private readonly inner: LogSink,
    private readonly keep: number,
    private readonly secrets: readonly string[],
  ) {}

  out(line: string): void {
    const masked = maskSecrets(line, this.secrets);
    this.remember(masked);
    this.inner.out(masked);
  }

  err(line: string): void {
    const masked = maskSecrets(line, this.secrets);
    this.remember(masked);
    this.inner.err(masked);
  }

  text(): string {
    return this.lines.join('\n');
  }

  private remember(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.keep) this.lines.shift();
  }
}
