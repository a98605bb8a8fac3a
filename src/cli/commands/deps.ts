import { userError } from '../../core/diagnostic.js';
import { addPackageEntry, installPackages, type PackageSource } from '../../project/load/index.js';
import { makeLogger, projectDirOf, type CliIo } from '../cli-context.js';
import { parseVars, type ProjectFlags } from '../global-options.js';

/** dbt deps's own flags. */
export interface DepsFlags extends ProjectFlags {
  /** `--add-package name@version` (or a git URL@revision, or a folder with --source local). */
  addPackage?: string;
  source?: string;
  /** `--lock`: write package-lock.yml without installing. */
  lock?: boolean;
  /** `--upgrade`: resolve packages.yml afresh even when package-lock.yml is current. */
  upgrade?: boolean;
}

const SOURCES: readonly PackageSource[] = ['hub', 'git', 'local'];

/** dbt deps: installs packages.yml / dependencies.yml into the packages folder. */
export async function depsCommand(flags: DepsFlags, io: CliIo): Promise<number> {
  const logger = makeLogger(flags, io);
  const projectDir = projectDirOf(flags, io);
  // As dbt: --source is checked always and used only with --add-package.
  const source = (flags.source ?? 'hub') as PackageSource;
  if (!SOURCES.includes(source)) throw userError('usage', `--source must be one of ${SOURCES.join(', ')}, got '${flags.source}'`);
  if (flags.addPackage) {
    const file = await addPackageEntry(projectDir, flags.addPackage, source);
    logger.info(`Added ${flags.addPackage} to ${file.split(/[\\/]/).pop()}`, 'DepsAddPackage');
  }
  await installPackages(projectDir, {
    log: (msg: string) => logger.info(msg, 'DepsInstallInfo'),
    vars: parseVars(flags.vars),
    ...(flags.lock ? { lockOnly: true } : {}),
    ...(flags.upgrade ? { upgrade: true } : {}),
  });
  return 0;
}
