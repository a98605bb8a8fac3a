// A model's deprecation_date in the one form dbt gives it everywhere (manifest, ls, warnings).

/**
 * A deprecation date as dbt holds it, a timezone-aware datetime printed by isoformat(): YAML's
 * date or timestamp (`2030-01-01`, `2030-01-01 10:30:00.5+02:00`) becomes
 * `2030-01-01T00:00:00+00:00`, `2030-01-01T10:30:00.500000+02:00`; a time without a zone is
 * taken as UTC, the zone of the machines this runs on. Other text is kept as written.
 */
export function isoDeprecationDate(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (value instanceof Date) return value.toISOString().replace(/\.\d{3}Z$/u, '+00:00');
  const text = String(value);
  const m = YAML_TIMESTAMP.exec(text.trim());
  if (!m) return text;
  const [, date, hh = '00', mm = '00', ss = '00', fraction = '', zone = ''] = m;
  const micros = fraction.replace(/0+$/u, '') === '' ? '' : `.${fraction.slice(0, 6).padEnd(6, '0')}`;
  return `${date}T${hh.padStart(2, '0')}:${mm}:${ss}${micros}${isoZone(zone)}`;
}

// YAML 1.1's timestamp: a date, optionally a time (after `T` or spaces), its fraction and zone.
const YAML_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d*))?[ \t]*(Z|[-+]\d{1,2}(?::?\d{2})?)?)?$/u;

function isoZone(zone: string): string {
  if (zone === '' || zone === 'Z') return '+00:00';
  const m = /^([-+])(\d{1,2}):?(\d{2})?$/u.exec(zone)!;
  return `${m[1]}${m[2]!.padStart(2, '0')}:${m[3] ?? '00'}`;
}
