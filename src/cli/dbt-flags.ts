// dbt's global flags (every command takes them, before or after the command name) and the
// DBT_* environment variables that set flags, so dbt's scripts and CI jobs run unchanged.
import { Option, type Command } from 'commander';
import { userError } from '../core/diagnostic.js';

/** The global flags Reelhouse acts on (the rest are accepted and have no effect here). */
export interface DbtGlobalFlags {
  warnError?: boolean;
  warnErrorOptions?: string;
  logLevel?: string;
  logLevelFile?: string;
  logPath?: string;
  logFormatFile?: string;
  logFileMaxBytes?: string;
  useColors?: boolean;
  useColorsFile?: boolean;
  printerWidth?: string;
  writeJson?: boolean;
  targetPath?: string;
  profile?: string;
  /** --show-resource-report: dbt's ResourceReport event at info level, so the console shows it. */
  showResourceReport?: boolean;
}

const LEVELS = ['debug', 'info', 'warn', 'error', 'none'];
const FORMATS = ['text', 'debug', 'json', 'default'];

/**
 * Flags dbt accepts that mean nothing for an embedded, always fully parsed DuckDB project:
 * each is accepted (with its --no- form) so dbt command lines keep working, and ignored for the reason given.
 */
const NO_OP_FLAGS: { name: string; negatable: boolean; value?: string; why: string }[] = [
  { name: 'partial-parse', negatable: true, why: 'the project is parsed in full on every command; there is no partial_parse.msgpack' },
  { name: 'partial-parse-file-diff', negatable: true, why: 'the project is parsed in full on every command' },
  { name: 'partial-parse-file-path', negatable: false, value: '<path>', why: 'no partial parsing file is read or written' },
  { name: 'version-check', negatable: true, why: 'require-dbt-version is not enforced' },
  { name: 'use-experimental-parser', negatable: true, why: 'templates are always rendered by the one Jinja engine' },
  { name: 'send-anonymous-usage-stats', negatable: true, why: 'no usage statistics are ever sent' },
  { name: 'populate-cache', negatable: true, why: 'the relation cache is filled on demand from the embedded warehouse' },
  { name: 'cache-selected-only', negatable: true, why: 'the relation cache is filled on demand from the embedded warehouse' },
  { name: 'introspect', negatable: true, why: 'introspective queries on the embedded warehouse are local and always allowed' },
  { name: 'log-cache-events', negatable: true, why: 'there is no relation-cache event stream to log' },
  { name: 'record-timing-info', negatable: false, value: '<file>', why: "dbt writes Python profiler stats; use --debug for each node's timing" },
  { name: 'macro-debugging', negatable: true, why: 'dbt drops into the Python debugger; there is none here' },
  { name: 'single-threaded', negatable: true, why: 'a dbt test-suite switch; use --threads 1' },
  { name: 'show-all-deprecations', negatable: true, why: 'no deprecation warnings are deduplicated' },
  { name: 'use-fast-test-edges', negatable: true, why: 'build always orders tests before the children of what they test' },
  { name: 'upload-to-artifacts-ingest-api', negatable: true, why: 'artifacts are written to the target folder only; nothing is uploaded' },
];

/** Makes an option take its choices in any case, as dbt's case-insensitive choices do (`--log-level WARN`); the value is lower-cased. */
export function anyCase(option: Option, choices: readonly string[]): Option {
  option.choices(choices);
  const parse = option.parseArg!;
  return option.argParser((value: string, previous: unknown) => parse(value.toLowerCase(), previous));
}

