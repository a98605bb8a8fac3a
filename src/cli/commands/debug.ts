import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { duckDbEngineVersion } from '../../adapters/duckdb/index.js';
import { isReelhouseError } from '../../core/diagnostic.js';
import { loadProject } from '../../project/load/index.js';
import { REELHOUSE_VERSION } from '../version.js';
import { makeLogger, projectDirOf, type CliIo } from '../cli-context.js';
import { parseVars, type ProjectFlags } from '../global-options.js';
import { testConnection } from './debug-connection.js';
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
  let ok = true;
  let projectFileShown = false;
  try {
    const loaded = await loadProject({ projectDir, profilesDir: flags.profilesDir, profile: flags.profile, target: flags.target, vars: parseVars(flags.vars), env: process.env });
    // As dbt: where the profile and the project were read from, then the adapter, before the checks.
    const profilesFile = loaded.target.profilesFile;
    if (profilesFile) {
      logger.info(`Using profiles dir at ${dirname(profilesFile)}`, 'DebugCmdOut');
      logger.info(`Using profiles.yml file at ${profilesFile}`, 'DebugCmdOut');
    }
    logger.info(projectFileLine, 'DebugCmdOut');
    projectFileShown = true;
    logger.info(`adapter type: ${loaded.target.type}`, 'DebugCmdOut');
    logger.info(`adapter version: ${duckDbEngineVersion()}`, 'DebugCmdOut');
    logger.info('Configuration:', 'DebugCmdOut');
    const fallback = loaded.diagnostics.find((d) => d.code === 'profile-default');
    if (!fallback) logger.info('  profiles.yml file [OK found and valid]', 'DebugCmdResult');
    else if (/^No profiles\.yml found/.test(fallback.message)) logger.info(`  profiles.yml file [OK not found] ${fallback.message}`, 'DebugCmdResult');
    else {
      // A profiles.yml that lacks the project's profile is a mistake dbt reports, not a default to rely on.
      ok = false;
      logger.event('error', 'DebugCmdResult', `  profiles.yml file [ERROR invalid] ${fallback.message}`);
    }
    logger.info('  dbt_project.yml file [OK found and valid]', 'DebugCmdResult');
    logger.info('Required dependencies:', 'DebugCmdOut');
    logger.info(' - duckdb (embedded) [OK found]', 'DebugCmdResult');
    logger.info('');
    if ((await testConnection(logger, loaded.target)) !== undefined) ok = false;
  } catch (error) {
    ok = false;
    if (!projectFileShown) logger.info(projectFileLine, 'DebugCmdOut');
    const msg = isReelhouseError(error) ? error.diagnostic.message : (error as Error).message;
    logger.event('error', 'DebugCmdResult', `  project or profile [ERROR invalid]\n  ${msg}`);
  }
  logger.info(ok ? 'All checks passed!' : '1 check failed:', 'DebugCmdResult');
  return ok ? 0 : 1;
}
