// dbt's `flags` for an invocation: every global flag with its effective value (given, from a
// DBT_* variable, or dbt's default), as dbt's Flags object holds them. Templates read them as
// `flags.X`, `invocation_args_dict` and run_results.json's `args` are built from them the way
// dbt's args_to_dict builds both, so packages that record the invocation (which command, which
// selection, which vars, which target) find the keys dbt gives them.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseCount } from './dbt-flags.js';
import { parseThreads, parseVars, scrubSecretVars, type ProjectFlags } from './global-options.js';
import { invocationArgsDict } from '../project/context/invocation-args.js';
import { pyRepr, pyStr } from '../templating/index.js';
import { resolvedPathFlag, stateDirFlags } from './path-flags.js';

/** Where a command's flags came from, beyond the parsed options: the folder and the command line. */
export interface InvocationSource {
  cwd?: string | undefined;
  env?: NodeJS.ProcessEnv | undefined;
  /** The command line as given (after the program name); dbt's INVOCATION_COMMAND. */
  argv?: string[] | undefined;
}

/**
 * The upper-case flags dbt holds for any command on a project. Flags only some commands take,
 * unset when not given (--target, --threads, ...), are left out; those every command holds as
 * None (TARGET_PATH, DEFER_STATE, WARN_ERROR) are null. args_to_dict drops both.
 */
export function dbtInvocationFlags(flags: ProjectFlags, source: InvocationSource, which: string, projectDir: string): Record<string, unknown> {
  const cwd = source.cwd ?? process.cwd();
  const env = source.env ?? process.env;
  // The accepted-only flags (--no-partial-parse, ...) are on the parsed options without a type.
  const loose = flags as Record<string, unknown>;
  const bool = (name: string, fallback: boolean): boolean => (typeof loose[name] === 'boolean' ? (loose[name] as boolean) : fallback);
  // dbt_project.yml as written, read once for its log-path and flags.
  const rawProject = rawProjectOf(projectDir);
  const out: Record<string, unknown> = {
    WHICH: which,
    PROJECT_DIR: flags.projectDir ?? projectDir,
    PROFILES_DIR: profilesDirOf(flags, env, cwd, projectDir),
    VARS: parseVars(flags.vars),
    // Given: absolute, as click resolves it; else the project folder as given, joined with
    // dbt_project.yml's log-path or `logs`.
    LOG_PATH: flags.logPath !== undefined ? resolvedPathFlag(flags.logPath, cwd) : join(flags.projectDir ?? projectDir, projectLogPathOf(rawProject) ?? 'logs'),
    LOG_FORMAT: flags.logFormat ?? 'default',
    LOG_FORMAT_FILE: flags.logFormatFile ?? 'debug',
    LOG_LEVEL: flags.logLevel ?? 'info',
    LOG_LEVEL_FILE: flags.logLevelFile ?? 'debug',
    LOG_FILE_MAX_BYTES: parseCount('--log-file-max-bytes', flags.logFileMaxBytes, 10 * 1024 * 1024, true),
    USE_COLORS: flags.useColors ?? true,
    USE_COLORS_FILE: flags.useColorsFile ?? true,
    PRINTER_WIDTH: parseCount('--printer-width', flags.printerWidth, 80),
    WRITE_JSON: flags.writeJson ?? true,
    QUIET: flags.quiet ?? false,
    PRINT: flags.print ?? true,
    DEBUG: flags.debug ?? false,
    WARN_ERROR_OPTIONS: warnErrorOptionsDict({}),
    INDIRECT_SELECTION: loose['indirectSelection'] ?? 'eager',
    STATIC_PARSER: bool('staticParser', true),
    USE_EXPERIMENTAL_PARSER: bool('useExperimentalParser', false),
    INTROSPECT: bool('introspect', true),
    POPULATE_CACHE: bool('populateCache', true),
    CACHE_SELECTED_ONLY: bool('cacheSelectedOnly', false),
    LOG_CACHE_EVENTS: bool('logCacheEvents', false),
    MACRO_DEBUGGING: bool('macroDebugging', false),
    STRICT_MODE: false,
    // --warn-error is a flag without a default (None unless given), as dbt's click option is.
    WARN_ERROR: flags.warnError ?? null,
    DEFER: bool('defer', false),
    FAVOR_STATE: bool('favorState', false),
    PARTIAL_PARSE_FILE_DIFF: bool('partialParseFileDiff', true),
    SHOW_ALL_DEPRECATIONS: bool('showAllDeprecations', false),
    SHOW_RESOURCE_REPORT: bool('showResourceReport', false),
    USE_FAST_TEST_EDGES: bool('useFastTestEdges', false),
    // What Reelhouse does whatever the flags say: it parses in full every time, does not enforce
    // require-dbt-version, never sends usage statistics and never uploads artifacts.
    PARTIAL_PARSE: false,
    VERSION_CHECK: false,
    SEND_ANONYMOUS_USAGE_STATS: false,
    UPLOAD_TO_ARTIFACTS_INGEST_API: false,
    // dbt's behaviour-change flags, which only dbt_project.yml's `flags:` set: their defaults here.
    ...PROJECT_ONLY_FLAG_DEFAULTS,
  };
  // dbt joins its argv as given, unquoted, after the program name.
  if (source.argv) out['INVOCATION_COMMAND'] = ['reelhouse', ...source.argv].join(' ');
  if (flags.target !== undefined) out['TARGET'] = flags.target;
  if (flags.profile !== undefined) out['PROFILE'] = flags.profile;
  // dbt's FLAGS_DEFAULTS: TARGET_PATH and DEFER_STATE are None when not given (args_to_dict drops them).
  out['TARGET_PATH'] = flags.targetPath ?? null;
  out['DEFER_STATE'] = null;
  // --state and --defer-state are global in dbt: every command records them, as pathlib prints them.
  Object.assign(out, stateDirFlags({ state: loose['state'] as string | undefined, deferState: loose['deferState'] as string | undefined }));
  if (flags.threads !== undefined) out['THREADS'] = parseThreads(flags.threads);
  if (flags.warnErrorOptions !== undefined) out['WARN_ERROR_OPTIONS'] = warnErrorOptionsDict(yamlOrText(flags.warnErrorOptions));
  // dbt_project.yml's `flags:` stand in for the flags not given on the command line (or in a
  // DBT_* variable); its project-only flags (behaviour changes) join the set as they are.
  for (const [name, value] of Object.entries(projectFlagsOf(rawProject))) {
    const key = name.toUpperCase();
    const option = name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    if (FIXED_FLAGS.has(key) || loose[option] !== undefined || value === null || value === undefined) continue;
    out[key] = key === 'WARN_ERROR_OPTIONS' ? warnErrorOptionsDict(value) : value;
  }
  return out;
}

