// An incremental model rebuilt day by day under --event-time-start/--event-time-end (or a retry of its failed days).
import type { CompiledNode } from '../project/types.js';
import { reloadDays, type DayProgress, type DayReloadOptions } from '../materialize/index.js';
import { nowMs } from '../core/clock.js';
import { progressLine } from './logger.js';
import { readsDayVars } from './reads-day-vars.js';
import { isMicrobatch } from './microbatch-run.js';
import { displayRelation } from './run-result.js';
import type { ProjectSession } from './project-session.js';
import type { NodeRunSettings } from './node-compile-results.js';

/**
 * A non-microbatch incremental model that reads the day vars (readsDayVars), under
 * `--event-time-start/--event-time-end` (or retry of a failed day), runs once per day with
 * vars `event_time_start`/`event_time_end` set to the
 * day and the next, each day committed on its own, with `Day i of n` progress lines.
 */
export function dayReloadOptions(session: ProjectSession, node: CompiledNode, settings: NodeRunSettings): { dayReload?: DayReloadOptions } {
  if (node.resource_type !== 'model' || node.config.materialized !== 'incremental' || isMicrobatch(node)) return {};
  const only = settings.retryBatches?.get(node.unique_id);
  let days: [string, string][];
  if (only && only.length > 0) days = only;
  else if (settings.eventTimeStart && settings.eventTimeEnd && readsDayVars(node, session.manifest)) days = reloadDays(settings.eventTimeStart, settings.eventTimeEnd);
  else return {};
  const { logger } = session;
  const rel = displayRelation(node);
  let began = nowMs();
  const prefixed = (p: DayProgress, text: string, status: string) =>
    progressLine(p.index + 1, p.total, text, status).replace(/^\d+ of \d+/, `Day ${p.index + 1} of ${p.total}`);
  return {
    dayReload: {
      days,
      retries: 1,
      resume: !!only && only.length > 0,
      renderForDay: (day) =>
        session.renderer.compile(node, session.manifest, {
          vars: { event_time_start: day.start, event_time_end: day.end },
          macros: { is_incremental: day.incremental },
        }),
      onDay: (p) => {
        const secs = `in ${((nowMs() - began) / 1000).toFixed(2)}s`;
        if (p.phase === 'start') {
          began = nowMs();
          logger.info(prefixed(p, `START ${p.day} of ${rel}`, 'RUN'), 'LogStartBatch', { batch: p.day });
        } else if (p.phase === 'success') {
          logger.info(prefixed(p, `OK ${p.day} of ${rel}`, `INSERT ${p.rowsAffected} ${secs}`), 'LogBatchResult');
        } else {
          const retried = p.attempts > 1 ? ` after ${p.attempts} attempts` : '';
          logger.event('error', 'LogBatchResult', prefixed(p, `ERROR ${p.day} of ${rel}${retried}`, `ERROR ${secs}`));
        }
      },
    },
  };
}

