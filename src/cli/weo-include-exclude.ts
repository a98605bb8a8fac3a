// dbt 1.10's WEOIncludeExcludeDeprecation: warn_error_options still reads the older `include` and
// `exclude` keys (as `error` and `warn`), but dbt warns once, before the command starts, wherever
// the options came from (--warn-error-options, DBT_WARN_ERROR_OPTIONS or dbt_project.yml's flags).
// It is a deprecation like any other, so `include: all` raises it as an error unless `exclude`
// (or `warn`) names it.
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { invocationIdOf, makeLogger, projectDirOf, type CliIo } from './cli-context.js';
import type { ProjectFlags } from './global-options.js';

/** Warns when the warn_error_options in effect are written with the old include/exclude keys. */
export function warnIncludeExcludeKeys(command: Command, io: CliIo): void {
  const flags = command.opts<ProjectFlags>();
  if (!command.options.some((o) => o.attributeName() === 'warnErrorOptions')) return;
  const options = optionsInEffect(flags, io);
  if (options === null || typeof options !== 'object' || Array.isArray(options)) return;
  const include = 'include' in options;
  const exclude = 'exclude' in options;
  if (!include && !exclude) return;
  const found = [include ? '`include`' : '', exclude ? '`exclude`' : ''].filter((k) => k !== '').join(' and ');
  const advice = `${include ? ' Please use `error` instead of `include`.' : ''}${exclude ? ' Please use `warn` instead of `exclude`.' : ''}`;
  makeLogger(flags, io, invocationIdOf(io)).diagnostic({
    code: 'weo-include-exclude',
    severity: 'warning',
    message: `Found ${found} in \`warn_error_options\` specification.${advice}`,
    hint: 'Rename include to error and exclude to warn; they mean the same.',
  });
}

/**
 * The warn_error_options mapping the command runs with: the command line's (or the
 * DBT_WARN_ERROR_OPTIONS variable's), else dbt_project.yml's `flags:` when --warn-error was not
 * given either. Text that does not read as YAML is left for the logger to report.
 */
function optionsInEffect(flags: ProjectFlags, io: CliIo): unknown {
  try {
    if (flags.warnErrorOptions !== undefined) return parseYaml(flags.warnErrorOptions);
    if (flags.warnError !== undefined) return undefined;
    const file = join(projectDirOf(flags, io), 'dbt_project.yml');
    if (!existsSync(file)) return undefined;
    const project: unknown = parseYaml(readFileSync(file, 'utf8'));
    const projectFlags = project !== null && typeof project === 'object' ? (project as Record<string, unknown>)['flags'] : undefined;
    return projectFlags !== null && typeof projectFlags === 'object' ? (projectFlags as Record<string, unknown>)['warn_error_options'] : undefined;
  } catch {
    return undefined;
  }
}