// What Reelhouse does whatever a project's flags say (see above).
const FIXED_FLAGS = new Set(['PARTIAL_PARSE', 'VERSION_CHECK', 'SEND_ANONYMOUS_USAGE_STATS', 'UPLOAD_TO_ARTIFACTS_INGEST_API', 'WHICH', 'INVOCATION_COMMAND']);

/**
 * dbt 1.10's project-only flags (ProjectFlags.project_only_flags) with their defaults: dbt's Flags
 * hold every one of them, set in dbt_project.yml or not, so run_results.json's `args` and
 * invocation_args_dict list them all.
 */
const PROJECT_ONLY_FLAG_DEFAULTS: Readonly<Record<string, boolean>> = {
  REQUIRE_EXPLICIT_PACKAGE_OVERRIDES_FOR_BUILTIN_MATERIALIZATIONS: true,
  REQUIRE_RESOURCE_NAMES_WITHOUT_SPACES: true,
  SOURCE_FRESHNESS_RUN_PROJECT_HOOKS: true,
  SKIP_NODES_IF_ON_RUN_START_FAILS: false,
  STATE_MODIFIED_COMPARE_MORE_UNRENDERED_VALUES: false,
  STATE_MODIFIED_COMPARE_VARS: false,
  REQUIRE_YAML_CONFIGURATION_FOR_MF_TIME_SPINES: false,
  REQUIRE_BATCHED_EXECUTION_FOR_CUSTOM_MICROBATCH_STRATEGY: false,
  REQUIRE_NESTED_CUMULATIVE_TYPE_PARAMS: false,
  VALIDATE_MACRO_ARGS: false,
  REQUIRE_ALL_WARNINGS_HANDLED_BY_WARN_ERROR: false,
  REQUIRE_GENERIC_TEST_ARGUMENTS_PROPERTY: true,
};

/** The `flags:` mapping of the project's dbt_project.yml, read raw as dbt reads it before the project loads; none when absent or unreadable (loading reports that). */
function projectFlagsOf(rawProject: Record<string, unknown> | null): Record<string, unknown> {
  const flags = rawProject?.['flags'];
  return flags !== null && typeof flags === 'object' && !Array.isArray(flags) ? (flags as Record<string, unknown>) : {};
}

