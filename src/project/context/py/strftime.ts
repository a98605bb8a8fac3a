// Python's strftime and the date formatting helpers it shares with py/datetime.ts.
import type { PyTimezone } from './datetime.js';

/** Milliseconds in a day. */
export const MS_PER_DAY = 86_400_000;
const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** A number zero-padded to `w` digits, as strftime's directives print it. */
export const pad = (n: number, w = 2): string => String(Math.trunc(Math.abs(n))).padStart(w, '0');

/** The calendar and clock fields strftime reads. */
export interface Fields {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  us: number;
  wd: number;
  tz: PyTimezone | null;
}

/** A zone's UTC offset as `+HH<sep>MM` (empty for none). */
export function offsetText(tz: PyTimezone | null, sep: string): string {
  if (!tz) return '';
  const m = tz.offsetMinutes;
  return `${m < 0 ? '-' : '+'}${pad(Math.abs(m) / 60)}${sep}${pad(Math.abs(m) % 60)}`;
}

/** The ISO 8601 year and week of a calendar date (the week holding its Thursday). */
export function isoWeek(y: number, mo: number, d: number): [number, number] {
  const day = Date.UTC(y, mo - 1, d);
  const thursday = new Date(day + (3 - ((new Date(day).getUTCDay() + 6) % 7)) * MS_PER_DAY);
  const year = thursday.getUTCFullYear();
  return [year, Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / MS_PER_DAY / 7) + 1];
}

/** Python's strftime for the directives dbt code uses. */
export function strftime(format: string, f: Fields): string {
  const dayOfYear = Math.floor((Date.UTC(f.y, f.mo - 1, f.d) - Date.UTC(f.y, 0, 1)) / MS_PER_DAY) + 1;
  return format.replace(/%(-?)([a-zA-Z%])/g, (whole, dash: string, c: string) => {
    const p = (n: number, w = 2): string => (dash ? String(n) : pad(n, w));
    switch (c) {
      case 'Y': return pad(f.y, 4);
      case 'y': return pad(f.y % 100);
      case 'm': return p(f.mo);
      case 'd': return p(f.d);
      case 'e': return String(f.d).padStart(2, ' ');
      case 'H': return p(f.h);
      case 'I': return p(f.h % 12 === 0 ? 12 : f.h % 12);
      case 'p': return f.h < 12 ? 'AM' : 'PM';
      case 'M': return p(f.mi);
      case 'S': return p(f.s);
      case 'f': return pad(f.us, 6);
      case 'j': return p(dayOfYear, 3);
      case 'a': return (DAY_NAMES[f.wd] ?? '').slice(0, 3);
      case 'A': return DAY_NAMES[f.wd] ?? '';
      case 'w': return String((f.wd + 1) % 7);
      case 'u': return String(f.wd + 1);
      case 'U': return p(Math.floor((dayOfYear + 6 - ((f.wd + 1) % 7)) / 7));
      case 'W': return p(Math.floor((dayOfYear + 6 - f.wd) / 7));
      case 'V': return p(isoWeek(f.y, f.mo, f.d)[1]);
      case 'G': return pad(isoWeek(f.y, f.mo, f.d)[0], 4);
      case 'b': case 'h': return (MONTH_NAMES[f.mo - 1] ?? '').slice(0, 3);
      case 'B': return MONTH_NAMES[f.mo - 1] ?? '';
      case 'z': return offsetText(f.tz, '');
      case 'Z': return f.tz ? f.tz.tzname : '';
      case 'F': return `${pad(f.y, 4)}-${pad(f.mo)}-${pad(f.d)}`;
      case 'T': case 'X': return `${pad(f.h)}:${pad(f.mi)}:${pad(f.s)}`;
      // the C locale's forms, which Python uses unless a program sets another locale
      case 'c': return strftime('%a %b %e %H:%M:%S %Y', f);
      case 'x': return strftime('%m/%d/%y', f);
      case '%': return '%';
      default: return whole;
    }
  });
}
