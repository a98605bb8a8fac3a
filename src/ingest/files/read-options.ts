import type { FilesSourceConfig } from '../config/ingest-config.js';
import type { FileFormat } from './file-reader.js';

/**
 * The settings that decide how a file of a source is read, as canonical JSON (keys sorted): the
 * fingerprint kept with each file in the manifest. A file whose bytes are unchanged but whose
 * fingerprint differs was read with other options (another delimiter, header, date format,
 * column types...) and is read again. Only the settings of the file's own format count, so
 * editing `csv:` does not reload a source's Parquet files.
 */
export function readOptionsOf(source: FilesSourceConfig, format: FileFormat): string {
  const options: Record<string, unknown> = { format, hive_partitioning: source.hivePartitioning };
  if (format === 'csv') {
    options.csv = Object.fromEntries(
      Object.entries(source.csvOptions)
        .map(([key, value]) => [key.toLowerCase(), value] as const)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  }
  return JSON.stringify(options);
}

/** What changed between two fingerprints, for the line that says why files are read again (`csv.delim ";" -> ","`). */
export function describeReadOptionsChange(before: string, after: string): string {
  const flat = (text: string): Map<string, string> => {
    const out = new Map<string, string>();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return out;
    }
    const walk = (value: unknown, prefix: string): void => {
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        for (const [key, inner] of Object.entries(value)) walk(inner, prefix ? `${prefix}.${key}` : key);
      } else {
        out.set(prefix, JSON.stringify(value));
      }
    };
    walk(parsed, '');
    return out;
  };
  const a = flat(before);
  const b = flat(after);
  const changes: string[] = [];
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const from = a.get(key);
    const to = b.get(key);
    if (from === to) continue;
    changes.push(from === undefined ? `${key} set to ${to}` : to === undefined ? `${key} ${from} removed` : `${key} ${from} -> ${to}`);
  }
  return changes.length ? changes.join(', ') : 'read options changed';
}
