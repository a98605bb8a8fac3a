// The subset of Python's datetime module dbt code uses (modules.datetime): date, datetime,
// timedelta and timezone with strftime, isoformat, arithmetic and comparison.
import { userError } from '../../../core/diagnostic.js';
import { NotImplemented, PY_TYPE_NAME, PyFloat, PyOrdered } from '../../../templating/index.js';
import { bindParams, splitArgs, isNone } from '../py-args.js';
import { type Fields, MS_PER_DAY, isoWeek, offsetText, pad, strftime } from './strftime.js';
import { PyTime } from './time.js';
import { namedTuple } from './named-tuple.js';

export { MS_PER_DAY, offsetText } from './strftime.js';

/** A Python float result: integral values keep their `.0` when printed. */
const pyFloat = (n: number): number | PyFloat => (Number.isInteger(n) ? new PyFloat(n) : n);
/** A plain int or float operand (bools count, as in Python), else undefined. */
const numeric = (v: unknown): number | undefined => (typeof v === 'number' || typeof v === 'boolean' || v instanceof PyFloat ? Number(v) : undefined);
const zeroDivision = (): never => {
  throw userError('compiler-error', 'ZeroDivisionError: division by zero');
};

/** Python's round(): halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Python's datetime.timedelta, held as whole microseconds. */
export class PyTimedelta {
  constructor(readonly micros: number) {}
  static from(raw: readonly unknown[]): PyTimedelta {
    const p = bindParams(raw, ['days', 'seconds', 'microseconds', 'milliseconds', 'minutes', 'hours', 'weeks']);
    const n = (k: string): number => (isNone(p[k]) ? 0 : Number(p[k]));
    const total = ((((n('weeks') * 7 + n('days')) * 24 + n('hours')) * 60 + n('minutes')) * 60 + n('seconds')) * 1e6 + n('milliseconds') * 1000 + n('microseconds');
    return new PyTimedelta(Math.round(total));
  }
  get days(): number {
    return Math.floor(this.micros / (MS_PER_DAY * 1000));
  }
  get seconds(): number {
    return Math.floor((this.micros - this.days * MS_PER_DAY * 1000) / 1e6);
  }
  get microseconds(): number {
    return this.micros - this.days * MS_PER_DAY * 1000 - this.seconds * 1e6;
  }
  total_seconds(): number | PyFloat {
    return pyFloat(this.micros / 1e6);
  }
  __str__(): string {
    return this.toString();
  }
  __repr__(): string {
    const parts = (['days', 'seconds', 'microseconds'] as const).filter((k) => this[k] !== 0).map((k) => `${k}=${this[k]}`);
    return `datetime.timedelta(${parts.length > 0 ? parts.join(', ') : '0'})`;
  }
  __add__(other: unknown): unknown {
    if (other instanceof PyTimedelta) return new PyTimedelta(this.micros + other.micros);
    if (other instanceof PyDate) return other.__add__(this);
    return NotImplemented;
  }
  __radd__(other: unknown): unknown {
    return this.__add__(other);
  }
  __sub__(other: unknown): unknown {
    return other instanceof PyTimedelta ? new PyTimedelta(this.micros - other.micros) : NotImplemented;
  }
  __neg__(): PyTimedelta {
    return new PyTimedelta(-this.micros);
  }
  __mul__(k: unknown): unknown {
    const n = numeric(k);
    return n === undefined ? NotImplemented : new PyTimedelta(roundHalfEven(this.micros * n));
  }
  __rmul__(k: unknown): unknown {
    return this.__mul__(k);
  }
  // timedelta / timedelta is a float ratio; timedelta / number scales, rounding to the microsecond.
  __truediv__(other: unknown): unknown {
    if (other instanceof PyTimedelta) return other.micros === 0 ? zeroDivision() : pyFloat(this.micros / other.micros);
    const n = numeric(other);
    if (n === undefined) return NotImplemented;
    return n === 0 ? zeroDivision() : new PyTimedelta(roundHalfEven(this.micros / n));
  }
  __floordiv__(other: unknown): unknown {
    if (other instanceof PyTimedelta) return other.micros === 0 ? zeroDivision() : Math.floor(this.micros / other.micros);
    const n = numeric(other);
    if (n === undefined || !Number.isInteger(n) || other instanceof PyFloat) return NotImplemented;
    return n === 0 ? zeroDivision() : new PyTimedelta(Math.floor(this.micros / n));
  }
  __mod__(other: unknown): unknown {
    if (!(other instanceof PyTimedelta)) return NotImplemented;
    if (other.micros === 0) zeroDivision();
    return new PyTimedelta(this.micros - Math.floor(this.micros / other.micros) * other.micros);
  }
  // a zero timedelta is falsy in Python
  __bool__(): boolean {
    return this.micros !== 0;
  }
  __eq__(other: unknown): boolean {
    return other instanceof PyTimedelta && other.micros === this.micros;
  }
  // timedeltas order only among themselves: NotImplemented lets `<` raise Python's TypeError for anything else
  __lt__(other: unknown): unknown {
    return other instanceof PyTimedelta ? this.micros < other.micros : NotImplemented;
  }
  __le__(other: unknown): unknown {
    return other instanceof PyTimedelta ? this.micros <= other.micros : NotImplemented;
  }
  __gt__(other: unknown): unknown {
    return other instanceof PyTimedelta ? this.micros > other.micros : NotImplemented;
  }
  __ge__(other: unknown): unknown {
    return other instanceof PyTimedelta ? this.micros >= other.micros : NotImplemented;
  }
  valueOf(): number {
    return this.micros;
  }
  toString(): string {
    const d = this.days;
    const rest = this.micros - d * MS_PER_DAY * 1000;
    const h = Math.floor(rest / 3.6e9);
    const m = Math.floor((rest % 3.6e9) / 6e7);
    const s = Math.floor((rest % 6e7) / 1e6);
    const us = rest % 1e6;
    const time = `${h}:${pad(m)}:${pad(s)}${us ? `.${pad(us, 6)}` : ''}`;
    return d ? `${d} day${Math.abs(d) === 1 ? '' : 's'}, ${time}` : time;
  }
}

