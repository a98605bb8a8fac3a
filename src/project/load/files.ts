// Finds and reads resource files. Folders are walked concurrently; files are read with
// synchronous calls, which for thousands of small files costs a fraction of the CPU and
// time of asynchronous reads (each of those is four thread-pool round trips).
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { isAbsolute, join, relative, sep } from 'node:path';

/** A file found under one of a package's resource folders. */
export interface FoundFile {
  /** Absolute path. */
  abs: string;
  /** Path relative to the package root, with `/` separators (dbt's original_file_path). */
  rel: string;
  /** Path relative to the resource folder it was found in (dbt's path). */
  relToResource: string;
  /** The resource folder as written in dbt_project.yml. */
  resourceDir: string;
}

/** Lists files under `dirs` (relative to `root`) whose names end with one of `exts`. */
export async function listFiles(root: string, dirs: readonly string[], exts: readonly string[]): Promise<FoundFile[]> {
  const out: FoundFile[] = [];
  const seen = new Set<string>();
  await Promise.all(
    dirs.map(async (dir) => {
      // A path written absolute stays as written, as Python's os.path.join keeps it in dbt.
      const base = isAbsolute(dir) ? dir : join(root, dir);
      const found: string[] = [];
      await walk(base, found, 0);
      // Every file found is `base/...`: its relative paths are slices (path.relative per file
      // costs two resolves; at 10,000 files that is tens of MB of garbage).
      const baseRel = toPosix(relative(root, base));
      const prefix = base.endsWith(sep) ? base.length : base.length + 1;
      for (const abs of found) {
        // dbt matches file patterns ignoring case: `orders.SQL` is a model too.
        const lower = abs.toLowerCase();
        if (!exts.some((e) => lower.endsWith(e)) || seen.has(abs)) continue;
        seen.add(abs);
        const relToResource = toPosix(abs.slice(prefix));
        out.push({ abs, rel: baseRel === '' ? relToResource : `${baseRel}/${relToResource}`, relToResource, resourceDir: dir });
      }
    }),
  );
  out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return out;
}

async function walk(dir: string, out: string[], depth: number): Promise<void> {
  if (depth > 64) return;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  const subdirs: string[] = [];
  const parent = dir.endsWith(sep) ? dir : dir + sep;
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    // `dir` is already normalized and a name has no separator: no need for path.join.
    const path = parent + e.name;
    if (e.isDirectory() || (e.isSymbolicLink() && !/\.[A-Za-z]+$/.test(e.name))) subdirs.push(path);
    else if (e.isFile() || e.isSymbolicLink()) out.push(path);
  }
  await Promise.all(subdirs.map((d) => walk(d, out, depth + 1)));
}

/** Reads many files, caching by absolute path; a failed read rejects like `readFile`. */
export class FileReader {
  private readonly cache = new Map<string, Promise<string>>();

  read(abs: string): Promise<string> {
    let p = this.cache.get(abs);
    if (!p) {
      try {
        p = Promise.resolve(readFileSync(abs, 'utf8'));
      } catch (error) {
        p = Promise.reject(error);
        p.catch(() => undefined);
      }
      this.cache.set(abs, p);
    }
    return p;
  }

  async readAll<T extends { abs: string }>(files: readonly T[]): Promise<(T & { text: string })[]> {
    const out: (T & { text: string })[] = [];
    for (const f of files) out.push({ ...f, text: await this.read(f.abs) });
    return out;
  }
}

/** sha256 of a file's contents, as dbt's checksum. */
export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

// Python's str.strip() set: JavaScript's trim() also drops U+FEFF (a byte order mark), which dbt keeps.
const PY_WHITESPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_STRIP = new RegExp(`^[${PY_WHITESPACE}]+|[${PY_WHITESPACE}]+$`, 'g');

/**
 * dbt's checksum of a resource file (model, seed, snapshot, analysis, test): the sha256 of its
 * text with leading and trailing whitespace stripped, so that a manifest written by dbt compares
 * equal under state:modified and a change of surrounding blank lines is no change.
 */
export function fileChecksum(text: string): string {
  return sha256(text.replace(PY_STRIP, ''));
}

/** A path with `/` separators. */
export function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

/** The folders of a resource-relative path: `staging/x/stg_a.sql` -> ['staging', 'x']. */
export function folderParts(relToResource: string): string[] {
  const parts = relToResource.split('/');
  parts.pop();
  return parts.filter((p) => p !== '' && p !== '.');
}

/** File name without its extension. */
export function stem(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}
