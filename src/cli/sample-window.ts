// dbt's --sample (run, build): the time window that inputs with `event_time` are read through,
// given relative to now ("3 days", "6 hours") or as a static `{'start': ..., 'end': ...}` mapping.
import { parse as parseYaml } from 'yaml';
import { userError } from '../core/diagnostic.js';

/** A sample window: inputs are read where `start <= event_time < end` (UTC). */
export interface SampleWindow {
  start: Date;
  end: Date;
}

// dbt's batch sizes, the grains a relative sample may use (singular or plural).
const GRAINS = ['hour', 'day', 'month', 'year'] as const;
const HINT = `Give a relative window such as --sample "3 days" (hours, days, months or years back from now), or a static one such as --sample "{'start': '2024-07-01', 'end': '2024-07-08 18:00:00'}".`;

/** Parses --sample as dbt does; `now` is the end of a relative window. */
export function parseSampleWindow(text: string, now: Date = new Date()): SampleWindow {
  const spec = text.trim();
  if (spec.startsWith('{')) return staticWindow(spec);
  const parts = spec.split(/\s+/u);
  if (parts.length !== 2) throw userError('usage', `Cannot load SAMPLE_WINDOW from '${text}'. Must be of form 'DAYS_INT GRAIN_SIZE'.`, undefined, HINT);
  const [amountText, grainText] = parts as [string, string];
  if (!/^-?\d+$/u.test(amountText)) throw userError('usage', `Unable to convert '${amountText}' to an integer.`, undefined, HINT);
  const grain = grainText.toLowerCase().replace(/s$/u, '') as (typeof GRAINS)[number];
  if (!GRAINS.includes(grain)) {
    const valid = [...GRAINS, ...GRAINS.map((g) => `${g}s`)].map((g) => `'${g}'`).join(', ');
    throw userError('usage', `Invalid grain size '${grainText}'. Must be one of [${valid}].`, undefined, HINT);
  }
  return { start: shift(now, grain, -Number(amountText)), end: now };
}

function staticWindow(spec: string): SampleWindow {
  let parsed: unknown;
  try {
    parsed = parseYaml(spec);
  } catch (error) {
    throw userError('usage', `--sample is not a valid mapping: ${(error as Error).message.split('\n')[0]}`, undefined, HINT);
  }
  const record = parsed as Record<string, unknown> | null;
  const bound = (key: 'start' | 'end'): Date => {
    const value = record?.[key];
    const date = value instanceof Date ? value : typeof value === 'string' ? utcTimestamp(value) : undefined;
    if (!date) throw userError('usage', `--sample needs '${key}' as a date or timestamp, got ${JSON.stringify(value ?? null)}.`, undefined, HINT);
    return date;
  };
  const window = { start: bound('start'), end: bound('end') };
  if (window.start >= window.end) throw userError('usage', `--sample's start (${window.start.toISOString()}) must be before its end (${window.end.toISOString()}).`, undefined, HINT);
  return window;
}

/** A date or timestamp as written; one without a zone is UTC, as dbt reads it. */
function utcTimestamp(text: string): Date | undefined {
  let iso = text.trim().replace(' ', 'T');
  if (!/^\d{4}-\d{2}-\d{2}/u.test(iso)) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/u.test(iso)) iso += 'T00:00:00';
  if (!/(Z|[+-]\d{2}(:?\d{2})?)$/u.test(iso)) iso += 'Z';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `time` moved by `amount` grains, calendar-wise: a month back from March 31 is the last day of February. */
function shift(time: Date, grain: (typeof GRAINS)[number], amount: number): Date {
  if (grain === 'hour') return new Date(time.getTime() + amount * 3_600_000);
  if (grain === 'day') return new Date(time.getTime() + amount * 86_400_000);
  const months = grain === 'month' ? amount : amount * 12;
  const target = new Date(time.getTime());
  const day = target.getUTCDate();
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target;
}