/** Adds dbt's global flags (implemented and accepted-only) to a command. */
export function withDbtGlobalFlags(cmd: Command): Command {
  cmd
    .option('--warn-error', 'raise every warning as an error (a warning test fails, "nothing to do" stops the command)')
    .option('--warn-error-options <yaml>', `which warnings are errors: '{"error": "all" | [names], "warn": [names], "silence": [names]}' (include/exclude also accepted)`)
    .addOption(anyCase(new Option('--log-level <level>', 'least severe events printed to the console'), LEVELS))
    .addOption(anyCase(new Option('--log-level-file <level>', 'least severe events written to logs/dbt.log (default debug, or --log-level)'), LEVELS))
    .option('--log-path <dir>', 'the folder dbt.log is written to (default: logs/ in the project)')
    .addOption(anyCase(new Option('--log-format-file <format>', 'format of dbt.log: debug (default), text or json'), FORMATS))
    .option('--log-file-max-bytes <n>', 'rotate dbt.log to dbt.log.1..5 once it is this big (default 10 MB; 0 never)')
    .option('--use-colors', 'colour result statuses even when the output is not a terminal')
    .option('--no-use-colors', 'never colour the output (default: colour on a terminal)')
    .option('--use-colors-file', 'colour dbt.log as the console')
    .addOption(new Option('--no-use-colors-file', 'write dbt.log without colours (the default)').hideHelp())
    .option('--printer-width <n>', 'the width progress lines are dotted to (default 80)')
    .option('--write-json', 'write manifest.json and run_results.json (the default)')
    .option('--no-write-json', 'do not write manifest.json and run_results.json')
    .option('--target-path <dir>', "the folder artifacts and compiled SQL go to, instead of dbt_project.yml's target-path")
    .option('--profile <name>', "the profiles.yml profile to use instead of dbt_project.yml's profile:")
    .addOption(new Option('--no-quiet', 'print info events (undoes --quiet or DBT_QUIET)').hideHelp())
    .addOption(new Option('--no-debug', 'no debug events (undoes --debug or DBT_DEBUG)').hideHelp())
    .addOption(new Option('--print', "show the output of Jinja's print() (the default)").hideHelp())
    // Hidden in dbt too: a line with the command's time and memory use when it ends.
    .addOption(new Option('--show-resource-report', "print the command's time and memory use when it ends").hideHelp())
    .addOption(new Option('--no-show-resource-report', 'log the resource report to dbt.log only (the default)').hideHelp())
    // Every template is rendered either way; the flag decides, as in dbt, how manifest.json lists a
    // simple model's sources and hook refs (see static-parse.ts).
    .addOption(new Option('--static-parser', "list simple models' refs and sources as dbt's static parser does (the default)").hideHelp())
    .addOption(new Option('--no-static-parser', "list every model's refs and sources as a render finds them").hideHelp());
  for (const flag of NO_OP_FLAGS) {
    const help = `accepted for dbt compatibility, no effect: ${flag.why}`;
    cmd.addOption(new Option(`--${flag.name}${flag.value ? ` ${flag.value}` : ''}`, help).hideHelp());
    if (flag.negatable) cmd.addOption(new Option(`--no-${flag.name}`, help).hideHelp());
  }
  // dbt's short form of --record-timing-info.
  cmd.addOption(new Option('-r <file>', 'accepted for dbt compatibility, no effect').hideHelp());
  return cmd;
}

/** dbt's environment variable for each flag Reelhouse reads one for, by commander attribute name. */
const ENV_VARS: Record<string, string> = {
  quiet: 'DBT_QUIET',
  debug: 'DBT_DEBUG',
  print: 'DBT_PRINT',
  logFormat: 'DBT_LOG_FORMAT',
  projectDir: 'DBT_PROJECT_DIR',
  failFast: 'DBT_FAIL_FAST',
  fullRefresh: 'DBT_FULL_REFRESH',
  storeFailures: 'DBT_STORE_FAILURES',
  indirectSelection: 'DBT_INDIRECT_SELECTION',
  state: 'DBT_STATE',
  deferState: 'DBT_DEFER_STATE',
  defer: 'DBT_DEFER',
  favorState: 'DBT_FAVOR_STATE',
  empty: 'DBT_EMPTY',
  resourceType: 'DBT_RESOURCE_TYPES',
  excludeResourceType: 'DBT_EXCLUDE_RESOURCE_TYPES',
  warnError: 'DBT_WARN_ERROR',
  warnErrorOptions: 'DBT_WARN_ERROR_OPTIONS',
  logLevel: 'DBT_LOG_LEVEL',
  logLevelFile: 'DBT_LOG_LEVEL_FILE',
  logPath: 'DBT_LOG_PATH',
  logFormatFile: 'DBT_LOG_FORMAT_FILE',
  logFileMaxBytes: 'DBT_LOG_FILE_MAX_BYTES',
  useColors: 'DBT_USE_COLORS',
  useColorsFile: 'DBT_USE_COLORS_FILE',
  printerWidth: 'DBT_PRINTER_WIDTH',
  writeJson: 'DBT_WRITE_JSON',
  targetPath: 'DBT_TARGET_PATH',
  showResourceReport: 'DBT_SHOW_RESOURCE_REPORT',
  staticParser: 'DBT_STATIC_PARSER',
  target: 'DBT_TARGET',
  profile: 'DBT_PROFILE',
  profilesDir: 'DBT_PROFILES_DIR',
  sample: 'DBT_SAMPLE',
  eventTimeStart: 'DBT_EVENT_TIME_START',
  eventTimeEnd: 'DBT_EVENT_TIME_END',
};

/**
 * The older names of some of those variables, which dbt still reads when the new one is not
 * set (DBT_NO_PRINT means the opposite of DBT_PRINT).
 */
const DEPRECATED_ENV_VARS: Record<string, { name: string; invert?: boolean }> = {
  print: { name: 'DBT_NO_PRINT', invert: true },
  state: { name: 'DBT_ARTIFACT_STATE_PATH' },
  defer: { name: 'DBT_DEFER_TO_STATE' },
  favorState: { name: 'DBT_FAVOR_STATE_MODE' },
};

/**
 * Sets the flags of the command about to run from dbt's DBT_* variables, where the command
 * line did not give them: the command line wins over the environment, as in dbt.
 */
