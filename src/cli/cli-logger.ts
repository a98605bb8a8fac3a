// The logger CLI commands print through: dbt's --log-level, --warn-error, --use-colors
// and logs/dbt.log on top of the run layer's Logger.
import { isoNaive, localTimeMicros, nowMs, protoTimestamp } from '../core/clock.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { userError } from '../core/diagnostic.js';
import { jsonLogInfo } from '../run/event-codes.js';
import { jsonLogLine } from '../run/json-log-line.js';
import { eventThread, Logger, logExtra, type LogEvent, type LoggerOptions, type LogLevel } from '../run/logger.js';
import { NODE_RESULT_EVENTS } from '../run/node-events.js';
import { COLORED_TEXT } from '../run/colored-text.js';
import type { LogFile } from './log-file.js';
import { dbtEventName, isEscalatable, WARN_NOTHING, type WarnErrorPolicy } from './warn-error.js';
import { isSummarizedDeprecation } from './deprecations-summary.js';

/** dbt's --log-level values; `none` prints nothing but Jinja's print(). */
export type DbtLogLevel = 'debug' | 'info' | 'warn' | 'error' | 'none';

/** What the CLI adds to the run layer's logger options. */
export interface CliLoggerOptions extends LoggerOptions {
  /** Minimum level printed to the console. */
  consoleLevel: DbtLogLevel;
  /** Which warnings are raised as errors or silenced. */
  warnError: WarnErrorPolicy;
  /** Colour the status of node results and the run summary, as dbt does on a terminal. */
  colors: boolean;
  /** logs/dbt.log, when written: the file, its minimum level and format. */
  file?: { log: LogFile; level: DbtLogLevel; format: 'debug' | 'text' | 'json'; colors: boolean } | undefined;
  /** The environment whose DBT_ENV_SECRET* values are masked in every line (default: the process's). */
  env?: NodeJS.ProcessEnv;
  /** --log-format debug: console lines carry microseconds, the level and the thread, as dbt.log's. */
  debugLines?: boolean;
  /** Counts the deprecations printed, by dbt event name, for the command's closing summary. */
  deprecations?: Map<string, number>;
  /** --show-all-deprecations: print every occurrence of a deprecation, not only its first. */
  showAllDeprecations?: boolean;
}

const RANK: Record<DbtLogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, none: 4 };

/** The console and file logger of a CLI command. */
export class CliLogger extends Logger {
  /** Which warnings become errors; commands read it to turn a test's warn status into a failure. */
  warnError: WarnErrorPolicy;
  private readonly consoleRank: number;
  private readonly colors: boolean;
  private readonly file: CliLoggerOptions['file'];
  private readonly listener: ((e: LogEvent) => void) | undefined;
  private readonly secrets: string[];
  private readonly debugLines: boolean;
  private readonly deprecations: Map<string, number> | undefined;
  private readonly showAllDeprecations: boolean;

  constructor(options: CliLoggerOptions) {
    const { consoleLevel, warnError, colors, file, onEvent, env, debugLines, deprecations, showAllDeprecations, ...base } = options;
    // --log-level error prints what --quiet does: errors and the answers of ls/show/compile.
    super({ ...base, debug: consoleLevel === 'debug', quiet: consoleLevel === 'error' || (base.quiet ?? false) });
    this.consoleRank = RANK[consoleLevel];
    this.warnError = warnError ?? WARN_NOTHING;
    this.colors = colors;
    this.file = file;
    this.listener = onEvent;
    this.secrets = secretValues(env ?? process.env);
    this.debugLines = debugLines ?? false;
    this.deprecations = deprecations;
    this.showAllDeprecations = showAllDeprecations ?? false;
  }

  /** A deprecation that stands for several occurrences is printed once per occurrence under --show-all-deprecations. */
  override diagnostic(d: Diagnostic): void {
    if (this.showAllDeprecations && d.each && d.each.length > 0) {
      for (const one of d.each) super.diagnostic({ ...one, occurrences: 1 });
      return;
    }
    super.diagnostic(d);
  }

