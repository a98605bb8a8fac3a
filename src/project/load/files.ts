// Finds and reads resource files. Folders are walked concurrently; files are read with
// synchronous calls, which for thousands of small files costs a fraction of the CPU and
// time of asynchronous reads (each of those is four thread-pool round trips).
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import crypto from 'node:crypto';
import { isAbsolute, join, relative, sep } from 'node:path';
import { userError } from '../../core/diagnostic.js';

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

/**
 * The files under each folder, walked once for all the listings of one package (its model
 * folders hold both its models and its YAML files): folder -> its files' absolute paths.
 */
export type FolderWalks = Map<string, Promise<string[]>>;

/** Lists files under `dirs` (relative to `root`) whose names end with one of `exts`; `walks` shares folder walks between listings. */
export async function listFiles(root: string, dirs: readonly string[], exts: readonly string[], walks: FolderWalks = new Map()): Promise<FoundFile[]> {
  const out: FoundFile[] = [];
  const seen = new Set<string>();
  await Promise.all(
    dirs.map(async (dir) => {
      // A path written absolute stays as written, as Python's os.path.join keeps it in dbt.
      const base = isAbsolute(dir) ? dir : join(root, dir);
      let walked = walks.get(base);
      if (!walked) {
        walked = walkAll(base);
        walks.set(base, walked);
      }
      const found = await walked;
      // Every file found is `base/...`: its relative paths are slices (path.relative per file
      // costs two resolves; at 10,000 files that is tens of MB of garbage).
      const baseRel = toPosix(relative(root, base));
      const prefix = base.endsWith(sep) ? base.length : base.length + 1;
      for (const abs of found) {
        // dbt matches file patterns ignoring case: `orders.SQL` is a model too.
        if (!hasExtension(abs, exts) || seen.has(abs)) continue;
        seen.add(abs);
        const relToResource = toPosix(abs.slice(prefix));
        out.push({ abs, rel: baseRel === '' ? relToResource : `${baseRel}/${relToResource}`, relToResource, resourceDir: dir });
      }
    }),
  );
  out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return out;
}

/** Whether `path` ends with one of `exts` (lower case), ignoring the path's case. */
export function hasExtension(path: string, exts: readonly string[]): boolean {
  for (const e of exts) if (path.length >= e.length && path.slice(path.length - e.length).toLowerCase() === e) return true;
  return false;
}

async function walkAll(base: string): Promise<string[]> {
  const found: string[] = [];
  await walk(base, found, 0);
  return found;
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

// One options object for every read: a string encoding makes Node build a new one per call.
const UTF8 = { encoding: 'utf8', flag: 'r' } as const;

/** Reads many files; a failed read rejects like `readFile`. */
export class FileReader {
  // Each file is read once per load (the lists do not overlap), so nothing is cached, and the
  // reads are direct: a promise and an await per file are tens of thousands of objects to collect.
  async readAll<T extends { abs: string }>(files: readonly T[]): Promise<(T & { text: string })[]> {
    const out: (T & { text: string })[] = new Array(files.length);
    for (let i = 0; i < files.length; i++) {
      // A plain copy and then the text: a spread with another key in one literal is a slow generic copy.
      const file = { ...files[i]! } as T & { text: string };
      file.text = readFileSync(file.abs, UTF8);
      // Node turns bytes that are not UTF-8 into U+FFFD; dbt refuses such a file instead of
      // building with mangled text, so a replacement character sends us to the bytes.
      if (file.text.includes('\uFFFD')) checkUtf8(file.abs);
      out[i] = file;
    }
    return out;
  }
}

/** Throws a project error naming the first line of the file that is not UTF-8 text, if any. */
export function checkUtf8(path: string): void {
  const bytes = readFileSync(path);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    const end = bytes.indexOf(0x0a, start);
    try {
      decoder.decode(bytes.subarray(start, end < 0 ? bytes.length : end));
    } catch {
      throw userError('file-not-utf8', `This file is not UTF-8 text: line ${line} holds bytes that are not valid UTF-8 (dbt reads project files as UTF-8).`,
        { file: path, line }, 'Save the file with UTF-8 encoding (for example `iconv -f windows-1252 -t utf-8`).');
    }
    if (end < 0) break;
    start = end + 1;
  }
}

// crypto.hash (Node 20.12+) hashes in one call, without a Hash object per file.
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Buffer, encoding: 'hex') => string }).hash;

/** sha256 of a file's contents, as dbt's checksum. */
export function sha256(text: string | Buffer): string {
  return oneShot ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex');
}

/**
 * dbt's checksum of a resource file (model, seed, snapshot, analysis, test): the sha256 of its
 * text with leading and trailing whitespace stripped, so that a manifest written by dbt compares
 * equal under state:modified and a change of surrounding blank lines is no change.
 */
export function fileChecksum(text: string): string {
  const [start, end] = strippedBounds(text);
  return sha256(start === 0 && end === text.length ? text : text.slice(start, end));
}

/** Where `text` starts and ends once Python's str.strip() whitespace is cut from both ends (as dbt keeps a file's contents). */
export function strippedBounds(text: string): [start: number, end: number] {
  let start = 0;
  let end = text.length;
  while (start < end && isPyWhitespace(text.charCodeAt(start))) start++;
  while (end > start && isPyWhitespace(text.charCodeAt(end - 1))) end--;
  return [start, end];
}

// Python's str.strip() set: JavaScript's trim() also drops U+FEFF (a byte order mark), which dbt keeps.
function isPyWhitespace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  if (c < 0x85) return false;
  return c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** A path with `/` separators. */
export function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

/** The folders of a resource-relative path: `staging/x/stg_a.sql` -> ['staging', 'x']. */
export function folderParts(relToResource: string): string[] {
  // Scanned in place: split() and filter() made two lists per file of a large project.
  const parts: string[] = [];
  let start = 0;
  for (let slash = relToResource.indexOf('/'); slash >= 0; slash = relToResource.indexOf('/', start)) {
    const part = relToResource.slice(start, slash);
    if (part !== '' && part !== '.') parts.push(part);
    start = slash + 1;
  }
  return parts;
}

/**
 * An fqn: the leading parts (package, ...), the folders, then the name, in a list of exactly that
 * size. Each node keeps its fqn, and a list built by spreading or pushing keeps spare room.
 */
export function fqnOf(leading: readonly string[], folders: readonly string[], name: string): string[] {
  const fqn = new Array<string>(leading.length + folders.length + 1);
  for (let i = 0; i < leading.length; i++) fqn[i] = leading[i]!;
  for (let i = 0; i < folders.length; i++) fqn[leading.length + i] = folders[i]!;
  fqn[leading.length + folders.length] = name;
  return fqn;
}

/** File name without its extension. */
export function stem(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}
