// The defaults a command takes from its project before it runs: the project folder (the nearest
// one holding dbt_project.yml, as dbt's default --project-dir), then dbt_project.yml's `flags:`
// (or, in a project without them, profiles.yml's older `config:`) as the defaults of its global
// flags. dbt reads them before it sets up logging, so a project's `log_level: warn`, `debug: true`,
// `use_colors: false` or `indirect_selection: cautious` apply to the console, dbt.log and
// selection alike, below the command line and DBT_* variables.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { userError } from '../core/diagnostic.js';

/**
 * The project flags dbt's ProjectFlags holds that stand in for a command-line flag, and the
 * values each takes. warn_error, warn_error_options, fail_fast and write_json are applied once the
 * project is loaded; the parser and cache switches change nothing here.
 */
const EARLY_FLAGS: Record<string, 'boolean' | 'count' | readonly string[]> = {
  debug: 'boolean',
  log_format: ['text', 'debug', 'json', 'default'],
  log_format_file: ['text', 'debug', 'json', 'default'],
  log_level: ['debug', 'info', 'warn', 'error', 'none'],
  log_level_file: ['debug', 'info', 'warn', 'error', 'none'],
  use_colors: 'boolean',
  use_colors_file: 'boolean',
  indirect_selection: ['eager', 'cautious', 'buildable', 'empty'],
  printer_width: 'count',
};

/**
 * dbt's default --project-dir: the working folder, or the nearest folder above it that holds a
 * dbt_project.yml, so a command run from models/ finds its project. `init` makes a project instead.
 */
export function applyDefaultProjectDir(command: Command, io: { cwd?: string | undefined }): void {
  if (command.name() === 'init' || !command.options.some((o) => o.attributeName() === 'projectDir')) return;
  if ((command.opts() as { projectDir?: string }).projectDir !== undefined) return;
  const cwd = resolve(io.cwd ?? process.cwd());
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'dbt_project.yml'))) {
      if (dir !== cwd) command.setOptionValueWithSource('projectDir', dir, 'default');
      return;
    }
    if (dirname(dir) === dir) return;
  }
}

/**
 * Fills the flags of the command about to run that neither the command line nor a DBT_*
 * variable gave from the project's flags, as dbt's precedence has it.
 */
export function applyProjectFileFlags(command: Command, io: { cwd?: string | undefined; env?: NodeJS.ProcessEnv | undefined }): void {
  const cwd = io.cwd ?? process.cwd();
  const opts = command.opts() as { projectDir?: string; profilesDir?: string };
  const projectDir = resolve(cwd, opts.projectDir ?? '.');
  const found = projectFlagsIn(projectDir, opts.profilesDir === undefined ? undefined : resolve(cwd, opts.profilesDir), cwd, io.env ?? process.env);
  if (!found) return;
  const attributes = new Set(command.options.map((o) => o.attributeName()));
  for (const [name, kind] of Object.entries(EARLY_FLAGS)) {
    const value = found.flags[name];
    const attr = name.replace(/_([a-z])/gu, (_, c: string) => c.toUpperCase());
    if (value === undefined || value === null || !attributes.has(attr)) continue;
    const source = command.getOptionValueSource(attr);
    if (source === 'cli' || source === 'env') continue;
    command.setOptionValueWithSource(attr, checked(name, kind, value, found.where), 'config');
  }
}

function checked(name: string, kind: 'boolean' | 'count' | readonly string[], value: unknown, where: string): unknown {
  if (kind === 'boolean') {
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    throw userError('usage', `${where}: ${name} must be true or false, got ${JSON.stringify(value)}`);
  }
  if (kind === 'count') {
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return String(value);
    throw userError('usage', `${where}: ${name} must be a positive whole number, got ${JSON.stringify(value)}`);
  }
  const text = typeof value === 'string' ? value.toLowerCase() : undefined;
  if (text !== undefined && kind.includes(text)) return text;
  throw userError('usage', `${where}: ${name} must be one of ${kind.join(', ')}, got ${JSON.stringify(value)}`);
}

/**
 * The flags mapping dbt reads before the project loads: dbt_project.yml's `flags:`, else the
 * `config:` of the profiles.yml the command would read. Both at once, or unreadable files, are
 * reported when the project loads.
 */
function projectFlagsIn(projectDir: string, profilesDir: string | undefined, cwd: string, env: NodeJS.ProcessEnv): { flags: Record<string, unknown>; where: string } | undefined {
  const project = mappingAt(join(projectDir, 'dbt_project.yml'), 'flags');
  if (project === null) return undefined;
  if (project && Object.keys(project).length > 0) return { flags: project, where: 'flags: in dbt_project.yml' };
  const given = profilesDir ?? (env['DBT_PROFILES_DIR'] ? resolve(cwd, env['DBT_PROFILES_DIR']) : undefined);
  const dirs = given !== undefined ? [given] : [projectDir, cwd, join(env['HOME'] ?? homedir(), '.dbt')];
  const file = dirs.map((dir) => join(dir, 'profiles.yml')).find((f) => existsSync(f));
  const config = file === undefined ? undefined : mappingAt(file, 'config');
  return config ? { flags: config, where: 'config: in profiles.yml' } : undefined;
}

/** The mapping under `key` of a YAML file; undefined when absent, null when the file cannot be read. */
function mappingAt(file: string, key: string): Record<string, unknown> | undefined | null {
  try {
    // Quietly: what is wrong with the file is reported once, when the project loads.
    const doc = parseYaml(readFileSync(file, 'utf8'), { logLevel: 'error' }) as Record<string, unknown> | null;
    const value = doc !== null && typeof doc === 'object' ? doc[key] : undefined;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return null;
  }
}
