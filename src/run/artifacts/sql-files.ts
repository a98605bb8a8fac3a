import { basename, join } from 'node:path';
import type { CompiledNode } from '../../project/types.js';
import type { SqlFileWriter } from './sql-file-writer.js';
import { writeCreatingFolders } from './write-file.js';

/**
 * A node's file under target/compiled or target/run, laid out as dbt does: the node's own file
 * path when the node is its file (`models/x.sql`), else the declaring file's path joined with the
 * node's path (generic tests: `models/schema.yml/not_null_users_id.sql`).
 */
export function targetWritePath(node: CompiledNode): string {
  const own = basename(node.path) === basename(node.original_file_path);
  const relative = own ? node.original_file_path : join(node.original_file_path, node.path);
  return join(node.package_name, relative);
}

/**
 * Writes a node's compiled SQL to `target/compiled/<package>/<path>` and records it as the node's
 * compiled_path. With `files`, the write may happen in the background until `files.flush()`.
 */
export async function writeCompiledSql(node: CompiledNode, targetDir: string, files?: SqlFileWriter): Promise<string> {
  const relative = targetWritePath(node);
  const file = join(targetDir, 'compiled', relative);
  write(file, node.compiled_code ?? '', files);
  node.compiled_path = join(basename(targetDir), 'compiled', relative);
  return file;
}

/** Writes the SQL a node executed to `target/run/<package>/<path>` (in the background with `files`). */
export async function writeRunSql(node: CompiledNode, targetDir: string, sql: string, files?: SqlFileWriter): Promise<string> {
  const file = join(targetDir, 'run', targetWritePath(node));
  write(file, sql.endsWith('\n') ? sql : `${sql}\n`, files);
  return file;
}

function write(file: string, text: string, files: SqlFileWriter | undefined): void {
  if (files) files.write(file, text);
  else writeCreatingFolders(file, text);
}
