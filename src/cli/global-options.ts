import { Option, type Command } from 'commander';
import { parseDocument } from 'yaml';
import { userError } from '../core/diagnostic.js';
import { PY_TYPED_TAGS } from '../project/load/yaml-file.js';
import { anyCase, normalizeArgv, withDbtGlobalFlags, type DbtGlobalFlags } from './dbt-flags.js';

/** The flags dbt accepts on every command that reads a project. */
export interface ProjectFlags extends DbtGlobalFlags {
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
  /** --exclude-resource-type: types left out after selection (build, test, ls). */
  excludeResourceType?: string[];
  /** --empty: every ref() and source() reads zero rows (run, build, compile, snapshot). */
  empty?: boolean;
  defer?: boolean;
  deferState?: string;
  favorState?: boolean;
  sample?: string;
  eventTimeStart?: string;
  eventTimeEnd?: string;
}

/** Adds dbt's project flags (and its global flags) to a command. */
export function withProjectFlags(cmd: Command): Command {
  // dbt's global flags go after -q/-d: a --no-quiet defined first would make --quiet the default.
  return withDbtGlobalFlags(cmd
    .option('--project-dir <dir>', 'the folder that holds dbt_project.yml (default: the current folder)')
    .option('--profiles-dir <dir>', 'the folder that holds profiles.yml (default: the project folder, then ~/.dbt)')
    .option('-t, --target <name>', 'the profile target to use')
    .option('--vars <yaml>', "variables as a YAML or JSON mapping, e.g. '{start_date: 2023-01-01}'")
    .option('--threads <n>', 'how many nodes to run at once')
    .addOption(anyCase(new Option('--log-format <format>', 'text (default) or json: one JSON event per line'), ['text', 'json', 'default', 'debug']))
    .option('-q, --quiet', "print only errors, the answers of ls/show and Jinja's print()")
    .option('--no-print', "hide the output of Jinja's print()")
    .option('-d, --debug', 'print debug events and stack traces')
    // dbt makes these global too; commands that select no nodes accept and ignore them.
    .option('-x, --fail-fast', 'stop at the first failure')
    .addOption(new Option('--no-fail-fast', 'go on after a failure (undoes DBT_FAIL_FAST)').hideHelp())
    .addOption(anyCase(new Option('--indirect-selection <mode>', 'how tests of selected nodes are chosen'), ['eager', 'cautious', 'buildable', 'empty']))
    .option('--state <dir>', 'a folder with a previous manifest.json for state: selectors')
    .option('--defer', 'refs to unselected nodes not built in this target read the --state (or --defer-state) manifest\'s relations')
    .addOption(new Option('--no-defer', 'no deferral (undoes DBT_DEFER)').hideHelp())
    .option('--defer-state <dir>', 'the manifest.json folder --defer reads, when it differs from --state')
    .option('--favor-state', 'with --defer, read the state relation of unselected nodes even when built in this target')
    .addOption(new Option('--no-favor-state', 'undoes --favor-state').hideHelp()));
}

const SELECT_FLAGS = ['-s', '--select', '-m', '--models'];

/**
 * The first --select (or -m) value as typed on the command line, before its specs are split at
 * spaces: dbt's selection_arg[0], within which compile and show look for the names of the nodes
 * they print (`-s 'a b'` prints a and b; `-s a b` and `-s a -s b` print a). Undefined without one.
 */
export function firstSelectValue(argv: readonly string[] | undefined): string | undefined {
  if (!argv) return undefined;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') return undefined;
    if (SELECT_FLAGS.includes(token)) return argv[i + 1];
    const eq = token.indexOf('=');
    if (token.startsWith('--') && eq > 0 && SELECT_FLAGS.includes(token.slice(0, eq))) return token.slice(eq + 1);
  }
  return undefined;
}

/** Collects a repeatable option's values, each possibly several space-separated specs (`--select 'a b'`). */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(/\s+/).filter(Boolean)];

/** The run options only some of dbt's commands take (a command without one refuses it as unknown). */
export type RunOption = 'full-refresh' | 'store-failures' | 'event-time';

/** Which of the run options each dbt command declares, as dbt 1.10's command line does. */
export const COMMAND_RUN_OPTIONS: Readonly<Record<string, readonly RunOption[]>> = {
  build: ['full-refresh', 'store-failures', 'event-time'],
  run: ['full-refresh', 'event-time'],
  test: ['store-failures'],
  seed: ['full-refresh'],
  snapshot: [],
  compile: ['full-refresh'],
  show: ['full-refresh'],
  clone: ['full-refresh'],
  list: [],
  freshness: [],
};

