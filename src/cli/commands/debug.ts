import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isReelhouseError } from '../../core/diagnostic.js';
import { findProfilesFile, loadProject } from '../../project/load/index.js';
import { REELHOUSE_VERSION } from '../version.js';
import { makeLogger, projectDirOf, type CliIo } from '../cli-context.js';
import { parseVars, type ProjectFlags } from '../global-options.js';
import { connectionFailure, logAdapter, logChecksFailed, logProfilesFile, logRequiredDependencies, profileFailureText, testConnection } from './debug-connection.js';
import { debugWithoutProject } from './debug-without-project.js';

/** dbt debug: checks the project file, the profile and the warehouse connection, one line each. */
export async function debugCommand(flags: ProjectFlags, io: CliIo): Promise<number> {
  const logger = makeLogger(flags, io);
  const projectDir = projectDirOf(flags, io);
  logger.info(`reelhouse version: ${REELHOUSE_VERSION}`, 'DebugCmdOut');
  logger.info(`node version: ${process.version}`, 'DebugCmdOut');
  logger.info(`node path: ${process.execPath}`, 'DebugCmdOut');
  logger.info(`os info: ${process.platform} ${process.arch}`, 'DebugCmdOut');
  const projectFileLine = `Using dbt_project.yml file at ${join(projectDir, 'dbt_project.yml')}`;
  if (!existsSync(join(projectDir, 'dbt_project.yml'))) return debugWithoutProject(flags, logger, projectDir, io.env ?? process.env);
  // Each failed check's reason, printed after the count as dbt ends its report.
  const failures: string[] = [];
  let projectFileShown = false;
  try {
    const loaded = await loadProject({ projectDir, profilesDir: flags.profilesDir, profile: flags.profile, target: flags.target, vars: parseVars(flags.vars), env: process.env });
    const fallback = loaded.diagnostics.find((d) => d.code === 'profile-default');
    // A profiles.yml that lacks the project's profile is a mistake dbt reports, not a default to rely on:
    // no profile loads, so there is no adapter to name and no connection to test.
    const profileMissing = fallback !== undefined && !/^No profiles\.yml found/.test(fallback.message);
    // As dbt: where the profile and the project were read from, then the adapter, before the checks.
    // A profile that was not found still came from a profiles.yml, which dbt names.
    const profilesFile = loaded.target.profilesFile ?? (profileMissing ? (await findProfilesFile({ profilesDir: flags.profilesDir, env: process.env, projectDir }))?.file : undefined);
    if (profilesFile) logProfilesFile(logger, profilesFile);
    logger.info(projectFileLine, 'DebugCmdOut');
    projectFileShown = true;
    if (!profileMissing) logAdapter(logger, loaded.target.type);
    logger.info('Configuration:', 'DebugCmdOut');
    if (!fallback) logger.info('  profiles.yml file [OK found and valid]', 'DebugCmdResult');
    else if (!profileMissing) logger.info(`  profiles.yml file [OK not found] ${fallback.message}`, 'DebugCmdResult');
    else {
      logger.info('  profiles.yml file [ERROR invalid]', 'DebugCmdResult');
      failures.push(profileNotFound(loaded.target.profileName));
    }
    logger.info('  dbt_project.yml file [OK found and valid]', 'DebugCmdResult');
    logRequiredDependencies(logger);
    if (profileMissing) logger.info('Connection test skipped since no profile was found', 'DebugCmdOut');
    else {
      const connectionError = await testConnection(logger, loaded.target);
      if (connectionError !== undefined) failures.push(connectionFailure(connectionError));
    }
  } catch (error) {
    // The profile or the project could not be loaded: dbt marks which file failed, skips the
    // connection test, and gives the reason at the end.
    const diagnostic = isReelhouseError(error) ? error.diagnostic : undefined;
    const message = diagnostic?.message ?? (error as Error).message;
    const profileFailed = diagnostic?.code.startsWith('profile-') ?? false;
    const profilesFile = diagnostic?.location?.file;
    if (!projectFileShown && profileFailed && profilesFile?.endsWith('profiles.yml')) logProfilesFile(logger, profilesFile);
    if (!projectFileShown) logger.info(projectFileLine, 'DebugCmdOut');
    logger.info('Configuration:', 'DebugCmdOut');
    if (profileFailed) {
      logger.info('  profiles.yml file [ERROR invalid]', 'DebugCmdResult');
      logger.info('  dbt_project.yml file [OK found and valid]', 'DebugCmdResult');
    } else logger.info('  dbt_project.yml file [ERROR invalid]', 'DebugCmdResult');
    logRequiredDependencies(logger);
    logger.info('Connection test skipped since no profile was found', 'DebugCmdOut');
    const reason = profileFailed && diagnostic ? profileFailureText(diagnostic) : message;
    failures.push(`${profileFailed ? 'Profile' : 'Project'} loading failed for the following reason:\n${reason}\n`);
  }
  if (failures.length === 0) {
    logger.info('All checks passed!', 'DebugCmdResult');
    return 0;
  }
  logChecksFailed(logger, failures);
  return 1;
}

/** dbt's reason for a profile that profiles.yml does not define (its DbtProfileError, a Runtime Error). */
function profileNotFound(name: string): string {
  return `Profile loading failed for the following reason:\nRuntime Error\n  Could not find profile named '${name}'\n`;
}