/** Python's datetime.timezone (fixed offsets; pytz.utc is one). */
export class PyTimezone {
  constructor(
    readonly offsetMinutes: number,
    readonly tzname: string,
  ) {}
  utcoffset(): PyTimedelta {
    return new PyTimedelta(this.offsetMinutes * 6e7);
  }
  /** The fixed zone in force at an instant (microseconds since the epoch); named zones vary. */
  atUtc(_micros: number): PyTimezone {
    return this;
  }
  get zone(): string {
    return this.tzname;
  }
  localize(dt: unknown): unknown {
    return dt instanceof PyDatetime ? new PyDatetime(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, dt.microsecond, this) : dt;
  }
  toString(): string {
    return this.tzname;
  }
}

/** UTC as a timezone object. */
export const UTC = new PyTimezone(0, 'UTC');

/** Python's datetime.date. */
export class PyDate extends PyOrdered {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
  ) {
    super();
    if (month < 1 || month > 12) throw userError('compiler-error', 'month must be in 1..12');
    if (day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) throw userError('compiler-error', 'day is out of range for month');
  }
  protected epochMicros(): number {
    return Date.UTC(this.year, this.month - 1, this.day) * 1000;
  }
  weekday(): number {
    return (new Date(Date.UTC(this.year, this.month - 1, this.day)).getUTCDay() + 6) % 7;
  }
  isoweekday(): number {
    return this.weekday() + 1;
  }
  /** (ISO year, ISO week, ISO weekday), readable by index or by name. */
  isocalendar(): unknown[] {
    const [year, week] = isoWeek(this.year, this.month, this.day);
    return namedTuple('datetime.IsoCalendarDate', [['year', year], ['week', week], ['weekday', this.isoweekday()]]);
  }
  /** time.struct_time of the wall time; tm_isdst is -1 as no zone here tells daylight saving apart. */
  timetuple(): unknown[] {
    const f = this.fields();
    const yday = Math.round((Date.UTC(this.year, this.month - 1, this.day) - Date.UTC(this.year, 0, 1)) / MS_PER_DAY) + 1;
    const values: [string, unknown][] = [['tm_year', f.y], ['tm_mon', f.mo], ['tm_mday', f.d], ['tm_hour', f.h], ['tm_min', f.mi], ['tm_sec', f.s], ['tm_wday', f.wd], ['tm_yday', yday], ['tm_isdst', -1]];
    return namedTuple('time.struct_time', values, { tm_zone: null, tm_gmtoff: null });
  }
  toordinal(): number {
    return Math.floor(Date.UTC(this.year, this.month - 1, this.day) / MS_PER_DAY) + 719163;
  }
  isoformat(): string {
    return `${pad(this.year, 4)}-${pad(this.month)}-${pad(this.day)}`;
  }
  strftime(format: unknown): string {
    return strftime(String(format), this.fields());
  }
  /** Python's ctime(): `Wed Jan  1 00:00:00 2020`. */
  ctime(): string {
    return this.strftime('%a %b %e %H:%M:%S %Y');
  }
  /** `'{:%Y-%m-%d}'.format(d)`: a non-empty spec is a strftime format, as in Python. */
  __format__(spec: unknown): string {
    return String(spec) === '' ? this.toString() : this.strftime(spec);
  }
  replace(...raw: unknown[]): PyDate {
    const p = bindParams(raw, ['year', 'month', 'day']);
    return new PyDate(Number(p['year'] ?? this.year), Number(p['month'] ?? this.month), Number(p['day'] ?? this.day));
  }
  protected fields(): Fields {
    return { y: this.year, mo: this.month, d: this.day, h: 0, mi: 0, s: 0, us: 0, wd: this.weekday(), tz: null };
  }
  __add__(other: unknown): unknown {
    if (!(other instanceof PyTimedelta)) return NotImplemented;
    const ms = Date.UTC(this.year, this.month - 1, this.day) + Math.floor(other.micros / 1000 / MS_PER_DAY) * MS_PER_DAY;
    const d = new Date(ms);
    return new PyDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  }
  __radd__(other: unknown): unknown {
    return this.__add__(other);
  }
  __sub__(other: unknown): unknown {
    if (other instanceof PyTimedelta) return this.__add__(new PyTimedelta(-other.micros));
    if (other instanceof PyDate && !(other instanceof PyDatetime)) return new PyTimedelta(this.epochMicros() - other.epochMicros());
    return NotImplemented;
  }
  __eq__(other: unknown): boolean {
    // a naive and an aware datetime are never equal, as in Python
    return other instanceof PyDate && other.constructor === this.constructor && aware(other) === aware(this) && other.epochMicros() === this.epochMicros();
  }
  /** Python's ordering: NotImplemented for other types; a date against a datetime, or a naive against an aware datetime, is a TypeError. */
  protected order(other: unknown, test: (diff: number) => boolean): unknown {
    if (!(other instanceof PyDate)) return NotImplemented;
    if (other instanceof PyDatetime !== this instanceof PyDatetime) throw userError('compiler-error', "can't compare datetime.datetime to datetime.date");
    if (aware(other) !== aware(this)) throw userError('compiler-error', "can't compare offset-naive and offset-aware datetimes");
    return test(this.epochMicros() - other.epochMicros());
  }
  override valueOf(): number {
    return this.epochMicros();
  }
  override toString(): string {
    return this.isoformat();
  }
  /** In JSON artifacts as dbt's encoder writes dates and datetimes: isoformat(). */
  toJSON(): string {
    return this.isoformat();
  }
  __str__(): string {
    return this.toString();
  }
  // how a date shows inside a list or dict: datetime.date(2024, 1, 3)
  __repr__(): string {
    return `datetime.date(${this.year}, ${this.month}, ${this.day})`;
  }
}

