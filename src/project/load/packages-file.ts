// Which file lists a project's packages: packages.yml or dependencies.yml, chosen as dbt chooses.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { userError } from '../../core/diagnostic.js';
import { isRecord, parseYaml, type YamlFile } from './yaml-file.js';

/** The packages file of a project, read and parsed. */
export interface PackagesFile {
  file: string;
  name: 'packages.yml' | 'dependencies.yml';
  yaml: YamlFile;
}

/**
 * The file whose `packages:` the project installs, as dbt picks it: dependencies.yml when it has
 * `packages:`, else packages.yml; undefined when neither exists. Both holding `packages:` is
 * dbt's project error, since one list would be silently ignored.
 */
export async function readPackagesFile(projectDir: string): Promise<PackagesFile | undefined> {
  const read = async (name: PackagesFile['name']): Promise<PackagesFile | undefined> => {
    const file = join(projectDir, name);
    const text = await readFile(file, 'utf8').catch(() => undefined);
    return text === undefined ? undefined : { file, name, yaml: parseYaml(text, file) };
  };
  const packages = await read('packages.yml');
  const dependencies = await read('dependencies.yml');
  const hasList = (f: PackagesFile | undefined): f is PackagesFile => f !== undefined && isRecord(f.yaml.value) && 'packages' in f.yaml.value;
  if (hasList(packages) && hasList(dependencies)) {
    throw userError(
      'project-invalid',
      "The 'packages' key cannot be specified in both packages.yml and dependencies.yml",
      { file: dependencies.file, line: dependencies.yaml.lines.keyLine(dependencies.yaml.value, 'packages') },
      'Keep one packages: list: move the entries of packages.yml into this one and delete packages.yml.',
    );
  }
  return hasList(dependencies) ? dependencies : packages ?? dependencies;
}
