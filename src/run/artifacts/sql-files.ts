import { basename, join, parse, sep } from 'node:path';
import type { CompiledNode } from '../../project/types.js';
import type { SqlFileWriter } from './sql-file-writer.js';
import { unitTestVersionedName } from '../unit-test-versioned-name.js';
import { writeCreatingFolders } from './write-file.js';

/**
 * A node's file under target/compiled or target/run, laid out as dbt 1.10 does: the node's own file
 * path when the node is its file (`models/x.sql`), else the declaring file's path joined with the
 * node's path (generic tests: `models/schema.yml/not_null_users_id.sql`). A snapshot in a SQL file
 * has that file's path, so its run file is the file's own (`snapshots/snaps.sql`, shared by every
 * snapshot the file defines); a YAML snapshot's `<name>.sql` nests under its YAML file.
 */
export function targetWritePath(node: CompiledNode): string {
  const own = basename(node.path) === basename(node.original_file_path);
  const relative = own ? node.original_file_path : join(node.original_file_path, node.path);
  return join(node.package_name, relative);
}

// How the project writes each target folder (its target-path as configured), by the folder: dbt
// records compiled_path and build_path as os.path.join(target_path, ...), so a target-path of
// `../docs` gives `../docs/compiled/...` and an absolute one an absolute path. Held as the prefix
// that join gives ('' for an empty path, one '/' added unless the path ends with one).
const targetPrefixes = new Map<string, string>();

/** Records that the target folder `dir` is written `targetPath` in the project, for the paths dbt records under it. */
export function nameTargetFolder(dir: string, targetPath: string): void {
  targetPrefixes.set(dir, targetPath === '' || targetPath.endsWith('/') ? targetPath : `${targetPath}/`);
}

/** The prefix of the paths dbt records under `dir` (compiled_path, build_path): its target-path as written, else the folder's own name, with a `/`. */
export function targetPrefix(dir: string): string {
  return targetPrefixes.get(dir) ?? `${basename(dir)}/`;
}

// The files of one invocation share their folder and package prefixes; most node paths are
// already clean (no `.`/`..` segments, no doubled or trailing separators), so they are joined
// by concatenation, saving path.join's normalizing (garbage at tens of thousands of nodes).
const UNCLEAN = /(?:^|[\\/])\.{1,2}(?:[\\/]|$)|[\\/]{2}|^[\\/]|[\\/]$/;

function isClean(part: string): boolean {
  return part !== '' && !UNCLEAN.test(part);
}

// The target folder and the package are the same for most files: their checks are remembered.
let lastTarget = '';
let lastTargetClean = false;
let lastPackage = '';
let lastPackageClean = false;

function isCleanTarget(targetDir: string): boolean {
  if (targetDir !== lastTarget) {
    lastTarget = targetDir;
    lastTargetClean = targetDir.startsWith('/') && isClean(targetDir.slice(1));
  }
  return lastTargetClean;
}

function isCleanPackage(pkg: string): boolean {
  if (pkg !== lastPackage) {
    lastPackage = pkg;
    lastPackageClean = isClean(pkg);
  }
  return lastPackageClean;
}

/** `join(targetDir, folder, targetWritePath(node))`, by concatenation when every part is clean. */
function targetFile(targetDir: string, folder: string, node: CompiledNode): { file: string; relative: string; clean: boolean } {
  const { package_name: pkg, path, original_file_path: original } = node;
  if (sep === '/' && isCleanPackage(pkg) && isClean(path) && isClean(original) && isCleanTarget(targetDir)) {
    const own = path.slice(path.lastIndexOf('/') + 1) === original.slice(original.lastIndexOf('/') + 1);
    const relative = own ? `${pkg}/${original}` : `${pkg}/${original}/${path}`;
    return { file: `${targetDir}/${folder}/${relative}`, relative, clean: true };
  }
  const relative = targetWritePath(node);
  return { file: join(targetDir, folder, relative), relative, clean: false };
}

/**
 * Writes a node's compiled SQL to `target/compiled/<package>/<path>` and records it as the node's
 * compiled_path; returns the file, or null for a snapshot (see writeCompiledSqlNow). With `files`,
 * the write may happen in the background until `files.flush()`.
 */
