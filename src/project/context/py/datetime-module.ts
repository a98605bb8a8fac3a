// `modules.datetime` as templates see it: the module's callables (datetime, date, time, timedelta,
// timezone) with their class methods (now, strptime, fromisoformat, ...).
import { userError } from '../../../core/diagnostic.js';
import { nowMs } from '../../../core/clock.js';
import { bindParams, isNone } from '../py-args.js';
import { MS_PER_DAY, PyDate, PyDatetime, PyTimedelta, PyTimezone, UTC, offsetText, parseIso } from './datetime.js';
import { PyTime } from './time.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_ABBR = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)';
const MONTH_FULL = '(january|february|march|april|may|june|july|august|september|october|november|december)';
const DAY_ABBR = '(mon|tue|wed|thu|fri|sat|sun)';
const DAY_FULL = '(monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
// What each directive matches; names match in any case, as Python's strptime does.
const STRPTIME_GROUPS: Record<string, string> = {
  Y: '(\\d{4})', m: '(\\d{1,2})', d: '(\\d{1,2})', H: '(\\d{1,2})', I: '(\\d{1,2})', M: '(\\d{1,2})', S: '(\\d{1,2})',
  f: '(\\d{1,6})', y: '(\\d{2})', j: '(\\d{1,3})', b: MONTH_ABBR, B: MONTH_FULL, h: MONTH_ABBR, a: DAY_ABBR, A: DAY_FULL,
  p: '(am|pm)', z: '(z|[+-]\\d{2}:?\\d{2}(?::?\\d{2})?)',
};

/** Python's strptime for the common directives: numbers, month and day names, AM/PM, %j and %z offsets. */
function strptime(text: string, format: string): PyDatetime {
  const parts: string[] = [];
  let pattern = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch === '%' && i + 1 < format.length) {
      const c = format[++i]!;
      if (c === '%') pattern += '%';
      else if (STRPTIME_GROUPS[c]) {
        pattern += STRPTIME_GROUPS[c];
        parts.push(c);
      } else pattern += '.*?';
    } else if (/\s/.test(ch)) pattern += '\\s+';
    else pattern += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const m = new RegExp(`^${pattern}$`, 'i').exec(text);
  if (!m) throw userError('compiler-error', `time data '${text}' does not match format '${format}'`);
  const v: Record<string, number> = { Y: 1900, m: 1, d: 1, H: 0, M: 0, S: 0, f: 0 };
  let pm: boolean | undefined;
  let hour12: number | undefined;
  let dayOfYear: number | undefined;
  let tz: PyTimezone | null = null;
  parts.forEach((c, i) => {
    const s = m[i + 1] ?? '';
    if (c === 'y') v['Y'] = Number(s) + (Number(s) < 69 ? 2000 : 1900);
    else if (c === 'f') v['f'] = Number(s.padEnd(6, '0'));
    else if (c === 'b' || c === 'B' || c === 'h') v['m'] = MONTHS.indexOf(s.slice(0, 3).toLowerCase()) + 1;
    else if (c === 'p') pm = s.toLowerCase() === 'pm';
    else if (c === 'I') hour12 = Number(s);
    else if (c === 'j') dayOfYear = Number(s);
    else if (c === 'z') tz = parseOffset(s);
    else if (c !== 'a' && c !== 'A') v[c] = Number(s);
  });
  // %I counts hours 1-12 and means the morning unless %p says PM
  if (hour12 !== undefined) v['H'] = (hour12 % 12) + (pm ? 12 : 0);
  // %j decides the month and day, as in Python
  if (dayOfYear !== undefined) {
    const day = new Date(Date.UTC(v['Y']!, 0, dayOfYear));
    v['m'] = day.getUTCMonth() + 1;
    v['d'] = day.getUTCDate();
  }
  return new PyDatetime(v['Y']!, v['m']!, v['d']!, v['H']!, v['M']!, v['S']!, v['f']!, tz);
}

/** A %z offset (`Z`, `+0200`, `-05:30`) as Python's strptime reads it: zero is UTC itself. */
function parseOffset(s: string): PyTimezone {
  if (s.toLowerCase() === 'z') return UTC;
  const digits = s.slice(1).replace(/:/g, '');
  const minutes = (s[0] === '-' ? -1 : 1) * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  return minutes === 0 ? UTC : new PyTimezone(minutes, `UTC${offsetText(new PyTimezone(minutes, ''), ':')}`);
}

/** `time.fromisoformat('12:04:05.123+01:00')`: hours, optional minutes, seconds, fraction and offset. */
function timeFromIso(text: string): PyTime {
  const m = /^(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  if (!m) throw userError('compiler-error', `Invalid isoformat string: '${text}'`);
  return new PyTime(Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0), Number((m[4] ?? '').padEnd(6, '0') || 0), m[5] ? parseOffset(m[5]) : null);
}

