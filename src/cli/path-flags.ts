// How dbt records the folder options its command line types as paths (--state, --defer-state,
// --log-path): click hands them over as pathlib Paths, so run_results.json's `args` and `flags.X`
// hold the path as Python prints it, not the text as typed (`prod_artifacts/` becomes
// `prod_artifacts`), and --log-path, which click also resolves, as an absolute real path.
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** A path as Python's str(Path(p)) prints it: repeated slashes, `.` parts and a trailing slash dropped, `..` kept. */
export function pathFlagText(path: string): string {
  // POSIX keeps a leading `//` (exactly two slashes) as written; more collapse to one.
  const root = path.startsWith('//') && !path.startsWith('///') ? '//' : path.startsWith('/') ? '/' : '';
  const parts = path.split('/').filter((part) => part !== '' && part !== '.');
  const text = root + parts.join('/');
  return text === '' ? '.' : text;
}

/** A path as click's resolve_path hands it over: absolute from `cwd`, symbolic links of its existing part followed. */
export function resolvedPathFlag(path: string, cwd: string): string {
  const absolute = resolve(cwd, path);
  // Python's realpath follows the links of the part that exists and keeps the rest as written.
  let existing = absolute;
  const rest: string[] = [];
  while (!existsSync(existing) && dirname(existing) !== existing) {
    rest.unshift(basename(existing));
    existing = dirname(existing);
  }
  try {
    return join(realpathSync(existing), ...rest);
  } catch {
    return absolute;
  }
}

/** dbt's STATE and DEFER_STATE flags for the state folders given (--state, --defer-state or their DBT_* variables); none when not given. */
export function stateDirFlags(flags: { state?: string | undefined; deferState?: string | undefined }): Record<string, string> {
  return {
    ...(flags.state !== undefined ? { STATE: pathFlagText(flags.state) } : {}),
    ...(flags.deferState !== undefined ? { DEFER_STATE: pathFlagText(flags.deferState) } : {}),
  };
}
