import type { PipelineRunRecord, StepRunRecord } from '../../orchestrate/index.js';

/** The lines `reelhouse runs` prints: one per run, then its steps' last attempts. */
export function formatRuns(runs: PipelineRunRecord[], steps: StepRunRecord[]): string[] {
  if (runs.length === 0) return ['No runs recorded yet.'];
  const lines: string[] = [];
  for (const run of runs) {
    const seconds = run.finishedAt ? ((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1) : '';
    const when = run.startedAt.replace('T', ' ').slice(0, 19);
    const extra = [run.runDate ? `run_date ${run.runDate}` : '', run.error ?? ''].filter(Boolean).join('  ');
    lines.push(`${when}  ${run.pipeline.padEnd(20)} ${run.status.toUpperCase().padEnd(8)} ${run.trigger.padEnd(9)} ${seconds.padStart(7)}s  ${run.id}${extra ? `  ${extra}` : ''}`);
    const last = new Map<string, StepRunRecord>();
    for (const s of steps) if (s.runId === run.id) last.set(s.step, s);
    for (const s of last.values()) {
      lines.push(`    ${s.step.padEnd(24)} ${s.status}${s.attempt > 1 ? ` after ${s.attempt} attempts` : ''}${s.error && s.status !== 'success' ? `  (${s.error})` : ''}`);
    }
  }
  return lines;
}
