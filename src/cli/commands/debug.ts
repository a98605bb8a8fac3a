import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { duckDbEngineVersion, openDuckDb, targetOpenOptions, unavailableExtensionWarnings } from '../../adapters/duckdb/index.js';
import { isReelhouseError } from '../../core/diagnostic.js';
import { loadProject } from '../../project/load/index.js';
import type { TargetConfig } from '../../project/load/index.js';
import { pyStr } from '../../templating/index.js';
import { REELHOUSE_VERSION } from '../version.js';
import { logAdapterRegistered } from '../../run/run-header.js';
import { makeLogger, projectDirOf, type CliIo } from '../cli-context.js';
import { parseVars, type ProjectFlags } from '../global-options.js';

/** dbt debug: checks the project file, the profile and the warehouse connection, one line each. */
export async function debugCommand(flags: ProjectFlags, io: CliIo): Promise<number> {
  const logger = makeLogger(flags, io);
  const projectDir = projectDirOf(flags, io);
  logger.info(`reelhouse version: ${REELHOUSE_VERSION}`, 'DebugCmdOut');
  logger.info(`node version: ${process.version}`, 'DebugCmdOut');
  logger.info(`node path: ${process.execPath}`, 'DebugCmdOut');
  logger.info(`os info: ${process.platform} ${process.arch}`, 'DebugCmdOut');
  const projectFileLine = `Using dbt_project.yml file at ${join(projectDir, 'dbt_project.yml')}`;
  if (!existsSync(join(projectDir, 'dbt_project.yml'))) {
    logger.info(projectFileLine, 'DebugCmdOut');
    logger.event('error', 'DebugCmdResult', `  dbt_project.yml file [ERROR not found]`);
    return 1;
  }
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
    logger.info('Connection:', 'DebugCmdOut');
    for (const [key, value] of connectionInfo(loaded.target)) logger.info(`  ${key}: ${pyStr(value)}`, 'DebugCmdOut');
    // As dbt's debug, which registers the adapter just before it tests the connection.
    logAdapterRegistered(logger, loaded.target.type);
    try {
      const adapter = await openDuckDb(targetOpenOptions(loaded.target));
      await adapter.execute('select 1');
      await adapter.close();
      logger.info('  Connection test: [OK connection ok]', 'DebugCmdResult');
      logger.info('');
      for (const d of unavailableExtensionWarnings(adapter)) logger.diagnostic(d);
    } catch (error) {
      ok = false;
      const msg = isReelhouseError(error) ? error.diagnostic.message : (error as Error).message;
      logger.event('error', 'DebugCmdResult', `  Connection test: [ERROR]\n  ${msg}`);
    }
  } catch (error) {
    ok = false;
    if (!projectFileShown) logger.info(projectFileLine, 'DebugCmdOut');
    const msg = isReelhouseError(error) ? error.diagnostic.message : (error as Error).message;
    logger.event('error', 'DebugCmdResult', `  project or profile [ERROR invalid]\n  ${msg}`);
  }
  logger.info(ok ? 'All checks passed!' : '1 check failed:', 'DebugCmdResult');
  return ok ? 0 : 1;
}

/**
 * dbt-duckdb's connection keys with their values, as `dbt debug` lists them (str() of each): what
 * the profile gave, else the credentials' defaults (None, `.` for external_root, settings `{}`).
 */
function connectionInfo(target: TargetConfig): [string, unknown][] {
  const given = (key: string, otherwise: unknown = null): unknown => target[key] ?? otherwise;
  return [
    ['database', target.database],
    ['schema', target.schema],
    // As written: dbt-duckdb keeps the path it was given (Reelhouse opens it resolved).
    ['path', target.writtenPath ?? target.path],
    ['config_options', given('config_options')],
    ['extensions', target.extensions.length > 0 ? target.extensions : null],
    ['settings', target.settings],
    ['external_root', given('external_root', '.')],
    ['use_credential_provider', given('use_credential_provider')],
    ['attach', target.attach.length > 0 ? target.attach : null],
    ['filesystems', given('filesystems')],
    ['remote', given('remote')],
    ['plugins', given('plugins')],
    ['disable_transactions', given('disable_transactions', false)],
  ];
}
