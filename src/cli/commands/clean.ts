import { realpathSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { userError, type Diagnostic } from '../../core/diagnostic.js';
import { loadProjectConfig } from '../../project/load/index.js';
import { readProjectYaml } from '../../project/load/dbt-project.js';
import { isRecord } from '../../project/load/yaml-file.js';
import { pyRepr } from '../../project/load/python-repr.js';
import { makeLogger, projectDirOf, type CliIo } from '../cli-context.js';
import type { ProjectFlags } from '../global-options.js';

/** The wording of dbt's PackageInstallPathDeprecation. */
export const PACKAGE_PATH_MOVED =
  "The default package install path has changed from `dbt_modules` to `dbt_packages`. Please update `clean-targets` in `dbt_project.yml` and check `.gitignore` as well. Or, set `packages-install-path: dbt_modules` if you'd like to keep the current value.";

/** dbt clean: deletes the clean-targets folders, refusing any outside the project. */
export async function cleanCommand(flags: ProjectFlags, io: CliIo): Promise<number> {
  const logger = makeLogger(flags, io);
  const projectDir = projectDirOf(flags, io);
  // As dbt's clean: no profile and no installed packages needed (it runs before deps, or with a broken profile).
  // Loading it warns of its deprecated keys (source-paths...), as every dbt command's does.
  const warnings: Diagnostic[] = [];
  const project = await loadProjectConfig(projectDir, process.env, {}, warnings);
  for (const warning of warnings) logger.diagnostic(warning);
  // Without clean-targets, dbt cleans the target path in force: --target-path (or DBT_TARGET_PATH) when given.
  const raw = (await readProjectYaml(projectDir)).value;
  const listed = isRecord(raw) && raw['clean-targets'] !== undefined && raw['clean-targets'] !== null;
  const cleanTargets = !listed && flags.targetPath !== undefined ? [flags.targetPath] : project.cleanTargets;
  // dbt's install-packages-path deprecation: clean-targets still names the pre-1.0 package folder.
  if (cleanTargets.includes('dbt_modules') && !cleanTargets.includes(project.packagesInstallPath)) {
    logger.warn(PACKAGE_PATH_MOVED, 'PackageInstallPathDeprecation');
  }
  // dbt resolves every entry to an absolute path (a folder named twice is cleaned once) and checks
  // them all before it deletes anything: none may be a resource folder, none outside the project.
  const root = realProjectDir(projectDir);
  const cleanPaths = [...new Set(cleanTargets.map((target) => resolve(root, target)))];
  const resourcePaths = new Set(
    [project.modelPaths, project.seedPaths, project.snapshotPaths, project.analysisPaths, project.macroPaths, project.testPaths]
      .flat()
      .map((p) => resolve(root, p)),
  );
  // dbt's DbtRuntimeError names the refused folders as a Python list of their absolute paths.
  const resources = cleanPaths.filter((p) => resourcePaths.has(p));
  if (resources.length > 0) {
    throw userError('clean-resource-path', `dbt will not clean the following source paths: ${pyRepr(resources)}`,
      { file: resolve(projectDir, 'dbt_project.yml') }, 'Remove model, seed, snapshot, analysis, macro and test folders from clean-targets.');
  }
  const outside = cleanPaths.filter((path) => {
    const rel = relative(root, path);
    return rel === '' || rel.startsWith('..') || rel.split(sep)[0] === '..';
  });
  if (outside.length > 0) {
    throw userError('clean-outside-project', `dbt will not clean the following directories outside the project: ${pyRepr(outside)}`,
      { file: resolve(projectDir, 'dbt_project.yml') }, 'List only folders inside the project under clean-targets.');
  }
  for (const path of cleanPaths) {
    // dbt names each folder by its absolute path: `Checking /abs/project/target/*`, then `Cleaned ...`.
    logger.info(`Checking ${path}/*`, 'CheckCleanPath', { path });
    await rm(path, { recursive: true, force: true });
    logger.info(`Cleaned ${path}/*`, 'ConfirmCleanPath', { path });
  }
  logger.info('Finished cleaning all paths.', 'FinishedCleanPaths');
  return 0;
}

// The project folder with its links resolved, as dbt's Path.resolve() names it.
function realProjectDir(projectDir: string): string {
  try {
    return realpathSync(resolve(projectDir));
  } catch {
    return resolve(projectDir);
  }
}