/** Python's datetime.datetime (naive, or aware with a fixed-offset timezone). */
export class PyDatetime extends PyDate {
  constructor(
    year: number,
    month: number,
    day: number,
    readonly hour = 0,
    readonly minute = 0,
    readonly second = 0,
    readonly microsecond = 0,
    readonly tzinfo: PyTimezone | null = null,
  ) {
    super(year, month, day);
  }
  /** From microseconds since the epoch, shown in the given timezone's local time. */
  static fromMicros(micros: number, tz: PyTimezone | null): PyDatetime {
    const local = micros + (tz ? tz.offsetMinutes * 6e7 : 0);
    const ms = Math.floor(local / 1000);
    const d = new Date(ms);
    const us = local - ms * 1000 + d.getUTCMilliseconds() * 1000;
    return new PyDatetime(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), us, tz);
  }
  static fromDate(date: Date, tz: PyTimezone | null = UTC): PyDatetime {
    const micros = date.getTime() * 1000;
    return PyDatetime.fromMicros(micros, tz ? tz.atUtc(micros) : null);
  }
  /** Microseconds since the epoch of the wall-clock time (naive values read as UTC). */
  protected override epochMicros(): number {
    const wall = Date.UTC(this.year, this.month - 1, this.day, this.hour, this.minute, this.second) * 1000 + this.microsecond;
    return wall - (this.tzinfo ? this.tzinfo.offsetMinutes * 6e7 : 0);
  }
  protected override fields(): Fields {
    return { y: this.year, mo: this.month, d: this.day, h: this.hour, mi: this.minute, s: this.second, us: this.microsecond, wd: this.weekday(), tz: this.tzinfo };
  }
  date(): PyDate {
    return new PyDate(this.year, this.month, this.day);
  }
  /** The time of day, without the zone (timetz() keeps it). */
  time(): PyTime {
    return new PyTime(this.hour, this.minute, this.second, this.microsecond);
  }
  timetz(): PyTime {
    return new PyTime(this.hour, this.minute, this.second, this.microsecond, this.tzinfo);
  }
  timestamp(): number | PyFloat {
    return pyFloat(this.epochMicros() / 1e6);
  }
  utcoffset(): PyTimedelta | null {
    return this.tzinfo ? this.tzinfo.utcoffset() : null;
  }
  tzname(): string | null {
    return this.tzinfo ? this.tzinfo.tzname : null;
  }
  astimezone(tz?: unknown): PyDatetime {
    const micros = this.epochMicros();
    return PyDatetime.fromMicros(micros, (tz instanceof PyTimezone ? tz : UTC).atUtc(micros));
  }
  override replace(...raw: unknown[]): PyDatetime {
    const { kwargs } = splitArgs(raw);
    const p = bindParams(raw, ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond', 'tzinfo']);
    const pick = (k: string, v: number): number => (p[k] === undefined ? v : Number(p[k]));
    const tz = 'tzinfo' in kwargs || p['tzinfo'] !== undefined ? ((p['tzinfo'] as PyTimezone | null) ?? null) : this.tzinfo;
    return new PyDatetime(pick('year', this.year), pick('month', this.month), pick('day', this.day), pick('hour', this.hour), pick('minute', this.minute), pick('second', this.second), pick('microsecond', this.microsecond), tz);
  }
  override isoformat(sep: unknown = 'T'): string {
    const s = typeof sep === 'string' ? sep : 'T';
    const us = this.microsecond ? `.${pad(this.microsecond, 6)}` : '';
    return `${super.isoformat()}${s}${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}${us}${offsetText(this.tzinfo, ':')}`;
  }
  override __add__(other: unknown): unknown {
    return other instanceof PyTimedelta ? PyDatetime.fromMicros(this.epochMicros() + other.micros, this.tzinfo) : NotImplemented;
  }
  override __sub__(other: unknown): unknown {
    if (other instanceof PyTimedelta) return PyDatetime.fromMicros(this.epochMicros() - other.micros, this.tzinfo);
    if (!(other instanceof PyDatetime)) return NotImplemented;
    if (aware(other) !== aware(this)) throw userError('compiler-error', "can't subtract offset-naive and offset-aware datetimes");
    return new PyTimedelta(this.epochMicros() - other.epochMicros());
  }
  override toString(): string {
    return this.isoformat(' ');
  }
  override __repr__(): string {
    const parts = [this.year, this.month, this.day, this.hour, this.minute, this.second, this.microsecond];
    if (parts[6] === 0) parts.pop();
    if (parts.length === 6 && parts[5] === 0) parts.pop();
    // run_started_at and pytz.utc print as pytz's <UTC>; other zones by their offset
    const tz = !this.tzinfo ? '' : this.tzinfo === UTC ? ', tzinfo=<UTC>' : `, tzinfo=datetime.timezone(${this.tzinfo.utcoffset().__repr__()})`;
    return `datetime.datetime(${parts.join(', ')}${tz})`;
  }
}

