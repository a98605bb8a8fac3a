// A node's timing entries as dbt writes them: UTC ISO 8601 to the microsecond with a `Z`.
import { isoUtc } from '../core/clock.js';

/** The run_results.json text of a clock reading (see core/clock.ts), as dbt writes a timing entry's times. */
export function isoTime(ms: number): string {
  return isoUtc(ms);
}
