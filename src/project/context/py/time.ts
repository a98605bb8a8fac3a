// Python's datetime.time (modules.datetime.time, a datetime's .time()): a time of day with an
// optional zone, printed, formatted and compared as Python does.
import { userError } from '../../../core/diagnostic.js';
import { NotImplemented, PY_TYPE_NAME, PyOrdered } from '../../../templating/index.js';
import { bindParams, isNone, splitArgs } from '../py-args.js';
import type { PyTimezone } from './datetime.js';
import { offsetText, pad, strftime } from './strftime.js';

/** Python's datetime.time. */
export class PyTime extends PyOrdered {
  constructor(
    readonly hour = 0,
    readonly minute = 0,
    readonly second = 0,
    readonly microsecond = 0,
    readonly tzinfo: PyTimezone | null = null,
  ) {
    super();
    const check = (v: number, max: number, what: string): void => {
      if (!Number.isInteger(v) || v < 0 || v > max) throw userError('compiler-error', `${what} must be in 0..${max}`);
    };
    check(hour, 23, 'hour');
    check(minute, 59, 'minute');
    check(second, 59, 'second');
    check(microsecond, 999999, 'microsecond');
  }
  /** `modules.datetime.time(hour, minute, second, microsecond, tzinfo)`, also by keyword. */
  static construct(raw: readonly unknown[]): PyTime {
    const p = bindParams(raw, ['hour', 'minute', 'second', 'microsecond', 'tzinfo']);
    const n = (k: string): number => (isNone(p[k]) ? 0 : Number(p[k]));
    return new PyTime(n('hour'), n('minute'), n('second'), n('microsecond'), isNone(p['tzinfo']) ? null : (p['tzinfo'] as PyTimezone));
  }
  utcoffset(): unknown {
    return this.tzinfo ? this.tzinfo.utcoffset() : null;
  }
  tzname(): string | null {
    return this.tzinfo ? this.tzinfo.tzname : null;
  }
  /** Python's isoformat(timespec='auto'|'hours'|'minutes'|'seconds'|'milliseconds'|'microseconds'). */
  isoformat(...raw: unknown[]): string {
    const spec = String(bindParams(raw, ['timespec'])['timespec'] ?? 'auto');
    const hm = `${pad(this.hour)}:${pad(this.minute)}`;
    const hms = `${hm}:${pad(this.second)}`;
    const byspec: Record<string, string> = {
      hours: pad(this.hour),
      minutes: hm,
      seconds: hms,
      milliseconds: `${hms}.${pad(Math.floor(this.microsecond / 1000), 3)}`,
      microseconds: `${hms}.${pad(this.microsecond, 6)}`,
    };
    const body = spec === 'auto' ? (this.microsecond ? byspec['microseconds'] : hms) : byspec[spec];
    if (body === undefined) throw userError('compiler-error', 'Unknown timespec value');
    return `${body}${offsetText(this.tzinfo, ':')}`;
  }
  /** strftime reads the date fields as 1900-01-01, as Python's time.strftime does. */
  strftime(format: unknown): string {
    return strftime(String(format), { y: 1900, mo: 1, d: 1, h: this.hour, mi: this.minute, s: this.second, us: this.microsecond, wd: 0, tz: this.tzinfo });
  }
  __format__(spec: unknown): string {
    return String(spec) === '' ? this.toString() : this.strftime(spec);
  }
  replace(...raw: unknown[]): PyTime {
    const { kwargs } = splitArgs(raw);
    const p = bindParams(raw, ['hour', 'minute', 'second', 'microsecond', 'tzinfo']);
    const pick = (k: string, v: number): number => (p[k] === undefined ? v : Number(p[k]));
    const tz = 'tzinfo' in kwargs || p['tzinfo'] !== undefined ? ((p['tzinfo'] as PyTimezone | null) ?? null) : this.tzinfo;
    return new PyTime(pick('hour', this.hour), pick('minute', this.minute), pick('second', this.second), pick('microsecond', this.microsecond), tz);
  }
  /** Microseconds since midnight, moved to UTC for an aware time. */
  private micros(): number {
    const wall = ((this.hour * 60 + this.minute) * 60 + this.second) * 1e6 + this.microsecond;
    return wall - (this.tzinfo ? this.tzinfo.offsetMinutes * 6e7 : 0);
  }
  __eq__(other: unknown): boolean {
    return other instanceof PyTime && (other.tzinfo === null) === (this.tzinfo === null) && other.micros() === this.micros();
  }
  /** Python's ordering: NotImplemented for other types; a naive against an aware time is a TypeError. */
  protected order(other: unknown, test: (diff: number) => boolean): unknown {
    if (!(other instanceof PyTime)) return NotImplemented;
    if ((other.tzinfo === null) !== (this.tzinfo === null)) throw userError('compiler-error', "can't compare offset-naive and offset-aware times");
    return test(this.micros() - other.micros());
  }
  /** Every time is true in Python 3, midnight included. */
  __bool__(): boolean {
    return true;
  }
  override toString(): string {
    return this.isoformat();
  }
  __str__(): string {
    return this.toString();
  }
  /** `datetime.time(5, 6)`: trailing zero seconds and microseconds left out, as Python prints it. */
  __repr__(): string {
    const parts = [this.hour, this.minute];
    if (this.second || this.microsecond) parts.push(this.second);
    if (this.microsecond) parts.push(this.microsecond);
    const tz = !this.tzinfo ? '' : this.tzinfo.tzname === 'UTC' && this.tzinfo.offsetMinutes === 0 ? ', tzinfo=<UTC>' : `, tzinfo=datetime.timezone(${String((this.tzinfo.utcoffset() as { __repr__(): string }).__repr__())})`;
    return `datetime.time(${parts.join(', ')}${tz})`;
  }
}

Object.defineProperty(PyTime.prototype, PY_TYPE_NAME, { value: 'datetime.time' });
