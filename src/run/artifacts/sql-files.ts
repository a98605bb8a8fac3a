import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { CompiledNode } from '../../project/types.js';

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

/** Writes a node's compiled SQL to `target/compiled/<package>/<path>` and records it as the node's compiled_path. */
export async function writeCompiledSql(node: CompiledNode, targetDir: string): Promise<string> {
  const relative = targetWritePath(node);
  const file = join(targetDir, 'compiled', relative);
  writeCreatingFolders(file, node.compiled_code ?? '');
  node.compiled_path = join(basename(targetDir), 'compiled', relative);
  return file;
}

/** Writes the SQL a node executed to `target/run/<package>/<path>`. */
export async function writeRunSql(node: CompiledNode, targetDir: string, sql: string): Promise<string> {
  const file = join(targetDir, 'run', targetWritePath(node));
  writeCreatingFolders(file, sql.endsWith('\n') ? sql : `${sql}\n`);
  return file;
}

/**
 * Writes one small file synchronously, creating its folder only when it is missing. A build
 * writes one file per node: synchronous writes cost a fraction of the CPU and time of
 * asynchronous ones (open, write and close are each a thread-pool round trip), and the
 * folder is usually there already.
 */
function writeCreatingFolders(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}
