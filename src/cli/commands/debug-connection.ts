// debug's sections shared by the checks with and without a project: the profiles.yml read, the
// adapter, the dependencies, and the Connection section (dbt-duckdb's connection keys as dbt
// lists them, the adapter's registration, then one test query).
import { dirname } from 'node:path';
import { duckDbEngineVersion, openDuckDb, targetOpenOptions, unavailableExtensionWarnings } from '../../adapters/duckdb/index.js';
import { isReelhouseError, type Diagnostic } from '../../core/diagnostic.js';
import type { TargetConfig } from '../../project/load/index.js';
import type { TargetAttachment } from '../../project/load/load-types.js';
import { isRecord } from '../../project/load/yaml-file.js';
import type { Logger } from '../../run/logger.js';
import { logAdapterRegistered } from '../../run/run-header.js';
import { pyStr } from '../../templating/index.js';

/** Where dbt's debug messages send the reader about profiles. */
export const PROFILE_DOCS = 'https://docs.getdbt.com/docs/configure-your-profile';

/** debug's lines naming the profiles.yml it read and its folder. */
export function logProfilesFile(logger: Logger, file: string): void {
  logger.info(`Using profiles dir at ${dirname(file)}`, 'DebugCmdOut');
  logger.info(`Using profiles.yml file at ${file}`, 'DebugCmdOut');
}

/** debug's lines naming the profile's adapter and the DuckDB release it embeds. */
export function logAdapter(logger: Logger, type: string): void {
  logger.info(`adapter type: ${type}`, 'DebugCmdOut');
  logger.info(`adapter version: ${duckDbEngineVersion()}`, 'DebugCmdOut');
}

/**
 * debug's Required dependencies section. As dbt, the blank line after it is the result line's own
 * closing line break, so it carries no timestamp.
 */
export function logRequiredDependencies(logger: Logger): void {
  logger.info('Required dependencies:', 'DebugCmdOut');
  logger.info(' - duckdb (embedded) [OK found]\n', 'DebugCmdResult');
}

/**
 * debug's Connection section: the target's connection keys, then a test query. Returns the
 * error's message when the connection failed, undefined when it worked.
 */
export async function testConnection(logger: Logger, target: TargetConfig): Promise<string | undefined> {
  logger.info('Connection:', 'DebugCmdOut');
  for (const [key, value] of connectionInfo(target)) logger.info(`  ${key}: ${pyStr(value)}`, 'DebugCmdOut');
  // As dbt's debug, which registers the adapter just before it tests the connection.
  logAdapterRegistered(logger, target.type);
  try {
    const adapter = await openDuckDb(targetOpenOptions(target));
    await adapter.execute('select 1');
    await adapter.close();
    // The blank line after is the message's own line break, as dbt writes it (no timestamp).
    logger.info('  Connection test: [OK connection ok]\n', 'DebugCmdOut');
    for (const d of unavailableExtensionWarnings(adapter)) logger.diagnostic(d);
    return undefined;
  } catch (error) {
    // As dbt, the reason comes after the count of failed checks (connectionFailure).
    logger.info('  Connection test: [ERROR]\n', 'DebugCmdOut');
    // dbt reports the adapter's error as it prints: "Runtime Error" over DuckDB's indented message.
    return isReelhouseError(error) ? profileFailureText(error.diagnostic) : (error as Error).message;
  }
}

/** dbt's reason for a failed connection test, printed after the count of failed checks. */
export function connectionFailure(error: string): string {
  return `dbt was unable to connect to the specified database.\nThe database returned the following error:\n\n  >${error}\n\nCheck your database credentials and try again. For more information, visit:\n${PROFILE_DOCS}\n`;
}

/**
 * Why a profile did not load or the connection failed, as debug's failed checks give it: dbt's own
 * message under dbt's "Runtime Error" heading (each line indented) where the error carries it,
 * else Reelhouse's sentence.
 */
export function profileFailureText(diagnostic: Diagnostic): string {
  if (diagnostic.dbtMessage === undefined) return diagnostic.message;
  return `Runtime Error\n${diagnostic.dbtMessage.split('\n').map((line) => `  ${line}`).join('\n')}`;
}

/** dbt's end of a failed debug: how many checks failed, then each one's reason followed by a blank line. */
export function logChecksFailed(logger: Logger, reasons: string[]): void {
  logger.info(`${reasons.length} ${reasons.length === 1 ? 'check' : 'checks'} failed:`, 'DebugCmdResult');
  for (const reason of reasons) logger.info(`${reason}\n`, 'DebugCmdResult');
}

/**
 * dbt-duckdb's connection keys with their values, as `dbt debug` lists them (str() of each): what
 * the profile gave, else the credentials' defaults (None, `.` for external_root, settings `{}`).
 */
export function connectionInfo(target: TargetConfig): [string, unknown][] {
  const given = (key: string, otherwise: unknown = null): unknown => target[key] ?? otherwise;
  return [
    ['database', target.database],
    ['schema', target.schema],
    // As written: dbt-duckdb keeps the path it was given (Reelhouse opens it resolved).
    ['path', target.writtenPath ?? target.path],
    ['config_options', given('config_options')],
    // As written: dbt-duckdb keeps a {name, repo} entry as the mapping it was given.
    ['extensions', target.extensions.length > 0 ? (target.writtenExtensions ?? target.extensions) : null],
    ['settings', target.settings],
    ['external_root', given('external_root', '.')],
    ['use_credential_provider', given('use_credential_provider')],
    ['attach', target.attach.length > 0 ? target.attach.map(attachmentInfo) : null],
    ['filesystems', given('filesystems')],
    ['remote', given('remote')],
    ['plugins', pluginsInfo(given('plugins'))],
    ['disable_transactions', given('disable_transactions', false)],
  ];
}

/** An attach: entry as dbt-duckdb's Attachment lists it: every field, in its order, unset ones None. */
function attachmentInfo(attachment: TargetAttachment): Record<string, unknown> {
  return {
    path: attachment.writtenPath ?? attachment.path,
    type: attachment.type ?? null,
    alias: attachment.alias ?? null,
    secret: attachment.secret ?? null,
    read_only: attachment.readOnly ?? false,
    options: attachment.options ?? null,
    is_ducklake: attachment.isDuckLake ?? null,
  };
}

/** plugins: as dbt-duckdb's PluginConfig lists each entry: module, alias and config, unset ones None. */
function pluginsInfo(plugins: unknown): unknown {
  if (!Array.isArray(plugins)) return plugins;
  return plugins.map((plugin) => (isRecord(plugin) ? { module: plugin.module ?? null, alias: plugin.alias ?? null, config: plugin.config ?? null } : plugin));
}