  /** Debug events are wanted by the console (--debug) or by logs/dbt.log (debug by default, as dbt's). */
  override get debugging(): boolean {
    return super.debugging || this.file?.level === 'debug';
  }

  override event(level: LogLevel, name: string, rawMsg: string, rawData: Record<string, unknown> = {}, evenWhenQuiet = false, unprefixed = false): void {
    // dbt masks secret env var values in every event it fires (the SQL of --debug included),
    // its text as its data's copy of it.
    const msg = this.scrub(rawMsg);
    const data = typeof rawData['msg'] === 'string' ? { ...rawData, msg: this.scrub(rawData['msg']) } : rawData;
    const diagnostic = data['diagnostic'] as Diagnostic | undefined;
    if (level === 'warn' && isEscalatable(name, diagnostic)) {
      const event = dbtEventName(name, diagnostic);
      // One warning may stand for several occurrences (a deprecation is printed once, counted each
      // time); dbt counts a silenced deprecation for its closing summary too.
      const countDeprecation = (): void => {
        if (this.deprecations && isSummarizedDeprecation(event)) this.deprecations.set(event, (this.deprecations.get(event) ?? 0) + (diagnostic?.occurrences ?? 1));
      };
      if (this.warnError.silenced(event)) {
        countDeprecation();
        return;
      }
      // dbt shows a deprecation the first time it meets it and only counts it afterwards, unless
      // --show-all-deprecations asks for each one.
      if (!this.showAllDeprecations && this.deprecations?.has(event) && isSummarizedDeprecation(event)) {
        countDeprecation();
        return;
      }
      // dbt raises the warning as an exception where it happens: a node that warns fails, a command stops.
      if (this.warnError.errors(event)) {
        throw userError(
          'warn-error',
          diagnostic ? diagnostic.message : msg,
          diagnostic?.location,
          `${event} is a warning raised as an error by --warn-error or --warn-error-options.`,
        );
      }
      countDeprecation();
    }
    if (this.file && name !== 'PrintEvent') this.toFile(level, name, msg, data);
    const shown = name === 'PrintEvent' || (RANK[level] >= this.consoleRank && this.consoleRank < RANK.none) || (evenWhenQuiet && this.consoleRank < RANK.none);
    if (this.listener && (level !== 'debug' || this.consoleRank === RANK.debug)) {
      try {
        this.listener({ name, level, msg, ts: protoTimestamp(), invocationId: this.invocationId, data });
      } catch {
        // A listener's failure must not break the command it watches.
      }
    }
    if (!shown) return;
    const text = this.colors && this.format === 'text' ? colorize(name, msg, data) : msg;
    if (this.debugLines && this.format === 'text' && !unprefixed) {
      super.event(level, name, prefixDebug(text, level, nowMs(), eventThread(data), name === 'MainReportVersion' ? this.invocationId : undefined, this.colors ? RESET : ''), data, evenWhenQuiet, true);
      return;
    }
    super.event(level, name, text, data, evenWhenQuiet, unprefixed);
  }

  override result(rawText: string, name = 'ListCmdOut', data: Record<string, unknown> = {}): void {
    const text = this.scrub(rawText);
    if (this.format === 'json') {
      // dbt's ListCmdOut carries the line as data.msg too.
      this.event('info', name, text, name === 'ListCmdOut' ? { msg: text, ...data } : data, true);
      return;
    }
    // dbt fires show's and compile's previews as info events, whose heading line dbt 1.9 and later
    // print without the time of day ('Previewing node ...:', 'Compiled node ... is:'); with
    // --log-format debug it keeps its prefix. --quiet's bare SQL or rows and --output json's
    // document go through as results, unstamped, so they can be piped.
    if ((name === 'ShowNode' || name === 'CompiledNode') && data['quiet'] === false && data['output_format'] === 'text') {
      this.event('info', name, text, data, true, !this.debugLines);
      return;
    }
    if (this.file) this.toFile('info', name, text, data);
    if (this.consoleRank < RANK.none) super.result(text, name, data);
  }

  private scrub(text: string): string {
    let out = text;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join('*****');
    return out;
  }

