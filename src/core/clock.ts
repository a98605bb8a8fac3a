// dbt stamps its artifacts and log events with Python datetimes, to the microsecond, read from the
// wall clock. A JavaScript Date holds milliseconds only, so the microseconds come from the
// high-resolution clock, kept on the wall clock: the two drift apart while a process runs (the
// system clock is slewed or stepped), so whenever a reading leaves the wall clock's millisecond it
// starts again from it, as Python's clock follows the system's.
import { performance } from 'node:perf_hooks';

// Wall clock minus high-resolution clock, read again whenever they drift apart.
let offset = Date.now() - performance.now();

/** Milliseconds since the epoch, with the microseconds as the fraction; always within the wall clock's millisecond. */
export function nowMs(): number {
  const fine = performance.now();
  const wall = Date.now();
  const t = offset + fine;
  if (t >= wall && t < wall + 1) return t;
  offset = wall - fine;
  return wall;
}

/** Seconds since the epoch as a float to the microsecond, as Python's time.time() gives them (`created_at`). */
export function epochSeconds(ms: number = nowMs()): number {
  return Math.round(ms * 1000) / 1e6;
}

/** Seconds between two clock readings, to the microsecond (`execution_time`, `elapsed_time`). */
export function secondsBetween(startMs: number, endMs: number = nowMs()): number {
  return Math.max(0, Math.round((endMs - startMs) * 1000)) / 1e6;
}

/** UTC ISO 8601 to the microsecond with a `Z`, as dbt writes an artifact's times (`2024-05-01T10:00:00.123456Z`). */
export function isoUtc(ms: number = nowMs()): string {
  return `${isoNaive(ms)}Z`;
}

// A compile times tens of nodes within one millisecond: the text up to the millisecond is
// formatted once per millisecond and reused, only the microsecond digits are added per reading.
let lastWholeMs = Number.NaN;
let lastMsText = '';

/** UTC ISO 8601 to the microsecond without a zone: Python's `datetime.utcnow().isoformat()` (a log event's node times). */
export function isoNaive(ms: number = nowMs()): string {
  const micros = Math.floor(ms * 1000);
  const wholeMs = Math.floor(micros / 1000);
  if (wholeMs !== lastWholeMs) {
    lastMsText = new Date(wholeMs).toISOString().slice(0, 23);
    lastWholeMs = wholeMs;
  }
  const rest = micros - wholeMs * 1000;
  return `${lastMsText}${rest < 10 ? '00' : rest < 100 ? '0' : ''}${rest}`;
}

/**
 * A time as protobuf's JSON form of a Timestamp writes it (a JSON log event's `ts`): 3, 6 or 9
 * fractional digits, as few as hold the value, and none for a whole second.
 */
export function protoTimestamp(ms: number = nowMs()): string {
  const iso = isoNaive(ms);
  const fraction = iso.slice(20);
  const seconds = iso.slice(0, 19);
  if (fraction === '000000') return `${seconds}Z`;
  return fraction.endsWith('000') ? `${seconds}.${fraction.slice(0, 3)}Z` : `${seconds}.${fraction}Z`;
}

/** The local time of day to the microsecond (`10:00:00.123456`), as dbt's debug log lines begin. */
export function localTimeMicros(ms: number = nowMs()): string {
  const micros = Math.floor(ms * 1000);
  const wholeMs = Math.floor(micros / 1000);
  const d = new Date(wholeMs);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(micros % 1_000_000).padStart(6, '0')}`;
}

/** A clock reading back from an ISO 8601 UTC text written by isoUtc or isoNaive, microseconds kept. */
export function msOfIso(iso: string): number {
  const micros = /\.\d{3}(\d{3})Z?$/u.exec(iso);
  return Date.parse(iso.endsWith('Z') ? iso : `${iso}Z`) + (micros ? Number(micros[1]) / 1000 : 0);
}
