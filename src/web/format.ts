// Number and date formats the whole app shares: 1.2k, 23.98, 4.5%.

/** Formats as dashboards declare them. */
export type ValueFormat = 'number' | 'integer' | 'decimal' | 'currency' | 'percent' | 'duration' | 'text';

const COMPACT = [
  { at: 1e12, suffix: 'T' },
  { at: 1e9, suffix: 'B' },
  { at: 1e6, suffix: 'M' },
  { at: 1e3, suffix: 'k' },
];

/** Converts a cell to a number when it is one (DECIMAL, BIGINT as text beyond 2^53). */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

/** 1234 -> "1.2k", 23.98 -> "23.98", 0.5 -> "0.5". */
export function compact(n: number, digits = 1): string {
  const abs = Math.abs(n);
  for (const { at, suffix } of COMPACT) {
    if (abs >= at) {
      const scaled = n / at;
      return `${trimZeros(scaled.toFixed(Math.abs(scaled) >= 100 ? 0 : digits))}${suffix}`;
    }
  }
  if (Number.isInteger(n)) return String(n);
  return trimZeros(n.toFixed(abs >= 100 ? 1 : 2));
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** Groups thousands: 12345.6 -> "12,345.6". */
export function grouped(n: number, decimals?: number): string {
  return n.toLocaleString('en-US', decimals === undefined ? { maximumFractionDigits: 2 } : { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** Formats a value for a KPI or a chart axis (short) or for a table cell (long). */
export function formatValue(value: unknown, format: ValueFormat = 'number', style: 'short' | 'long' = 'short'): string {
  if (value === null || value === undefined) return '–';
  const n = toNumber(value);
  if (n === undefined || format === 'text') return String(value);
  switch (format) {
    case 'percent': {
      const p = n * 100;
      return `${trimZeros(p.toFixed(Math.abs(p) >= 10 ? 1 : 2))}%`;
    }
    case 'currency':
      if (style === 'short' && Math.abs(n) >= 10_000) return compact(n);
      return grouped(n, 2);
    case 'integer':
      if (style === 'short' && Math.abs(n) >= 10_000) return compact(n);
      return grouped(Math.round(n), 0);
    case 'decimal':
      if (style === 'short' && Math.abs(n) >= 10_000) return compact(n);
      return style === 'long' ? grouped(n, 2) : grouped(n, Number.isInteger(n) ? 0 : 2);
    case 'duration':
      return formatDuration(n);
    default:
      if (style === 'short') return compact(n);
      return grouped(n);
  }
}

/** Seconds as "850 ms", "12.3 s", "4m 05s", "2h 10m". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${trimZeros(seconds.toFixed(seconds < 10 ? 2 : 1))} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m}m ${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** A relative change as "+12.5%" (undefined when there is nothing to compare with). */
export function formatChange(current: number, previous: number): { text: string; direction: 'up' | 'down' | 'flat' } | undefined {
  if (!Number.isFinite(previous) || previous === 0) return undefined;
  const change = (current - previous) / Math.abs(previous);
  const direction = Math.abs(change) < 0.0005 ? 'flat' : change > 0 ? 'up' : 'down';
  const p = change * 100;
  const text = `${p > 0 ? '+' : ''}${trimZeros(p.toFixed(Math.abs(p) >= 10 ? 0 : 1))}%`;
  return { text: direction === 'flat' ? '0%' : text, direction };
}

/** A date or timestamp cell shown short: "2023-01-01" stays, timestamps lose seconds. */
export function formatCell(value: unknown, format: ValueFormat | undefined, type: string): string {
  if (value === null || value === undefined) return '–';
  if (format) return formatValue(value, format, 'long');
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT)$/.test(type)) return formatValue(value, 'integer', 'long');
  if (/^(DOUBLE|FLOAT|REAL|DECIMAL)/.test(type)) return formatValue(value, 'decimal', 'long');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** An ISO time as "Mar 5, 14:02" (or with the year when not this year). */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const sameYear = d.getFullYear() === new Date().getFullYear();
  return d.toLocaleString('en-US', { month: 'short', day: 'numeric', ...(sameYear ? {} : { year: 'numeric' }), hour: '2-digit', minute: '2-digit', hour12: false });
}

/** "3 minutes ago". */
export function timeAgo(iso: string | null | undefined): string {
  if (!iso) return '';
  const s = (Date.now() - new Date(iso).getTime()) / 1000;
  if (!Number.isFinite(s)) return '';
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

/** "in 5 min", "in 3 h", "in 2 d" for a time ahead ("now" when it has passed). */
export function timeUntil(iso: string | null | undefined): string {
  if (!iso) return '';
  const s = (new Date(iso).getTime() - Date.now()) / 1000;
  if (!Number.isFinite(s)) return '';
  if (s < 60) return 'now';
  if (s < 3600) return `in ${Math.round(s / 60)} min`;
  if (s < 86400) return `in ${Math.round(s / 3600)} h`;
  return `in ${Math.round(s / 86400)} d`;
}

/** An age in seconds as "45 min", "5 h", "3 d". */
export function formatAge(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '–';
  if (seconds < 3600) return `${Math.max(0, Math.round(seconds / 60))} min`;
  if (seconds < 86400 * 2) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} d`;
}
