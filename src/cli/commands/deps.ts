import { userError, type Diagnostic } from '../../core/diagnostic.js';
import { addPackageEntry, installPackages, loadProjectConfig, type PackageSource } from '../../project/load/index.js';
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
  const vars = parseVars(flags.vars);
  // dbt's deps loads and validates dbt_project.yml before it reads packages.yml (no profile is
  // needed): a project dbt refuses (a name with a dash, an unknown key) stops deps too.
  // Loading it warns of its deprecated keys (source-paths...), as every dbt command's does.
  const warnings: Diagnostic[] = [];
  await loadProjectConfig(projectDir, io.env ?? process.env, vars, warnings);
  for (const warning of warnings) logger.diagnostic(warning);
  // As dbt: --source is checked always and used only with --add-package.
  const source = (flags.source ?? 'hub') as PackageSource;
  if (!SOURCES.includes(source)) throw userError('usage', `--source must be one of ${SOURCES.join(', ')}, got '${flags.source}'`);
  if (flags.addPackage) {
    const file = await addPackageEntry(projectDir, flags.addPackage, source);
    // dbt splits NAME@VERSION at its @ and prints a missing version as Python's None.
    const at = flags.addPackage.split('@');
    const [name, version] = at.length === 2 ? [at[0], at[1]] : [flags.addPackage, 'None'];
    logger.info(`Added new package ${name}@${version} to ${file}`, 'DepsAddPackage', { package_name: name, version, packages_filepath: file });
  }
  await installPackages(projectDir, {
    log: (msg: string) => logger.info(msg, ...depsEvent(msg)),
    vars,
    ...(flags.lock ? { lockOnly: true } : {}),
    ...(flags.upgrade ? { upgrade: true } : {}),
  });
  return 0;
}

// The lines of an install, each under dbt's own event and with its data fields.
const DEPS_EVENTS: [RegExp, string, string | undefined][] = [
  [/^Updating lock file in file path: (.*)$/s, 'DepsLockUpdating', 'lock_filepath'],
  [/^Installing (.*)$/s, 'DepsStartPackageInstall', 'package_name'],
  [/^Installed from (.*)$/s, 'DepsInstallInfo', 'version_name'],
  [/^Updated version available: (.*)$/s, 'DepsUpdateAvailable', 'version_latest'],
  [/^Up to date!$/, 'DepsUpToDate', undefined],
  [/^and subdirectory (.*)$/s, 'DepsListSubdirectory', 'subdirectory'],
  [/^Updates available for packages: /, 'DepsNotifyUpdatesAvailable', undefined],
  [/^Warning: No packages were found/, 'DepsNoPackagesFound', undefined],
  [/^$/, 'Formatting', 'msg'],
];

/** dbt's event name (and data) for one line `deps` prints. */
export function depsEvent(msg: string): [string, Record<string, unknown>?] {
  for (const [pattern, event, field] of DEPS_EVENTS) {
    const m = pattern.exec(msg);
    if (m) return field === undefined ? [event] : [event, { [field]: m[1] ?? msg }];
  }
  return ['DepsInstallInfo'];
}
