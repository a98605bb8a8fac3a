// dbt's DeprecationsSummary: the deprecations a command met, each with how often, logged as the
// command's last warning (after the Done line, or after the error that ended it).
import type { Command } from 'commander';
import type { CliIo } from './cli-context.js';
import type { Logger } from '../run/logger.js';
import type { ProjectFlags } from './global-options.js';
import { eventCode } from '../run/event-codes.js';

/** Deprecation counts by dbt event name, for each command's streams. */
const counts = new WeakMap<CliIo, Map<string, number>>();

/** The counter a command's loggers add the deprecations they print to. */
export function deprecationCounter(io: CliIo): Map<string, number> {
  let counter = counts.get(io);
  if (!counter) counts.set(io, (counter = new Map()));
  return counter;
}

// Warnings whose names read like deprecations but which dbt fires as plain warnings, not through
// its deprecations module: they are printed, and left out of the closing summary.
const PLAIN_WARNINGS: ReadonlySet<string> = new Set(['UpcomingReferenceDeprecation']);

/** True when dbt counts the warning named `event` in its DeprecationsSummary. */
export function isSummarizedDeprecation(event: string): boolean {
  return event.endsWith('Deprecation') && !PLAIN_WARNINGS.has(event);
}

/** dbt's text, wrapped at 80 columns as dbt wraps it. */
export function deprecationsSummaryText(counter: ReadonlyMap<string, number>, showAllHint: boolean): string {
  const lines = ['[WARNING][DeprecationsSummary]: Deprecated functionality', 'Summary of encountered deprecations:'];
  for (const [name, n] of counter) lines.push(`- ${name}: ${n} occurrence${n === 1 ? '' : 's'}`);
  if (showAllHint) {
    lines.push(
      'To see all deprecation instances instead of just the first occurrence of each,',
      'run command again with the `--show-all-deprecations` flag. You may also need to',
      'run with `--no-partial-parse` as some deprecations are only encountered during',
      'parsing.',
    );
  }
  return lines.join('\n');
}

/** Logs the summary for the command that just ran with `io`, when it met any deprecation. */
export function logDeprecationsSummary(action: Command | undefined, io: CliIo, makeLogger: (flags: ProjectFlags) => Logger): void {
  const counter = counts.get(io);
  counts.delete(io);
  if (!action || !counter || counter.size === 0) return;
  const flags = action.opts<ProjectFlags>();
  // Under --show-all-deprecations every occurrence was printed: the summary's hint has nothing to add.
  const showAllHint = (flags as Record<string, unknown>)['showAllDeprecations'] !== true;
  try {
    // Each summary names the deprecation's event and its code, as dbt's DeprecationSummary does.
    const summaries = [...counter].map(([event_name, occurrences]) => ({ event_name, event_code: eventCode(event_name), occurrences }));
    makeLogger(flags).event('warn', 'DeprecationsSummary', deprecationsSummaryText(counter, showAllHint), { summaries, show_all_hint: showAllHint });
  } catch {
    // Flags bad enough to stop the command were reported by it; the summary is not worth a second error.
  }
}
