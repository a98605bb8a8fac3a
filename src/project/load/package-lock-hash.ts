// The sha1_hash of package-lock.yml, computed as dbt computes it, so a lock file written by dbt
// is recognised as current (and one written here is recognised by dbt). dbt hashes each package
// entry as its package contract serialises it: every field of the entry's kind with its default
// filled in, plus the entry as written before rendering (`unrendered`), dumped as Python's
// json.dumps(sort_keys=True) would, the dumps sorted and joined by newlines.
import { createHash } from 'node:crypto';

type Entry = Record<string, unknown>;

/** The fields of an entry's package contract, defaults included, in the form dbt serialises them. */
function contractFields(spec: Entry): Entry {
  if (typeof spec.package === 'string') {
    return { package: spec.package, version: spec.version ?? null, install_prerelease: typeof spec.install_prerelease === 'boolean' ? spec.install_prerelease : false };
  }
  if (typeof spec.git === 'string') {
    // warn_unpinned carries its alias when serialised; the other fields keep their names.
    return { git: spec.git, revision: spec.revision ?? null, 'warn-unpinned': spec['warn-unpinned'] ?? spec.warn_unpinned ?? null, subdirectory: spec.subdirectory ?? null };
  }
  if (typeof spec.tarball === 'string') return { tarball: spec.tarball, name: spec.name ?? null };
  if (typeof spec.local === 'string') return { local: spec.local };
  return { ...spec };
}

/**
 * dbt's sha1_hash for a package list: `rendered` are the entries with their Jinja rendered,
 * `written` the same entries as the packages file has them.
 */
export function dbtPackageListHash(rendered: readonly unknown[], written: readonly unknown[]): string {
  const dumps = rendered.map((spec, i) => {
    const fields = isEntry(spec) ? contractFields(spec) : {};
    const raw = written[i];
    return pythonJsonDumps({ ...fields, unrendered: isEntry(raw) ? raw : {} });
  });
  // Python sorts str by code point; a plain comparison of UTF-16 units agrees for these ASCII dumps.
  dumps.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha1').update(dumps.join('\n'), 'utf8').digest('hex');
}

/** A value as Python's json.dumps(value, sort_keys=True) writes it: `, ` and `: ` separators, non-ASCII escaped. */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : value > 0 ? 'Infinity' : value < 0 ? '-Infinity' : 'NaN';
  if (typeof value === 'string') return asciiJsonString(value);
  if (value instanceof Date) return asciiJsonString(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${asciiJsonString(k)}: ${pythonJsonDumps((value as Entry)[k])}`).join(', ')}}`;
  }
  return asciiJsonString(String(value));
}

/** A JSON string with every character outside printable ASCII written as \uXXXX, as ensure_ascii does. */
function asciiJsonString(s: string): string {
  return JSON.stringify(s).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function isEntry(v: unknown): v is Entry {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
