import { Option, type Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { userError } from '../core/diagnostic.js';

/** The flags dbt accepts on every command that reads a project. */
export interface ProjectFlags {
  projectDir?: string;
  profilesDir?: string;
  target?: string;
  vars?: string;
  threads?: string;
  logFormat?: string;
  quiet?: boolean;
  /** false with --no-print. */
  print?: boolean;
  debug?: boolean;
}

/** Flags of the commands that select and run nodes. */
export interface SelectionFlags extends ProjectFlags {
  select?: string[];
  models?: string[];
  exclude?: string[];
  selector?: string;
  fullRefresh?: boolean;
  failFast?: boolean;
  storeFailures?: boolean;
  indirectSelection?: string;
  state?: string;
  resourceType?: string[];
  eventTimeStart?: string;
  eventTimeEnd?: string;
}

/** Adds dbt's project flags to a command. */
export function withProjectFlags(cmd: Command): Command {
  return cmd
    .option('--project-dir <dir>', 'the folder that holds dbt_project.yml (default: the current folder)')
    .option('--profiles-dir <dir>', 'the folder that holds profiles.yml (default: the project folder, then ~/.dbt)')
    .option('-t, --target <name>', 'the profile target to use')
    .option('--vars <yaml>', "variables as a YAML or JSON mapping, e.g. '{start_date: 2023-01-01}'")
    .option('--threads <n>', 'how many nodes to run at once')
    .addOption(new Option('--log-format <format>', 'text (default) or json: one JSON event per line').choices(['text', 'json', 'default', 'debug']))
    .option('-q, --quiet', "print only errors, the answers of ls/show and Jinja's print()")
    .option('--no-print', "hide the output of Jinja's print()")
    .option('-d, --debug', 'print debug events and stack traces');
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(/\s+/).filter(Boolean)];

/** Adds dbt's node selection and run flags to a command. */
export function withSelectionFlags(cmd: Command): Command {
  return withProjectFlags(cmd)
    .option('-s, --select <spec...>', 'nodes to include (dbt selection syntax)', collect)
    .option('-m, --models <spec...>', 'old name for --select', collect)
    .option('--exclude <spec...>', 'nodes to leave out', collect)
    .option('--selector <name>', 'a selector defined in selectors.yml')
    .option('--full-refresh', 'rebuild incremental models and seeds from scratch')
    .option('-x, --fail-fast', 'stop at the first failure')
    .option('--store-failures', 'store the failing rows of tests in the audit schema')
    .addOption(new Option('--indirect-selection <mode>', 'how tests of selected nodes are chosen').choices(['eager', 'cautious', 'buildable', 'empty']))
    .option('--state <dir>', 'a folder with a previous manifest.json for state: selectors')
    .option('--event-time-start <time>', 'microbatch models: build batches from this date or timestamp (UTC); other incremental models: reload day by day from this day')
    .option('--event-time-end <time>', 'microbatch models: build batches up to this date or timestamp (UTC, exclusive); other incremental models: the day reload ends before this day');
}

/** Parses `--event-time-start`/`--event-time-end`: a date or timestamp, UTC unless it names a zone. */
export function parseEventTimes(flags: { eventTimeStart?: string; eventTimeEnd?: string }): { eventTimeStart?: Date; eventTimeEnd?: Date } {
  const parse = (flag: string, text: string | undefined): Date | undefined => {
    if (text === undefined) return undefined;
    let iso = text.trim().replace(' ', 'T');
    if (/^\d{4}-\d{2}-\d{2}$/u.test(iso)) iso += 'T00:00:00';
    if (!/(Z|[+-]\d{2}(:?\d{2})?)$/u.test(iso)) iso += 'Z';
    const date = new Date(iso);
    if (!/^\d{4}-\d{2}-\d{2}/u.test(text.trim()) || Number.isNaN(date.getTime())) {
      throw userError('event-time-invalid', `${flag} must be a date or timestamp such as 2024-01-31 or 2024-01-31T06:00:00, got '${text}'`);
    }
    return date;
  };
  const start = parse('--event-time-start', flags.eventTimeStart);
  const end = parse('--event-time-end', flags.eventTimeEnd);
  if (start && end && start.getTime() >= end.getTime()) {
    throw userError('event-time-invalid', `--event-time-start (${flags.eventTimeStart}) must be before --event-time-end (${flags.eventTimeEnd})`);
  }
  if ((start === undefined) !== (end === undefined)) {
    throw userError('event-time-invalid', 'Give --event-time-start and --event-time-end together', undefined,
      'For example: --event-time-start 2024-01-01 --event-time-end 2024-01-08');
  }
  return { ...(start ? { eventTimeStart: start } : {}), ...(end ? { eventTimeEnd: end } : {}) };
}

/** Parses `--vars` the way dbt does: a YAML (or JSON) mapping. */
export function parseVars(text: string | undefined): Record<string, unknown> {
  if (text === undefined || text.trim() === '') return {};
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    throw userError('vars-invalid', `--vars is not valid YAML: ${(error as Error).message.split('\n')[0]}`, undefined,
      "Pass a mapping, for example --vars '{start_date: 2023-01-01, full: true}'.");
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw userError('vars-invalid', '--vars must be a mapping of names to values', undefined,
      "Pass a mapping, for example --vars '{start_date: 2023-01-01}'.");
  }
  return value as Record<string, unknown>;
}

/** Parses `--threads` into a positive integer. */
export function parseThreads(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw userError('threads-invalid', `--threads must be a positive whole number, got '${text}'`);
  return n;
}

/** dbt's logging flags that may come before the command name (`dbt --quiet run-operation ...`). */
const LEADING_FLAGS = new Set(['-q', '--quiet', '--no-print', '-d', '--debug', '--log-format']);

/**
 * Moves logging flags written before the command name to just after it, so that
 * `reelhouse --quiet run-operation m` means what `dbt --quiet run-operation m` does.
 */
export function hoistLeadingFlags(argv: string[]): string[] {
  const leading: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    const flag = arg.split('=')[0]!;
    if (!LEADING_FLAGS.has(flag)) break;
    leading.push(arg);
    if (flag === '--log-format' && !arg.includes('=') && i + 1 < argv.length) leading.push(argv[++i]!);
  }
  if (leading.length === 0 || i >= argv.length || argv[i]!.startsWith('-')) return argv;
  return [argv[i]!, ...leading, ...argv.slice(i + 1)];
}
