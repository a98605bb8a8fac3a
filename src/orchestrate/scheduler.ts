import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Cron } from 'croner';
import { expandGlob } from '../ingest/files/glob.js';
import type { OrchestrateContext } from './orchestrate-context.js';
import type { PipelineDefinition } from './pipeline-config.js';
import { runPipeline, type PipelineRunOptions } from './pipeline-runner.js';
import type { PipelineRunRecord, RunTrigger } from './run-store.js';

/**
 * Starts pipelines on their cron schedules and when files arrive, inside `reelhouse serve`.
 * A tick that comes while the pipeline is still running is recorded as a skipped run.
 */
export class PipelineScheduler {
  private readonly crons: Cron[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<PipelineRunRecord>>();
  private stopped = false;

  constructor(
    private readonly ctx: OrchestrateContext,
    private readonly pipelines: PipelineDefinition[],
  ) {}

  /** Arms every schedule and file trigger, and runs missed ticks of `catch_up: run_last` schedules. */
  start(): void {
    for (const pipeline of this.pipelines) {
      const schedule = pipeline.schedule;
      if (schedule) {
        const cron = new Cron(schedule.cron, { timezone: schedule.timezone, name: `pipeline:${pipeline.name}` }, (self: Cron) => {
          void this.launch(pipeline, 'schedule', { scheduledFor: self.currentRun() ?? new Date() });
        });
        this.crons.push(cron);
        if (schedule.catchUp === 'run_last') this.catchUp(pipeline, cron);
      }
      if (pipeline.fileTrigger) this.watchFiles(pipeline);
    }
  }

  /** Stops starting runs and waits for the ones in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const cron of this.crons) cron.stop();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.idle();
  }

  /** Resolves when no run started by the scheduler is in flight. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** When each scheduled pipeline runs next. */
  nextRuns(): { pipeline: string; next: Date | null }[] {
    return this.crons.map((c) => ({ pipeline: (c.name ?? '').replace(/^pipeline:/, ''), next: c.nextRun() }));
  }

  private launch(pipeline: PipelineDefinition, trigger: RunTrigger, options: Omit<PipelineRunOptions, 'trigger'> = {}): Promise<PipelineRunRecord> | undefined {
    if (this.stopped) return undefined;
    const run = runPipeline(this.ctx, pipeline, { ...options, trigger }).catch((error: unknown) => {
      this.ctx.sink.err(`[${pipeline.name}] the run could not be started: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    });
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run)).catch(() => undefined);
    return run;
  }

  private catchUp(pipeline: PipelineDefinition, cron: Cron): void {
    const lastTick = cron.previousRuns(1, new Date())[0];
    const last = this.ctx.store.read().runs.find((r) => r.pipeline === pipeline.name && (r.trigger === 'schedule' || r.trigger === 'catch_up'));
    // No scheduled run ever recorded: nothing was missed.
    if (!lastTick || !last) return;
    const lastFor = Date.parse(last.scheduledFor ?? last.startedAt);
    if (lastTick.getTime() > lastFor) {
      this.ctx.sink.out(`[${pipeline.name}] catching up the run missed at ${lastTick.toISOString()}`);
      void this.launch(pipeline, 'catch_up', { scheduledFor: lastTick });
    }
  }

  private watchFiles(pipeline: PipelineDefinition): void {
    const trigger = pipeline.fileTrigger!;
    const stateFile = join(this.ctx.projectDir, '.reelhouse', 'file-triggers', `${pipeline.name}.json`);
    let seen: Record<string, string> | undefined = readSeen(stateFile);
    let pending = '';
    let quietSince = 0;
    const poll = async (): Promise<void> => {
      const current = await signatures(trigger.glob);
      if (seen === undefined) {
        // First start: files already there are not new.
        seen = current;
        writeSeen(stateFile, seen);
        return;
      }
      const changed = Object.keys(current).filter((f) => current[f] !== seen![f]);
      if (changed.length === 0) {
        pending = '';
        return;
      }
      const key = changed.map((f) => `${f}=${current[f]}`).join('|');
      if (key !== pending) {
        pending = key;
        quietSince = Date.now();
      }
      if (Date.now() - quietSince < trigger.debounceMs) return;
      this.ctx.sink.out(`[${pipeline.name}] ${changed.length} new or changed file(s): ${changed.slice(0, 5).join(', ')}${changed.length > 5 ? ', ...' : ''}`);
      const run = this.launch(pipeline, 'file');
      if (!run) return;
      const record = await run.catch(() => undefined);
      // A run that was skipped (another still going) leaves the files pending for the next poll.
      if (record && record.status !== 'skipped') {
        seen = { ...seen, ...Object.fromEntries(changed.map((f) => [f, current[f]!])) };
        writeSeen(stateFile, seen);
        pending = '';
      }
    };
    const loop = (): void => {
      if (this.stopped) return;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        poll()
          .catch((error: unknown) => this.ctx.sink.err(`[${pipeline.name}] watching ${trigger.glob} failed: ${String(error)}`))
          .finally(loop);
      }, trigger.pollMs);
      this.timers.add(timer);
    };
    void poll().finally(loop);
  }
}

async function signatures(glob: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const file of await expandGlob(glob)) {
    try {
      const s = await stat(file);
      if (s.isFile()) out[file] = `${s.mtimeMs}:${s.size}`;
    } catch {
      // Removed between listing and stat.
    }
  }
  return out;
}

function readSeen(file: string): Record<string, string> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch {
    return undefined;
  }
}

function writeSeen(file: string, seen: Record<string, string>): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(seen));
  renameSync(`${file}.tmp`, file);
}
