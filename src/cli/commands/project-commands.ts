import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { makeLogger, projectDirOf, type CliIo } from '../cli-context.js';
import { anyCase } from '../dbt-flags.js';
import { COMMAND_RUN_OPTIONS, withProjectFlags, withResourceTypeFlags, withSelectionFlags, type ProjectFlags } from '../global-options.js';
import { cleanCommand } from './clean.js';
import { debugCommand } from './debug.js';
import { depsCommand } from './deps.js';
import { initCommand } from './init.js';
import { lsCommand } from './ls.js';
import { parseCommand } from './parse.js';
import { retryCommand } from './retry.js';
import { runOperationCommand, type RunOperationFlags } from './run-operation.js';
import { showCommand } from './show.js';
import { sourceFreshnessCommand } from './source-freshness.js';

/** Registers the commands that are not plain node runs. */
export function registerProjectCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const act = <T>(fn: (flags: T, io: CliIo) => Promise<number>) => async (flags: T) => setExit(await fn(flags, io));

  // dbt's init takes the global flags too (a CI script may pass --quiet or --profiles-dir to every command).
  withProjectFlags(program.command('init [name]').description('create a new project folder with a profile, a model and a test'))
    .option('-s, --skip-profile-setup', 'do not write profiles.yml')
    .action(async (name: string | undefined, flags: ProjectFlags & { skipProfileSetup?: boolean }) => setExit(await initCommand(name, flags, io)));
  withProjectFlags(program.command('debug').description('check the project, the profile and the warehouse connection'))
    .option('--config-dir', 'print the folder profiles.yml is read from, and stop')
    .addOption(new Option('--connection', "dbt's connection-only check: runs the whole check, connection included").hideHelp())
    .action(act((flags: ProjectFlags & { configDir?: boolean }, cliIo: CliIo) => (flags.configDir ? configDirCommand(flags, cliIo) : debugCommand(flags, cliIo))));
  withProjectFlags(program.command('deps').description('install the packages in packages.yml into dbt_packages/'))
    .option('--add-package <package>', 'add a package to packages.yml (name@version; a git URL@revision or a folder with --source), then install')
    .option('--source <source>', 'where --add-package takes the package from: hub (default), git or local')
    .option('--lock', 'write package-lock.yml without installing the packages')
    .option('--upgrade', 'accepted: deps always resolves the packages afresh')
    .action(act(depsCommand));
  withProjectFlags(program.command('parse').description('read the project and write target/manifest.json')).action(act(parseCommand));
  withProjectFlags(program.command('clean').description('delete the folders listed in clean-targets'))
    // Folders outside the project are always refused: dbt's default --clean-project-files-only.
    .addOption(new Option('--clean-project-files-only', 'accepted for dbt compatibility: clean never deletes outside the project').hideHelp())
    .addOption(new Option('--no-clean-project-files-only', 'accepted, but clean still refuses folders outside the project').hideHelp())
    .action(act(cleanCommand));

  for (const alias of ['ls', 'list'] as const) {
    withResourceTypeFlags(withSelectionFlags(program.command(alias).description('list the selected resources'), COMMAND_RUN_OPTIONS['list']!))
      .addOption(anyCase(new Option('--output <format>', 'selector (default), name, path or json'), ['selector', 'name', 'path', 'json']))
      .option('--output-keys <keys...>', 'keys to print with --output json')
      .action(act((flags: Parameters<typeof lsCommand>[0], cliIo: CliIo) => lsCommand(flags, cliIo, alias)));
  }
  withSelectionFlags(program.command('show').description('preview the rows of a node or of inline SQL'), COMMAND_RUN_OPTIONS['show']!)
    .option('--inline <sql>', 'SQL to preview (may use ref() and source())')
    .option('--inline-direct <sql>', 'SQL to preview as written, without Jinja')
    .option('--limit <n>', 'how many rows to show (default 5, -1 for all)')
    .addOption(anyCase(new Option('--output <format>', 'text (default) or json'), ['text', 'json']))
    .action(act(showCommand));
  withProjectFlags(program.command('run-operation [macro]').description('call a macro, or run SQL with --sql'))
    .option('--args <yaml>', 'keyword arguments for the macro as a YAML mapping')
    .option('--sql <sql>', 'SQL (may use ref(), source() and macros) to run instead of a macro')
    .addOption(new Option('--inline <sql>', 'older name of --sql').hideHelp())
    .action(async (macro: string | undefined, flags: RunOperationFlags) => setExit(await runOperationCommand(macro, flags, io)));
  // dbt's retry selects nothing itself (it reruns what failed), so it takes no selection flags.
  withProjectFlags(program.command('retry').description('rerun the nodes that failed or were skipped in the last invocation'))
    .option('-f, --full-refresh', 'rebuild incremental models and seeds from scratch')
    .action(act(retryCommand));

  const source = program.command('source').description('source commands');
  // `snapshot-freshness` is dbt's older name for the same command.
  withSelectionFlags(source.command('freshness').alias('snapshot-freshness').description('check how fresh the sources are'), COMMAND_RUN_OPTIONS['freshness']!)
    .option('-o, --output <path>', 'where to write sources.json (default target/sources.json)')
    .addOption(new Option('--output-path <path>', "dbt's long name for -o").hideHelp())
    .action(act(sourceFreshnessCommand));
}

/** dbt debug --config-dir: where profiles.yml is looked for (--profiles-dir, DBT_PROFILES_DIR, the project, ~/.dbt). */
async function configDirCommand(flags: ProjectFlags, io: CliIo): Promise<number> {
  const logger = makeLogger(flags, io);
  const env = io.env ?? process.env;
  const projectDir = projectDirOf(flags, io);
  // dbt prints --profiles-dir (or DBT_PROFILES_DIR) as given.
  const dir = flags.profilesDir ?? env['DBT_PROFILES_DIR'] ?? (existsSync(join(projectDir, 'profiles.yml')) ? projectDir : join(homedir(), '.dbt'));
  const open = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'start' : 'xdg-open';
  logger.info(`To view your profiles.yml file, run:\n\n${open} ${dir}`, 'ConfigFolderDirectory');
  return 0;
}