/** Whether a date is an aware datetime (one with a zone). */
const aware = (d: PyDate): boolean => d instanceof PyDatetime && d.tzinfo !== null;

/** Parses the ISO forms Python's fromisoformat accepts (date, date + time, offset). */
export function parseIso(text: string, dateOnly: boolean): PyDatetime | PyDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(text.trim());
  if (!m) throw userError('compiler-error', `Invalid isoformat string: '${text}'`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (dateOnly) return new PyDate(y, mo, d);
  let tz: PyTimezone | null = null;
  if (m[8]) {
    if (m[8] === 'Z') tz = UTC;
    else {
      const sign = m[8].startsWith('-') ? -1 : 1;
      const digits = m[8].slice(1).replace(':', '');
      const minutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
      tz = minutes === 0 ? UTC : new PyTimezone(minutes, `UTC${offsetText(new PyTimezone(minutes, ''), ':')}`);
    }
  }
  return new PyDatetime(y, mo, d, Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), Number((m[7] ?? '').padEnd(6, '0') || 0), tz);
}

// Python's own names for these types, which its error messages print: "unsupported operand type(s) for +: 'datetime.date' and 'int'"
for (const [cls, name] of [[PyTimedelta, 'timedelta'], [PyTimezone, 'timezone'], [PyDate, 'date'], [PyDatetime, 'datetime']] as const) Object.defineProperty(cls.prototype, PY_TYPE_NAME, { value: `datetime.${name}` });
