// dbt deps --add-package: writes one package entry into packages.yml (or dependencies.yml when
// that is the file the project uses), replacing an entry for the same package, before installing.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { userError } from '../../core/diagnostic.js';
import { isRecord, parseYaml } from './yaml-file.js';

/** Where `--add-package` takes the package from (dbt's `--source`). */
export type PackageSource = 'hub' | 'git' | 'local';

/** Adds or updates `spec` (`name@version`, `url@revision` or a folder) in the package file; returns that file. */
export async function addPackageEntry(projectDir: string, spec: string, source: PackageSource = 'hub'): Promise<string> {
  const root = resolve(projectDir);
  const dependencies = join(root, 'dependencies.yml');
  const file = !existsSync(join(root, 'packages.yml')) && existsSync(dependencies) ? dependencies : join(root, 'packages.yml');
  const text = existsSync(file) ? await readFile(file, 'utf8') : '';
  const { value } = parseYaml(text, file);
  const doc: Record<string, unknown> = isRecord(value) ? { ...value } : {};
  const list: unknown[] = Array.isArray(doc.packages) ? [...doc.packages] : [];
  const entry = entryOf(spec, source);
  const key = Object.keys(entry)[0]!;
  const at = list.findIndex((p) => isRecord(p) && p[key] === entry[key]);
  if (at >= 0) list[at] = { ...(list[at] as Record<string, unknown>), ...entry };
  else list.push(entry);
  doc.packages = list;
  await writeFile(file, stringify(doc));
  return file;
}

// dbt splits at the last `@`: `dbt-labs/dbt_utils@1.1.1`, `https://host/repo.git@v1.0`.
function entryOf(spec: string, source: PackageSource): Record<string, unknown> {
  const text = spec.trim();
  if (text === '') throw userError('usage', '--add-package needs a package: name@version, a git URL@revision or a folder', undefined);
  if (source === 'local') return { local: text };
  const at = text.lastIndexOf('@');
  const [name, version] = at > 0 ? [text.slice(0, at), text.slice(at + 1)] : [text, undefined];
  if (source === 'git') return version ? { git: name, revision: version } : { git: name };
  if (!version) {
    throw userError('usage', `Version is required in --add-package when a package is from the hub: ${text}`, undefined, 'Write it as name@version, for example dbt-labs/dbt_utils@1.1.1.');
  }
  return { package: name, version };
}