  private toFile(level: LogLevel, name: string, msg: string, data: Record<string, unknown>): void {
    const file = this.file!;
    if (RANK[level] < RANK[file.level] || file.level === 'none') return;
    const now = nowMs();
    if (file.format === 'json') {
      const info = jsonLogInfo(name, level, msg, protoTimestamp(now), this.invocationId, logExtra(), eventThread(data));
      file.log.write(jsonLogLine(info, data));
      return;
    }
    const text = file.colors ? colorize(name, msg, data) : msg;
    // With colours on, dbt opens each record with a colour reset, before its time.
    const reset = file.colors ? RESET : '';
    if (file.format === 'debug') {
      file.log.write(prefixDebug(text, level, now, eventThread(data), name === 'MainReportVersion' ? this.invocationId : undefined, reset));
      return;
    }
    // dbt's text lines carry the UTC time of day; its debug lines (below) the local time.
    const prefix = `${reset}${isoNaive(now).slice(11, 19)}  `;
    file.log.write(text.split('\n').map((line, i) => (i === 0 ? prefix + line : line)).join('\n'));
  }
}

/**
 * dbt's debug line format: the time with microseconds, the level and the thread before the first
 * line; dbt cuts or pads the thread's name to ten characters (`[Thread-1 (]`, `[MainThread]`).
 * The line that opens an invocation (`Running with ...`, given the invocation's id) comes after
 * dbt's separator, two blank lines then `===... <time> | <invocation id> ===...`, so the
 * invocations appended to one logs/dbt.log stand apart.
 */
function prefixDebug(text: string, level: LogLevel, now: number, thread: string, opensInvocation?: string, reset = ''): string {
  const time = localTimeMicros(now);
  const prefix = `${reset}${time} [${level.padEnd(5)}] [${thread.slice(0, 10).padEnd(10)}]: `;
  const line = text.split('\n').map((l, i) => (i === 0 ? prefix + l : l)).join('\n');
  if (opensInvocation === undefined) return line;
  const rule = '='.repeat(30);
  return `\n\n${rule} ${time} | ${opensInvocation} ${rule}\n${line}`;
}

/** The values of the DBT_ENV_SECRET* variables, longest first (so one containing another is masked whole). */
function secretValues(env: NodeJS.ProcessEnv): string[] {
  const values = Object.entries(env).filter(([k, v]) => k.startsWith('DBT_ENV_SECRET') && v).map(([, v]) => v!);
  return [...new Set(values)].sort((a, b) => b.length - a.length);
}

const GREEN = '\u001b[32m';
const RED = '\u001b[31m';
const YELLOW = '\u001b[33m';
const RESET = '\u001b[0m';

/** Colours what dbt colours: the status of a node or hook result and the run's closing verdict. */
function colorize(name: string, msg: string, data: Record<string, unknown>): string {
  const colored = (data as { [COLORED_TEXT]?: unknown })[COLORED_TEXT];
  if (typeof colored === 'string') return colored;
  if (name === 'EndOfRunSummary') {
    if (!msg.startsWith('Completed')) return msg;
    const color = msg.startsWith('Completed successfully') ? GREEN : msg.includes('error') ? RED : YELLOW;
    return `${color}${msg}${RESET}`;
  }
  // A model's `status` is its result message (`CREATE TABLE (3 rows)`), as dbt's; node_info carries the verdict.
  const status = String((data['node_info'] as { node_status?: string } | undefined)?.node_status ?? data['status'] ?? '');
  let color: string | undefined;
  if (name === 'SkippingDetails') color = YELLOW;
  else if (name === 'LogSkipBecauseError') color = RED;
  else if (NODE_RESULT_EVENTS.includes(name) || name === 'LogHookEndLine') {
    color = ['error', 'fail', 'runtime error'].includes(status) ? RED : status === 'warn' || status === 'skipped' || status === 'no-op' ? YELLOW : GREEN;
  }
  if (!color) return msg;
  // Only the status word inside the closing brackets: `[OK in 0.05s]`, `[FAIL 2]`.
  return msg.replace(/\[([^\]\n]*?)((?: in [^\]\n]*)?)\]$/u, (_all, word: string, rest: string) => `[${color}${word}${RESET}${rest}]`);
}