export async function writeCompiledSql(node: CompiledNode, targetDir: string, files?: SqlFileWriter): Promise<string | null> {
  return writeCompiledSqlNow(node, targetDir, files);
}

/** writeCompiledSql, returning at once: for callers with nothing to wait for, where each await costs a turn per node. */
export function writeCompiledSqlNow(node: CompiledNode, targetDir: string, files?: SqlFileWriter): string | null {
  // dbt 1.10's compiler writes no file for a snapshot (its compiled SQL stays in the manifest)
  // and leaves the snapshot's compiled_path null; only the run writes its SQL, under target/run.
  if (node.resource_type === 'snapshot') return null;
  const { file, relative, clean } = targetFile(targetDir, 'compiled', node);
  write(file, node.compiled_code ?? '', files);
  node.compiled_path = `${targetPrefix(targetDir)}${clean ? `compiled/${relative}` : join('compiled', relative)}`;
  return file;
}

/** Writes the SQL a node executed to `target/run/<package>/<path>` (in the background with `files`). */
export async function writeRunSql(node: CompiledNode, targetDir: string, sql: string, files?: SqlFileWriter): Promise<string> {
  const { file, relative, clean } = targetFile(targetDir, 'run', node);
  // As dbt's statement('main') writes it: the SQL exactly, with no line end added.
  write(file, sql, files);
  // As dbt's `write` does, the node remembers the file as its build_path (manifest.json shows it).
  node.build_path = `${targetPrefix(targetDir)}${clean ? `run/${relative}` : join('run', relative)}`;
  return file;
}

/**
 * Writes one batch's SQL of a microbatch model under target/compiled or target/run, as dbt lays
 * it out: `models/x.sql` becomes `models/x/x_<batch>.sql` (the batch's start, e.g. `2024-01-31`).
 */
export function writeBatchSql(node: CompiledNode, targetDir: string, folder: 'compiled' | 'run', batch: string, sql: string, files?: SqlFileWriter): string {
  const { dir, name, ext } = parse(targetWritePath(node));
  const file = join(targetDir, folder, dir, name, `${name}_${batch}${ext}`);
  write(file, folder === 'run' && !sql.endsWith('\n') ? `${sql}\n` : sql, files);
  // dbt's `write` of a batch points build_path at that batch's file: the last batch's stays.
  if (folder === 'run') node.build_path = `${targetPrefix(targetDir)}${join(folder, dir, name, `${name}_${batch}${ext}`)}`;
  return file;
}

function write(file: string, text: string, files: SqlFileWriter | undefined): void {
  if (files) files.write(file, text);
  else writeCreatingFolders(file, text);
}

/** The fields of a unit test (or one of its inputs) that place its compiled file. */
export interface UnitTestFileNode {
  package_name: string;
  original_file_path: string;
  name: string;
  version?: unknown;
}

/**
 * Writes a unit test's compiled SQL where dbt writes it and returns the compiled_path. dbt gives
 * the test node the pseudo path `<folder of the YAML>/<name>.sql` and, since that is not the YAML
 * file itself, writes it under the YAML's path: `target/compiled/<package>/models/x.yml/models/<name>.sql`.
 * Each input's fixture (an ephemeral stand-in named `<input>.sql`) sits beside it in `<package>/models/x.yml/`.
 */
export function writeUnitTestSql(unit: UnitTestFileNode, targetDir: string, sql: string, inputs: readonly { name: string; sql: string }[], files?: SqlFileWriter): string {
  const folder = unit.original_file_path.includes('/') ? unit.original_file_path.slice(0, unit.original_file_path.lastIndexOf('/') + 1) : '';
  const relative = join(unit.package_name, unit.original_file_path, `${folder}${unitTestVersionedName(unit)}.sql`);
  write(join(targetDir, 'compiled', relative), sql, files);
  for (const input of inputs) write(join(targetDir, 'compiled', unit.package_name, unit.original_file_path, `${input.name}.sql`), input.sql, files);
  return `${targetPrefix(targetDir)}${join('compiled', relative)}`;
}
