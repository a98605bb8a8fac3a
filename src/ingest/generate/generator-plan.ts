import { userError } from '../../core/diagnostic.js';

/** Options of `reelhouse generate`. */
export interface GenerateOptions {
  /** Output folder (created if missing). */
  out: string;
  seed: number;
  /**
   * Size of the user population. Signups are spread over a fixed window around `start`
   * (a year before and a year after), so the users exported are those signed up by the last day.
   */
  scale: number;
  /** First day, `YYYY-MM-DD`. */
  start: string;
  days: number;
  /**
   * Aim for about this many player events in total instead of the natural rate of the users
   * (used by benchmarks to size the lake independently of the user count). The target is spread
   * over the days, so unlike the natural rate it is not stable when days are added.
   */
  events?: number;
  /** DuckDB threads for the generation (default 2; output bytes do not depend on it). */
  threads?: number;
  onProgress?: (p: { step: string; done: number; total: number }) => void;
}

/** The generator's derived sizes, computed once from the options. */
export interface GeneratorPlan {
  seed: number;
  scale: number;
  start: string;
  /** Last day (inclusive), `YYYY-MM-DD`. */
  end: string;
  days: number;
  userIdWidth: number;
  titleCount: number;
  channelCount: number;
  /** Target total events, or undefined for the natural per-user rate. */
  events: number | undefined;
}

const DAY_MS = 86_400_000;

/** Validates the options and derives the plan; bad options are user errors. */
export function planGeneration(options: GenerateOptions): GeneratorPlan {
  const { seed, scale, start, days } = options;
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw userError('generate-invalid-option', `--seed must be a non-negative integer, got ${seed}.`);
  }
  if (!Number.isSafeInteger(scale) || scale < 1) {
    throw userError('generate-invalid-option', `--scale must be a positive number of users, got ${scale}.`);
  }
  if (!Number.isSafeInteger(days) || days < 1 || days > 3660) {
    throw userError('generate-invalid-option', `--days must be between 1 and 3660, got ${days}.`);
  }
  const startMs = parseDay(start);
  if (startMs === undefined) {
    throw userError('generate-invalid-option', `--start must be a date as YYYY-MM-DD, got '${start}'.`);
  }
  if (options.events !== undefined && (!Number.isFinite(options.events) || options.events < 0)) {
    throw userError('generate-invalid-option', `the events target must be a non-negative number.`);
  }
  return {
    seed,
    scale,
    start,
    end: formatDay(startMs + (days - 1) * DAY_MS),
    days,
    userIdWidth: Math.max(3, String(scale).length),
    titleCount: Math.min(20_000, Math.max(60, Math.round(scale / 10))),
    channelCount: Math.min(5_000, Math.max(40, Math.round(scale / 20))),
    events: options.events,
  };
}

/** Milliseconds since the epoch of a `YYYY-MM-DD` day (UTC), or undefined if it is not one. */
export function parseDay(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(ms) || formatDay(ms) !== text) return undefined;
  return ms;
}

/** The `YYYY-MM-DD` of a UTC millisecond time. */
export function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The day `index` days after `start` as `YYYY-MM-DD`. */
export function addDays(start: string, index: number): string {
  return formatDay((parseDay(start) ?? 0) + index * DAY_MS);
}

/** Digits needed to print `count` ids, never fewer than three (`U001`). */
export function idWidth(count: number): number {
  return Math.max(3, String(Math.max(1, count)).length);
}