/** Adds dbt's node selection flags to a command, and those of `runOptions` it takes. */
export function withSelectionFlags(cmd: Command, runOptions: readonly RunOption[]): Command {
  const out = withProjectFlags(cmd)
    .option('-s, --select <spec...>', 'nodes to include (dbt selection syntax)', collect)
    .option('-m, --models <spec...>', 'old name for --select', collect)
    .option('--exclude <spec...>', 'nodes to leave out', collect)
    .option('--selector <name>', 'a selector defined in selectors.yml');
  if (runOptions.includes('full-refresh')) out.option('-f, --full-refresh', 'rebuild incremental models and seeds from scratch');
  if (runOptions.includes('store-failures')) out.option('--store-failures', 'store the failing rows of tests in the audit schema');
  if (runOptions.includes('event-time')) {
    out
      .option('--event-time-start <time>', 'microbatch models: build batches from this date or timestamp (UTC); other incremental models: reload day by day from this day')
      .option('--event-time-end <time>', 'microbatch models: build batches up to this date or timestamp (UTC, exclusive); other incremental models: the day reload ends before this day');
  }
  return out;
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
  // dbt's usage errors, in its words and order: each flag needs the other, then the window must be forward.
  const example = 'For example: --event-time-start 2024-01-01 --event-time-end 2024-01-08';
  if (start === undefined && end !== undefined) {
    throw userError('event-time-invalid', 'The flag `--event-time-end` was specified, but `--event-time-start` was not. When specifying `--event-time-end`, `--event-time-start` must also be present.', undefined, example);
  }
  if (start !== undefined && end === undefined) {
    throw userError('event-time-invalid', 'The flag `--event-time-start` was specified, but `--event-time-end` was not. When specifying `--event-time-start`, `--event-time-end` must also be present.', undefined, example);
  }
  if (start && end && start.getTime() >= end.getTime()) {
    throw userError('event-time-invalid', 'Value for `--event-time-start` must be less than `--event-time-end`', undefined,
      `--event-time-start is ${flags.eventTimeStart ?? ''} and --event-time-end ${flags.eventTimeEnd ?? ''}: give a start before the end.`);
  }
  return { ...(start ? { eventTimeStart: start } : {}), ...(end ? { eventTimeEnd: end } : {}) };
}

/** --vars as run_results.json records them: a var named DBT_ENV_SECRET* shows as `*****` (dbt scrubs secrets from artifacts). */
export function scrubSecretVars(vars: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, k.startsWith('DBT_ENV_SECRET') ? '*****' : v]));
}

/** Parses `--vars` (or run-operation's `--args`, named by `flag`) the way dbt does: a YAML (or JSON) mapping. */
export function parseVars(text: string | undefined, flag: '--vars' | '--args' = '--vars'): Record<string, unknown> {
  if (text === undefined || text.trim() === '') return {};
  const code = flag === '--vars' ? 'vars-invalid' : 'args-invalid';
  const example = flag === '--vars' ? "--vars '{start_date: 2023-01-01, full: true}'" : "--args '{table: users, days: 7}'";
  let value: unknown;
  try {
    // read as dbt reads it, with PyYAML: yes/no/on/off are booleans, dates are dates
    const doc = parseDocument(text, { customTags: PY_TYPED_TAGS as never });
    if (doc.errors[0]) throw doc.errors[0];
    // PyYAML's safe loader refuses a tag it has no constructor for (!!python/object...), where this library only warns.
    const unknownTag = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
    if (unknownTag) throw new Error(`could not determine a constructor for the tag '${/tag:\S+?(?=:? at line|$)/u.exec(unknownTag.message.split('\n')[0] ?? '')?.[0] ?? ''}'`);
    value = doc.toJS();
  } catch (error) {
    // The YAML library ends its message with "at line 1, column N:" and a code frame; the value is one line, so say the column.
    const first = ((error as Error).message.split('\n')[0] ?? '').replace(/ at line (\d+), column (\d+):?$/u, (_, line: string, col: string) => (line === '1' ? ` (at character ${col} of ${text})` : ` (line ${line}, column ${col})`));
    throw userError(code, `${flag} is not valid YAML: ${first}`, undefined, `Pass a mapping, for example ${example}.`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw userError(code, `${flag} must be a mapping of names to values, got: ${text}`, undefined, `Pass a mapping, for example ${example}.`);
  }
  return value as Record<string, unknown>;
}

/** Parses `--threads` into a positive integer. */
export function parseThreads(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw userError('threads-invalid', `--threads must be a positive whole number, got '${text}'`, undefined, 'Pass how many nodes may run at once, e.g. --threads 4.');
  return n;
}

/**
 * Moves global flags written before the command name to just after it, so that
 * `reelhouse --quiet run-operation m` means what `dbt --quiet run-operation m` does.
 */
export function hoistLeadingFlags(argv: string[]): string[] {
  return normalizeArgv(argv);
}

/** Adds --resource-type and --exclude-resource-type (build, test, ls). */
export function withResourceTypeFlags(cmd: Command): Command {
  return cmd
    .option('--resource-type <type...>', 'only these resource types (model, seed, snapshot, test, unit_test, analysis, source, exposure, ..., all, default)', collect)
    .option('--exclude-resource-type <type...>', 'leave out these resource types', collect);
}

/** Adds --empty and --no-empty (run, build, compile, snapshot). */
export function withEmptyFlag(cmd: Command): Command {
  return cmd
    .option('--empty', 'limit every ref() and source() to zero rows: builds the relations without reading data')
    .addOption(new Option('--no-empty', 'read the data (undoes DBT_EMPTY)').hideHelp());
}