/** dbt_project.yml's (deprecated) `log-path`, read raw as dbt's default log path reads it. */
function projectLogPathOf(rawProject: Record<string, unknown> | null): string | undefined {
  const value = rawProject?.['log-path'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function rawProjectOf(projectDir: string): Record<string, unknown> | null {
  try {
    const project: unknown = parseYaml(readFileSync(join(projectDir, 'dbt_project.yml'), 'utf8'), { logLevel: 'error' });
    return project !== null && typeof project === 'object' && !Array.isArray(project) ? (project as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * run_results.json's `args`: dbt's args_to_dict of the session's flags, with the values of
 * DBT_ENV_SECRET* vars masked, and the command's own additions (what `retry` reads) on top.
 */
export function runResultsArgs(sessionFlags: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const vars = (sessionFlags['VARS'] ?? {}) as Record<string, unknown>;
  const args: Record<string, unknown> = { ...invocationArgsDict(sessionFlags), vars: scrubSecretVars(vars), ...extra };
  // The command line repeats the --vars text: the secret values are masked there too.
  if (typeof args['invocation_command'] === 'string') {
    let command = args['invocation_command'];
    for (const [name, value] of Object.entries(vars)) {
      if (name.startsWith('DBT_ENV_SECRET') && value !== null && value !== undefined && String(value) !== '') command = command.split(String(value)).join('*****');
    }
    args['invocation_command'] = command;
  }
  return args;
}

/**
 * dbt's --profiles-dir (or DBT_PROFILES_DIR): as given, unresolved, as click hands it over; else
 * the folder profiles.yml is read from (the project's, the current one's, then ~/.dbt).
 */
function profilesDirOf(flags: ProjectFlags, env: NodeJS.ProcessEnv, cwd: string, projectDir: string): string {
  if (flags.profilesDir !== undefined) return flags.profilesDir;
  if (env['DBT_PROFILES_DIR']) return env['DBT_PROFILES_DIR'];
  return [projectDir, cwd].find((dir) => existsSync(join(dir, 'profiles.yml'))) ?? join(homedir(), '.dbt');
}

/**
 * warn_error_options as dbt 1.10's WarnErrorOptions writes itself: `error`, `warn` and `silence`,
 * the older `include`/`exclude` spellings read as `error`/`warn`. A value that is not a mapping is
 * kept as given (the command reports it).
 */
function warnErrorOptionsDict(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const options = value as Record<string, unknown>;
  return { error: options['error'] ?? options['include'] ?? [], warn: options['warn'] ?? options['exclude'] ?? [], silence: options['silence'] ?? [] };
}

/** A YAML flag value as dbt holds it (a mapping); the text itself when it does not parse (the command reports that). */
function yamlOrText(text: string): unknown {
  try {
    return parseYaml(text) ?? text;
  } catch {
    return text;
  }
}

/** The commands that take dbt's --empty option, so hold its EMPTY flag whether given or not. */
export const EMPTY_OPTION_COMMANDS: readonly string[] = ['run', 'build', 'compile', 'snapshot'];

/**
 * The arguments of dbt's MainReportArgs debug event (`running dbt with arguments {...}`): the
 * global flags dbt's get_flag_dict names, each as str() of its value (None for one never given).
 * `flags` is what dbtInvocationFlags made of the command line.
 */
export function mainReportArgs(flags: Record<string, unknown>, given: ProjectFlags): Record<string, string> {
  const loose = given as Record<string, unknown>;
  const options = flags['WARN_ERROR_OPTIONS'] as { error?: unknown; warn?: unknown; silence?: unknown } | undefined;
  const list = (items: unknown): string => pyRepr(items ?? []);
  // A command with dbt's --empty option holds EMPTY (False unless given); the others have no such flag.
  const empty = loose['empty'] ?? (EMPTY_OPTION_COMMANDS.includes(String(flags['WHICH'])) ? false : null);
  const args: Record<string, unknown> = {
    printer_width: flags['PRINTER_WIDTH'],
    indirect_selection: flags['INDIRECT_SELECTION'],
    log_cache_events: flags['LOG_CACHE_EVENTS'],
    write_json: flags['WRITE_JSON'],
    partial_parse: flags['PARTIAL_PARSE'],
    cache_selected_only: flags['CACHE_SELECTED_ONLY'],
    profiles_dir: flags['PROFILES_DIR'],
    debug: flags['DEBUG'],
    version_check: flags['VERSION_CHECK'],
    fail_fast: loose['failFast'] ?? false,
    log_path: flags['LOG_PATH'],
    warn_error: loose['warnError'] ?? null,
    use_colors: flags['USE_COLORS'],
    use_experimental_parser: flags['USE_EXPERIMENTAL_PARSER'],
    no_print: loose['print'] === false ? true : null,
    quiet: flags['QUIET'],
    empty,
    warn_error_options: `WarnErrorOptionsV2(error=${list(options?.error)}, warn=${list(options?.warn)}, silence=${list(options?.silence)})`,
    invocation_command: flags['INVOCATION_COMMAND'] ?? null,
    static_parser: flags['STATIC_PARSER'],
    introspect: flags['INTROSPECT'],
    target_path: flags['TARGET_PATH'] ?? null,
    log_format: flags['LOG_FORMAT'],
    send_anonymous_usage_stats: flags['SEND_ANONYMOUS_USAGE_STATS'],
  };
  return Object.fromEntries(Object.entries(args).map(([key, value]) => [key, pyStr(value)]));
}
