// The sha1_hash of package-lock.yml, computed as dbt computes it, so a lock file written by dbt
// is recognised as current (and one written here is recognised by dbt). dbt hashes each package
// entry as its package contract serialises it: every field of the entry's kind with its default
// filled in, plus the entry as written before rendering (`unrendered`), dumped as Python's
// json.dumps(sort_keys=True) would, the dumps sorted and joined by newlines.
import { createHash } from 'node:crypto';
import { jsonDumpsSortKeys } from '../../templating/index.js';

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
    return jsonDumpsSortKeys({ ...fields, unrendered: isEntry(raw) ? raw : {} });
  });
  // Python sorts str by code point; a plain comparison of UTF-16 units agrees for these ASCII dumps.
  dumps.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha1').update(dumps.join('\n'), 'utf8').digest('hex');
}

function isEntry(v: unknown): v is Entry {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
