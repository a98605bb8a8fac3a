// Each pipeline's schedule as the runs page shows it: cron, time zone, catch-up, the file trigger,
// and the next run time, from pipelines.yml (under `reelhouse serve` the scheduler's own next
// run times take precedence).
import { relative } from 'node:path';
import { Cron } from 'croner';
import { loadPipelines, type PipelineDefinition } from '../../orchestrate/index.js';
import type { PipelineInfo, RunSummary } from './run-history.js';

/** The web app's view of one pipeline definition. */
export function pipelineInfo(
  p: PipelineDefinition,
  options: { projectDir: string; nextRunAt?: Date | null; lastRun?: RunSummary | null; schedulerActive: boolean; now?: Date },
): PipelineInfo {
  const s = p.schedule;
  const file = p.fileTrigger ? relative(options.projectDir, p.fileTrigger.glob).replaceAll('\\', '/') : null;
  const next = options.nextRunAt !== undefined ? options.nextRunAt : s ? nextRun(s.cron, s.timezone, options.now) : null;
  return {
    name: p.name,
    description: p.description ?? null,
    schedule: s?.cron ?? null,
    timezone: s ? (s.timezone ?? localTimeZone()) : null,
    catchUp: s?.catchUp ?? null,
    fileTrigger: file,
    trigger: [s ? 'schedule' : null, file ? 'file arrival' : null].filter(Boolean).join(' + ') || 'manual',
    nextRunAt: next?.toISOString() ?? null,
    schedulerActive: options.schedulerActive,
    lastRun: options.lastRun ?? null,
  };
}

/** Pipelines of a project from its pipelines.yml, for a server that runs no scheduler. */
export function pipelinesOfProject(projectDir: string, now?: Date): PipelineInfo[] {
  let defined: PipelineDefinition[];
  try {
    defined = loadPipelines(projectDir).pipelines;
  } catch {
    // An invalid pipelines.yml is reported by `reelhouse pipeline list`; the runs page just shows none.
    return [];
  }
  return defined.map((p) => pipelineInfo(p, { projectDir, schedulerActive: false, ...(now ? { now } : {}) }));
}

/** The next time a cron expression fires after `now`, in its time zone (the machine's when unset). */
export function nextRun(cron: string, timezone: string | undefined, now = new Date()): Date | null {
  try {
    return new Cron(cron, { paused: true, ...(timezone ? { timezone } : {}) }).nextRun(now);
  } catch {
    return null;
  }
}

function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
