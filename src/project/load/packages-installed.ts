// dbt refuses to parse a project whose packages.yml (or dependencies.yml) lists more packages
// than its packages install path holds: it says to run deps before any file is read.
import { userError } from '../../core/diagnostic.js';
import { readPackagesFile } from './packages-file.js';

/** Throws when the project declares more packages than `installed` (the packages found installed). */
export async function checkPackagesInstalled(projectDir: string, packagesInstallPath: string, installed: number): Promise<void> {
  // As dbt, a malformed packages file stops every command (it is read with the project), at its line.
  const found = await readPackagesFile(projectDir);
  if (!found) return;
  const declared = (found.yaml.value as { packages?: unknown } | null)?.packages;
  const wanted = Array.isArray(declared) ? declared.length : 0;
  if (wanted > installed) {
    throw userError(
      'packages-not-installed',
      `Found ${wanted} package(s) specified in ${found.name}, but only ${installed} package(s) installed in ${packagesInstallPath}.`,
      { file: found.file },
      'Run `reelhouse deps` to install the packages.',
    );
  }
}