export function applyDbtEnv(command: Command, env: NodeJS.ProcessEnv): void {
  const seen = new Set<string>();
  for (const option of command.options) {
    const attr = option.attributeName();
    if (seen.has(attr)) continue;
    seen.add(attr);
    const current = ENV_VARS[attr];
    const deprecated = DEPRECATED_ENV_VARS[attr];
    const useCurrent = current !== undefined && env[current] !== undefined;
    const name = useCurrent ? current : deprecated?.name;
    const raw = name === undefined ? undefined : env[name];
    if (raw === undefined || command.getOptionValueSource(attr) === 'cli') continue;
    let value: unknown;
    if (option.required || option.optional) {
      value = option.variadic ? raw.split(/\s+/u).filter(Boolean) : raw;
      if (option.argChoices && !option.argChoices.includes(String(value).toLowerCase())) {
        throw userError('usage', `${name}='${raw}' is not one of ${option.argChoices.join(', ')}`);
      }
      if (typeof value === 'string' && option.argChoices) value = value.toLowerCase();
    } else {
      value = parseBool(name!, raw) !== (!useCurrent && deprecated?.invert === true);
    }
    command.setOptionValueWithSource(attr, value, 'env');
  }
}

/** Reads a boolean environment variable the way dbt (click) does. */
function parseBool(name: string, raw: string): boolean {
  const text = raw.trim().toLowerCase();
  if (['1', 'true', 't', 'yes', 'y', 'on'].includes(text)) return true;
  if (['0', 'false', 'f', 'no', 'n', 'off', ''].includes(text)) return false;
  throw userError('usage', `${name}='${raw}' is not a valid boolean`, undefined, 'Use true or false (or 1 or 0).');
}

/** Global flags that may come before the command name, and whether each takes a value. */
const LEADING_FLAGS = new Map<string, boolean>([
  ['-q', false], ['--quiet', false], ['--no-quiet', false], ['--print', false], ['--no-print', false],
  ['-d', false], ['--debug', false], ['--no-debug', false], ['--log-format', true],
  ['--warn-error', false], ['--warn-error-options', true], ['--log-level', true], ['--log-level-file', true],
  ['--log-path', true], ['--log-format-file', true], ['--log-file-max-bytes', true],
  ['--use-colors', false], ['--no-use-colors', false], ['--use-colors-file', false], ['--no-use-colors-file', false],
  ['--printer-width', true], ['--write-json', false], ['--no-write-json', false], ['--target-path', true],
  ['-x', false], ['--fail-fast', false], ['--no-fail-fast', false], ['-r', true], ['--profile', true], ['--target', true], ['-t', true],
  ['--state', true], ['--defer', false], ['--no-defer', false], ['--defer-state', true], ['--favor-state', false], ['--no-favor-state', false],
  ['--indirect-selection', true], ['--show-resource-report', false], ['--no-show-resource-report', false],
  ['--static-parser', false], ['--no-static-parser', false],
  ...NO_OP_FLAGS.flatMap((f): [string, boolean][] => [[`--${f.name}`, f.value !== undefined], ...(f.negatable ? [[`--no-${f.name}`, false] as [string, boolean]] : [])]),
]);

/** dbt's other spellings of Reelhouse's flags. */
const ALIASES: Record<string, string> = {
  '--model': '--models',
  '--resource-types': '--resource-type',
  '--exclude-resource-types': '--exclude-resource-type',
};

/**
 * Rewrites a dbt command line into the form the parser takes: global flags written before the
 * command name move just after it (`dbt --warn-error run` means `dbt run --warn-error`), dbt's
 * alternative spellings are renamed, and `-V` asks for the version as in dbt.
 */
export function normalizeArgv(argv: string[]): string[] {
  const renamed = argv.map((arg) => {
    const [flag, ...rest] = arg.split('=');
    const alias = ALIASES[flag!];
    return alias ? [alias, ...rest].join('=') : arg;
  });
  if (renamed[0] === '-V') renamed[0] = '--version';
  const leading: string[] = [];
  let i = 0;
  for (; i < renamed.length; i++) {
    const arg = renamed[i]!;
    const flag = arg.split('=')[0]!;
    const takesValue = LEADING_FLAGS.get(flag);
    if (takesValue === undefined) break;
    leading.push(arg);
    if (takesValue && !arg.includes('=') && i + 1 < renamed.length) leading.push(renamed[++i]!);
  }
  if (leading.length === 0 || i >= renamed.length || renamed[i]!.startsWith('-')) return renamed;
  // A command group (`source freshness`, `docs generate`) takes the flags after its subcommand.
  const groups = new Set(['source', 'docs', 'pipeline']);
  const head = groups.has(renamed[i]!) && i + 1 < renamed.length && !renamed[i + 1]!.startsWith('-') ? 2 : 1;
  return [...renamed.slice(i, i + head), ...leading, ...renamed.slice(i + head)];
}

/** Parses a positive whole-number flag (`--printer-width`, `--log-file-max-bytes`). */
export function parseCount(flag: string, text: string | undefined, fallback: number, allowZero = false): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) throw userError('usage', `${flag} must be a ${allowZero ? 'non-negative' : 'positive'} whole number, got '${text}'`);
  return n;
}
