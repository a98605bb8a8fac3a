// Where a unit test's `fixture:` file lives: dbt reads fixtures from every folder under
// <test path>/fixtures of the project, and a name that matches no file fails the parse.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { userError } from '../../core/diagnostic.js';

/** True when `<name>.<ext>` exists in some folder under `<root>/<test path>/fixtures`. */
export function fixtureFileExists(root: string, testPaths: readonly string[], name: string, ext: string): boolean {
  return testPaths.some((testPath) => hasFile(join(root, testPath, 'fixtures'), `${name}.${ext}`, 0));
}

function hasFile(dir: string, file: string, depth: number): boolean {
  return findFile(dir, file, depth) !== undefined;
}

/** The text of `<name>.<ext>` under `<root>/<test path>/fixtures` (the first found), or undefined. */
export function fixtureFileText(root: string, testPaths: readonly string[], name: string, ext: string): string | undefined {
  for (const testPath of testPaths) {
    const found = findFile(join(root, testPath, 'fixtures'), `${name}.${ext}`, 0);
    if (found) return readFileSync(found, 'utf8');
  }
  return undefined;
}

function findFile(dir: string, file: string, depth: number): string | undefined {
  if (depth > 32 || !existsSync(dir)) return undefined;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const found = entry.isDirectory() ? findFile(path, file, depth + 1) : entry.name === file ? path : undefined;
    if (found) return found;
  }
  return undefined;
}

/**
 * dbt parses every .csv and .sql file under <test path>/fixtures as a fixture named by its file
 * name without the extension, one name per package: two files with one name fail the parse,
 * whether or not a unit test uses them.
 */
export function checkFixtureNames(root: string, packageName: string, testPaths: readonly string[]): void {
  const byName = new Map<string, string>();
  for (const testPath of testPaths) {
    for (const file of fixtureFiles(join(root, testPath, 'fixtures'), 0)) {
      const name = file.replace(/^.*[\\/]/, '').replace(/\.(csv|sql)$/i, '');
      const prev = byName.get(name);
      if (prev !== undefined) {
        const rel = (f: string) => relative(root, f).split('\\').join('/');
        throw userError('duplicate-node',
          `dbt found two fixtures with the name "${name}": fixture.${packageName}.${name} (${rel(prev)}) and fixture.${packageName}.${name} (${rel(file)}).`,
          { file, line: 1 }, 'Rename one of the fixture files: fixture names are unique within a package, whatever their folder or extension.');
      }
      byName.set(name, file);
    }
  }
}

// The .csv and .sql files under `dir`, sorted so that the error names them in a stable order.
function fixtureFiles(dir: string, depth: number): string[] {
  if (depth > 32 || !existsSync(dir)) return [];
  const out: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...fixtureFiles(path, depth + 1));
    else if (/\.(csv|sql)$/i.test(entry.name)) out.push(path);
  }
  return out;
}
