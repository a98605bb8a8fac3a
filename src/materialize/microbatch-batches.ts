/** A microbatch model's batch size. */
export type BatchSize = 'hour' | 'day' | 'month' | 'year';

/** One batch: rows with `start <= event_time < end`, in UTC. */
export interface Batch {
  start: Date;
  end: Date;
}

/** What decides a microbatch model's batches in one run. */
export interface BatchWindowInput {
  batchSize: BatchSize;
  /** The run's start time (batches never go past the batch containing it). */
  now: Date;
  /** `begin`: where a first build or a full refresh starts. */
  begin?: Date | undefined;
  /** Batches before the current one reprocessed on an incremental run; dbt's default is 1. */
  lookback?: number | undefined;
  eventTimeStart?: Date | undefined;
  eventTimeEnd?: Date | undefined;
  /** True when the target exists and this is not a full refresh. */
  incremental: boolean;
}

/** Floors a time to the start of its batch (UTC). */
export function truncateTime(time: Date, size: BatchSize): Date {
  const y = time.getUTCFullYear();
  const m = time.getUTCMonth();
  switch (size) {
    case 'year':
      return new Date(Date.UTC(y, 0, 1));
    case 'month':
      return new Date(Date.UTC(y, m, 1));
    case 'day':
      return new Date(Date.UTC(y, m, time.getUTCDate()));
    case 'hour':
      return new Date(Date.UTC(y, m, time.getUTCDate(), time.getUTCHours()));
  }
}

/** Moves a time by `count` batches (negative goes back). */
export function offsetTime(time: Date, size: BatchSize, count: number): Date {
  const d = new Date(time.getTime());
  switch (size) {
    case 'year':
      d.setUTCFullYear(d.getUTCFullYear() + count);
      return d;
    case 'month':
      d.setUTCMonth(d.getUTCMonth() + count);
      return d;
    case 'day':
      return new Date(time.getTime() + count * 86_400_000);
    case 'hour':
      return new Date(time.getTime() + count * 3_600_000);
  }
}

/** Rounds a time up to a batch boundary (a boundary stays where it is). */
export function ceilTime(time: Date, size: BatchSize): Date {
  const floor = truncateTime(time, size);
  return floor.getTime() === time.getTime() ? floor : offsetTime(floor, size, 1);
}

/**
 * The batches one run processes, as dbt computes them:
 * end = `--event-time-end` or now, rounded up to a batch boundary;
 * start = `--event-time-start` (floored) if given; else `begin` on a first build or full
 * refresh; else the batch holding `now` minus `lookback` earlier batches. Never fewer than one batch.
 */
export function microbatchBatches(input: BatchWindowInput): Batch[] {
  const size = input.batchSize;
  const end = ceilTime(input.eventTimeEnd ?? input.now, size);
  let start: Date;
  if (input.eventTimeStart) start = truncateTime(input.eventTimeStart, size);
  else if (!input.incremental) {
    if (!input.begin) throw new Error('begin is required for the first build of a microbatch model');
    start = truncateTime(input.begin, size);
  } else {
    const lookback = Math.max(0, Math.floor(input.lookback ?? 1));
    start = offsetTime(offsetTime(end, size, -1), size, -lookback);
  }
  const batches: Batch[] = [];
  for (let s = start; s.getTime() < end.getTime(); ) {
    const next = offsetTime(s, size, 1);
    batches.push({ start: s, end: next });
    s = next;
  }
  // dbt always runs at least one batch: a start at or past the end (a begin in the future) gives
  // the single batch from start to end, which reads nothing and creates the table empty.
  if (batches.length === 0) batches.push({ start, end });
  return batches;
}

/** A batch's bounds as dbt records them in run results: Python's isoformat of a UTC datetime. */
export function batchKey(batch: Batch): [string, string] {
  return [pythonIsoformat(batch.start), pythonIsoformat(batch.end)];
}

// dbt serializes a timezone-aware datetime with isoformat(): `2024-01-02T00:00:00+00:00`,
// microseconds only when there are any.
function pythonIsoformat(time: Date): string {
  const iso = time.toISOString();
  const ms = time.getUTCMilliseconds();
  return `${iso.slice(0, 19)}${ms === 0 ? '' : `.${String(ms * 1000).padStart(6, '0')}`}+00:00`;
}