type Callable = ((...args: unknown[]) => unknown) & Record<string, unknown>;

function callable(fn: (...args: unknown[]) => unknown, members: Record<string, unknown>): Callable {
  return Object.assign(fn, members) as Callable;
}

function tzArg(raw: readonly unknown[]): PyTimezone | null {
  const tz = bindParams(raw, ['tz'])['tz'];
  return tz instanceof PyTimezone ? tz : null;
}

/** `modules.datetime` as templates see it. */
export function datetimeModule(nowMicros: () => number = () => Math.floor(nowMs() * 1000)): Record<string, unknown> {
  const datetime = callable(
    (...raw: unknown[]) => {
      const p = bindParams(raw, ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond', 'tzinfo']);
      const n = (k: string): number => (isNone(p[k]) ? 0 : Number(p[k]));
      return new PyDatetime(n('year'), n('month'), n('day'), n('hour'), n('minute'), n('second'), n('microsecond'), (p['tzinfo'] as PyTimezone) ?? null);
    },
    {
      now: (...raw: unknown[]) => {
        const tz = tzArg(raw);
        const micros = nowMicros();
        return tz ? PyDatetime.fromMicros(micros, tz.atUtc(micros)) : localNaiveMicros(micros);
      },
      utcnow: () => PyDatetime.fromMicros(nowMicros(), null),
      today: () => localNaiveMicros(nowMicros()),
      fromisoformat: (s: unknown) => parseIso(String(s), false),
      strptime: (s: unknown, f: unknown) => strptime(String(s), String(f)),
      fromtimestamp: (...raw: unknown[]) => {
        const ts = Number(raw[0]);
        const tz = tzArg(raw.slice(1));
        return tz ? PyDatetime.fromMicros(ts * 1e6, tz.atUtc(ts * 1e6)) : localNaive(new Date(ts * 1000));
      },
      utcfromtimestamp: (ts: unknown) => PyDatetime.fromMicros(Number(ts) * 1e6, null),
      combine: (...raw: unknown[]) => {
        const p = bindParams(raw, ['date', 'time', 'tzinfo']);
        const date = p['date'] as PyDate;
        const time = p['time'] instanceof PyTime ? p['time'] : new PyTime();
        const tz = p['tzinfo'] instanceof PyTimezone ? p['tzinfo'] : time.tzinfo;
        return new PyDatetime(date.year, date.month, date.day, time.hour, time.minute, time.second, time.microsecond, tz);
      },
      min: new PyDatetime(1, 1, 1),
      max: new PyDatetime(9999, 12, 31, 23, 59, 59, 999999),
    },
  );
  const date = callable((...raw: unknown[]) => {
    const p = bindParams(raw, ['year', 'month', 'day']);
    return new PyDate(Number(p['year']), Number(p['month']), Number(p['day']));
  }, {
    today: () => localNaiveMicros(nowMicros()).date(),
    fromisoformat: (s: unknown) => parseIso(String(s), true),
    fromordinal: (n: unknown) => {
      const d = new Date((Number(n) - 719163) * MS_PER_DAY);
      return new PyDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
    },
    min: new PyDate(1, 1, 1),
    max: new PyDate(9999, 12, 31),
  });
  const time = callable((...raw: unknown[]) => PyTime.construct(raw), {
    fromisoformat: (s: unknown) => timeFromIso(String(s)),
    min: new PyTime(),
    max: new PyTime(23, 59, 59, 999999),
  });
  const timedelta = callable((...raw: unknown[]) => PyTimedelta.from(raw), {});
  const timezone = callable((...raw: unknown[]) => {
    const p = bindParams(raw, ['offset', 'name']);
    const offset = p['offset'] instanceof PyTimedelta ? p['offset'] : new PyTimedelta(0);
    const minutes = Math.round(offset.micros / 6e7);
    return minutes === 0 && isNone(p['name']) ? UTC : new PyTimezone(minutes, isNone(p['name']) ? `UTC${offsetText(new PyTimezone(minutes, ''), ':')}` : String(p['name']));
  }, { utc: UTC });
  return { datetime, date, time, timedelta, timezone, MINYEAR: 1, MAXYEAR: 9999 };
}

// Python's naive "local" time: Reelhouse treats the process's local clock as the local zone.
function localNaive(d: Date): PyDatetime {
  return PyDatetime.fromMicros(d.getTime() * 1000 - d.getTimezoneOffset() * 6e7, null);
}

// The local wall-clock time of an instant given to the microsecond, as Python's datetime.now() reads it.
function localNaiveMicros(micros: number): PyDatetime {
  return PyDatetime.fromMicros(micros - new Date(Math.floor(micros / 1000)).getTimezoneOffset() * 6e7, null);
}
