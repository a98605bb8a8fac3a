// `modules.pytz` with named zones (America/New_York, Europe/Berlin, ...) over the IANA time zone
// data the runtime carries (Intl), so `run_started_at.astimezone(modules.pytz.timezone(...))`
// and dbt_date's `datetime(..., tzinfo=pytz.timezone(var('dbt_date:time_zone')))` work.
import { userError } from '../../../core/diagnostic.js';
import { bindParams } from '../py-args.js';
import { PyDatetime, PyTimezone, UTC } from './datetime.js';

const formats = new Map<string, Intl.DateTimeFormat>();

function zonePart(zone: string, style: 'longOffset' | 'short', locale: string, ms: number): string {
  const key = `${zone}|${style}|${locale}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: style })));
  return format.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value ?? '';
}

/** The zone's offset from UTC at an instant, in whole minutes rounded as pytz rounds its tables. */
function offsetAt(zone: string, ms: number): number {
  const m = /GMT([+-])(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(zonePart(zone, 'longOffset', 'en-US', ms));
  if (!m) return 0;
  const seconds = (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0)) * (m[1] === '-' ? -1 : 1);
  return Math.floor((seconds + 30) / 60);
}

/** The zone's abbreviation at an instant (PDT, CEST); a numeric one where the data has no name. */
function abbreviationAt(zone: string, ms: number): string {
  const us = zonePart(zone, 'short', 'en-US', ms);
  if (!/^GMT[+-]/.test(us)) return us;
  const gb = zonePart(zone, 'short', 'en-GB', ms);
  return /^GMT[+-]/.test(gb) ? us : gb;
}

// An instant long before standard time: zones then ran on local mean time, pytz's first entry.
const LOCAL_MEAN_TIME_INSTANT = Date.UTC(1800, 0, 1);

/** A pytz zone as one instant sees it (pytz's localized tzinfo): a fixed offset, named by its zone. */
class PytzTimezone extends PyTimezone {
  constructor(
    offsetMinutes: number,
    abbreviation: string,
    readonly zoneName: string,
  ) {
    super(offsetMinutes, abbreviation);
  }
  override get zone(): string {
    return this.zoneName;
  }
  /** The offset the zone has at the instant (what pytz's fromutc picks for astimezone and now). */
  override atUtc(micros: number): PyTimezone {
    const ms = Math.floor(micros / 1000);
    return new PytzTimezone(offsetAt(this.zoneName, ms), abbreviationAt(this.zoneName, ms), this.zoneName);
  }
  /** pytz's localize(dt, is_dst=False): the wall time read in this zone; ambiguous or skipped times take standard time unless is_dst. */
  override localize(...raw: unknown[]): unknown {
    const p = bindParams(raw, ['dt', 'is_dst']);
    const dt = p['dt'];
    if (!(dt instanceof PyDatetime)) return dt;
    const wall = Date.UTC(dt.year, dt.month - 1, dt.day, dt.hour, dt.minute, dt.second);
    const around = [...new Set([offsetAt(this.zoneName, wall - 43_200_000), offsetAt(this.zoneName, wall + 43_200_000)])];
    const valid = around.filter((o) => offsetAt(this.zoneName, wall - o * 60_000) === o);
    const choices = valid.length > 0 ? valid : around;
    const offset = p['is_dst'] === true ? Math.max(...choices) : Math.min(...choices);
    const zone = new PytzTimezone(offset, abbreviationAt(this.zoneName, wall - offset * 60_000), this.zoneName);
    return new PyDatetime(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, dt.microsecond, zone);
  }
  /** pytz's normalize(dt): the same instant with the offset this zone has then. */
  normalize(dt: unknown): unknown {
    return dt instanceof PyDatetime ? dt.astimezone(this) : dt;
  }
  override toString(): string {
    return this.zoneName;
  }
}

/** `modules.pytz`: utc and the IANA zones by name. */
export function pytzModule(): Record<string, unknown> {
  return {
    utc: UTC,
    UTC,
    timezone: (name: unknown) => {
      const n = String(name);
      if (/^(UTC|Etc\/UTC|GMT|Etc\/GMT|Z)$/i.test(n)) return UTC;
      try {
        // A zone not yet localized carries its first offset (local mean time), as in pytz, so
        // `datetime(..., tzinfo=pytz.timezone('America/Los_Angeles'))` prints -07:53 as Python does.
        const resolved = new Intl.DateTimeFormat('en-US', { timeZone: n }).resolvedOptions().timeZone;
        return new PytzTimezone(offsetAt(n, LOCAL_MEAN_TIME_INSTANT), 'LMT', resolved.toLowerCase() === n.toLowerCase() ? resolved : n);
      } catch {
        throw userError('compiler-error', `Unknown time zone '${n}' in modules.pytz.timezone().`);
      }
    },
  };
}
