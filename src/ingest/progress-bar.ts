import type { IngestProgress } from './ingest-summary.js';

/** A stream the progress bar can draw on (process.stdout, or a test double with isTTY). */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** A progress callback plus `finish()` to clear the bar. */
export interface ProgressRenderer {
  update(p: IngestProgress): void;
  finish(): void;
}

/**
 * A one-line progress bar redrawn in place (`[#####.....]  52% events 2024-01-14`), drawn only
 * when the stream is a terminal, so piped and logged output stays clean. Redraws are throttled.
 */
export function createProgressRenderer(stream: ProgressStream = process.stdout, minIntervalMs = 80): ProgressRenderer {
  if (!stream.isTTY) return { update: () => undefined, finish: () => undefined };
  let last = 0;
  let drawn = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < minIntervalMs && p.done < p.total) return;
      last = now;
      const width = Math.max(20, Math.min(40, (stream.columns ?? 80) - 50));
      const ratio = p.total > 0 ? Math.min(1, Math.max(0, p.done / p.total)) : 0;
      const filled = Math.round(ratio * width);
      const label = p.step.length > 40 ? `${p.step.slice(0, 39)}…` : p.step;
      stream.write(`\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}% ${label}`);
      drawn = true;
    },
    finish() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
