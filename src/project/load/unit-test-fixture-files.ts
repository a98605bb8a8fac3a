// Where a unit test's `fixture:` file lives: dbt reads fixtures from every folder under
// <test path>/fixtures of the project, and a name that matches no file fails the parse.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** True when `<name>.<ext>` exists in some folder under `<root>/<test path>/fixtures`. */
export function fixtureFileExists(root: string, testPaths: readonly string[], name: string, ext: string): boolean {
  return testPaths.some((testPath) => hasFile(join(root, testPath, 'fixtures'), `${name}.${ext}`, 0));
}

function hasFile(dir: string, file: string, depth: number): boolean {
  if (depth > 32 || !existsSync(dir)) return false;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() ? hasFile(join(dir, entry.name), file, depth + 1) : entry.name === file) return true;
  }
  return false;
}
