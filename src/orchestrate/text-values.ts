import { userError, type SourceLocation } from '../core/diagnostic.js';

/**
 * Parses a duration as pipelines.yml writes it: `500ms`, `30s`, `5m`, `2h`, `1d`, or a bare
 * number of seconds. Returns milliseconds.
 */
export function parseDuration(value: unknown, what: string, location?: SourceLocation): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value * 1000;
  if (typeof value === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(value);
    if (m) {
      const n = Number(m[1]);
      const unit = m[2] ?? 's';
      const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit] ?? 1000;
      return n * factor;
    }
  }
  throw userError('pipeline-invalid', `${what} must be a duration such as 30s, 5m or 1h, got ${JSON.stringify(value)}`, location,
    'Write a number with a unit: ms, s, m, h or d (a bare number means seconds).');
}

/**
 * Splits a command line into words the way a POSIX shell would for simple cases: whitespace
 * separates words, single quotes keep text literally, double quotes keep spaces, a backslash
 * escapes the next character. No variables or globbing: steps are not run through a shell.
 */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else current += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1] as string)) current += line[++i];
      else current += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      current += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote) throw userError('pipeline-invalid', `Unclosed ${quote} quote in the command line: ${line}`);
  if (inWord) words.push(current);
  return words;
}

/** Calendar days from `start` to `end` inclusive, as `YYYY-MM-DD` strings (UTC arithmetic, no time zone shifts). */
export function daysBetween(start: string, end: string): string[] {
  const first = parseDay(start, '--start');
  const last = parseDay(end, '--end');
  if (last < first) throw userError('backfill-invalid', `--end ${end} is before --start ${start}`);
  const days: string[] = [];
  for (let t = first; t <= last; t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** The day after a `YYYY-MM-DD` day. */
export function nextDay(day: string): string {
  return new Date(parseDay(day, 'day') + 86_400_000).toISOString().slice(0, 10);
}

function parseDay(text: string, flag: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!m || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== text) {
    throw userError('backfill-invalid', `${flag} must be a date written YYYY-MM-DD, got '${text}'`);
  }
  return t;
}
