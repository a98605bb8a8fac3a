// dbt refuses to parse a project whose packages.yml (or dependencies.yml) lists more packages
// than its packages install path holds: it says to run deps before any file is read.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { userError } from '../../core/diagnostic.js';
import { parseYaml } from './yaml-file.js';

/** Throws when the project declares more packages than `installed` (the packages found installed). */
export async function checkPackagesInstalled(projectDir: string, packagesInstallPath: string, installed: number): Promise<void> {
  for (const name of ['packages.yml', 'dependencies.yml']) {
    const file = join(projectDir, name);
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    // As dbt, a malformed packages.yml stops every command (it is read with the project), at its line.
    const declared = (parseYaml(text, file).value as { packages?: unknown } | null)?.packages;
    const wanted = Array.isArray(declared) ? declared.length : 0;
    if (wanted > installed) {
      throw userError(
        'packages-not-installed',
        `Found ${wanted} package(s) specified in ${name}, but only ${installed} package(s) installed in ${packagesInstallPath}.`,
        { file },
        'Run `reelhouse deps` to install the packages.',
      );
    }
    return;
  }
}
