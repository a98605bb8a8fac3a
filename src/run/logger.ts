import { protoTimestamp } from '../core/clock.js';
import { formatDiagnostic, type Diagnostic } from '../core/diagnostic.js';
import { dbtCustomEnv } from '../core/custom-env.js';
import { diagnosticEventName } from './diagnostic-events.js';
import { jsonLogInfo } from './event-codes.js';
import { jsonLogLine } from './json-log-line.js';

/**
 * The key under which an event's data names the thread that fired it, when not the main one (a
 * node's events fire on its worker, `Thread-1 (worker)`): dbt's info.thread. A symbol, so the
 * data written never holds it.
 */
export const EVENT_THREAD: unique symbol = Symbol('event thread');

/** The thread an event fired on, as dbt names it. */
export function eventThread(data: Record<string | symbol, unknown>): string {
  const thread = data[EVENT_THREAD];
  return typeof thread === 'string' ? thread : 'MainThread';
}

/** dbt's `info.extra` of JSON log lines: the DBT_ENV_CUSTOM_ENV_ variables (an empty mapping when none are set). */
export function logExtra(): { extra?: Record<string, string> } {
  // dbt writes the mapping even when it is empty.
  return { extra: dbtCustomEnv() };
}

/** How events are printed: dbt's text lines or one JSON object per line. */
export type LogFormat = 'text' | 'json';

/** Severity of a log event, as dbt's structured logs name them. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Where log lines go; tests pass a collector, the CLI passes process streams. */
export interface LogSink {
  out(line: string): void;
  err(line: string): void;
}

/** Options for a Logger. */
export interface LoggerOptions {
  format: LogFormat;
  quiet?: boolean;
  /** --no-print: hide the output of Jinja's print(). */
  noPrint?: boolean;
  debug?: boolean;
  invocationId: string;
  sink?: LogSink;
  /** Prefix text lines with the time, as dbt does (off for tests that compare output). */
  timestamps?: boolean;
  /** Receives every event as data, whatever the format or --quiet (live progress in the web app). */
  onEvent?: (e: LogEvent) => void;
}

/** One logged event as data (dbt's structured log shape, flattened). */
export interface LogEvent {
  name: string;
  level: string;
  msg: string;
  ts: string;
  invocationId: string;
  data: Record<string, unknown>;
}

// The errors that end a command: the failure of the command itself, or of the operation it ran.
const ENDING_ERRORS = new Set(['MainEncounteredError', 'RunningOperationCaughtError']);

const processSink: LogSink = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Prints dbt-style console lines or dbt-shaped JSON events; the one place output is formatted. */
export class Logger {
  readonly format: LogFormat;
  readonly invocationId: string;
  private readonly quiet: boolean;
  private readonly noPrint: boolean;
  private readonly debugEnabled: boolean;
  private readonly sink: LogSink;
  private readonly timestamps: boolean;
  private readonly onEvent: ((e: LogEvent) => void) | undefined;

  constructor(options: LoggerOptions) {
    this.format = options.format;
    this.invocationId = options.invocationId;
    this.quiet = options.quiet ?? false;
    this.noPrint = options.noPrint ?? false;
    this.debugEnabled = options.debug ?? false;
    this.sink = options.sink ?? processSink;
    this.timestamps = options.timestamps ?? true;
    this.onEvent = options.onEvent;
  }

  /** True under --debug: debug events are written. */
  get debugging(): boolean {
    return this.debugEnabled;
  }

  /** Logs one event; `name` is dbt's event name (e.g. `NodeStart`) used in JSON output. */
  event(level: LogLevel, name: string, msg: string, data: Record<string, unknown> = {}, evenWhenQuiet = false, unprefixed = false): void {
    if (level === 'debug' && !this.debugEnabled) return;
    // dbt's MainEncounteredError carries the error's text as data.exc, where tools reading the JSON log look for it.
    if (name === 'MainEncounteredError' && data['exc'] === undefined) data = { ...data, exc: msg.replace(/^Encountered an error:\n/u, '') };
    const ts = protoTimestamp();
    if (this.onEvent) {
      try {
        this.onEvent({ name, level, msg, ts, invocationId: this.invocationId, data });
      } catch {
        // A listener's failure must not break the command it watches.
      }
    }
    if (this.format === 'json') {
      const info = jsonLogInfo(name, level, msg, ts, this.invocationId, logExtra(), eventThread(data));
      this.sink.out(jsonLogLine(info, data));
      return;
    }
    // --quiet keeps errors and the output of `show`/`ls` (which print through `result`).
    if (this.quiet && level !== 'error' && !evenWhenQuiet) return;
    const text = this.timestamps && !unprefixed ? prefixLines(msg, timeOfDay()) : msg;
    // As dbt, the run's report (failed nodes, warnings, the closing summary) goes to stdout, so
    // `reelhouse build > run.log` keeps it whole; stderr carries only diagnostics, the messages
    // about the project's input and the errors that end the command.
    if ((level === 'error' || level === 'warn') && (ENDING_ERRORS.has(name) || data['diagnostic'] !== undefined)) this.sink.err(text);
    else this.sink.out(text);
  }

  info(msg: string, name?: string, data?: Record<string, unknown>): void {
    // dbt's blank separator lines are Formatting events; other untitled lines are Notes.
    const event = name ?? (msg === '' ? 'Formatting' : 'Note');
    this.event('info', event, msg, withMsg(event, msg, data));
  }

  warn(msg: string, name = 'Note', data?: Record<string, unknown>): void {
    this.event('warn', name, msg, withMsg(name, msg, data));
  }

  debug(msg: string, name = 'Note', data?: Record<string, unknown>): void {
    this.event('debug', name, msg, withMsg(name, msg, data));
  }

  /** Jinja's print(): shown even with --quiet, as dbt does, and hidden only by --no-print. */
  print(msg: string): void {
    // dbt hands print() straight to stdout, without the time-of-day prefix of its log lines,
    // so `run-operation` output (such as generated YAML) can be redirected into a file as is.
    if (!this.noPrint) this.event('info', 'PrintEvent', msg, { msg }, true, true);
  }

  /**
   * Prints a diagnostic as the one paragraph the user reads. A warning dbt also fires is logged
   * under dbt's event name, with the data fields dbt's event carries beside the diagnostic.
   */
  diagnostic(d: Diagnostic): void {
    const level: LogLevel = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warn' : 'debug';
    // The occurrences a deprecation stands for are printed (or not) by the CLI's logger, not carried in its data.
    const { event, each: _each, ...diagnostic } = d;
    const dbtName = d.severity === 'warning' ? diagnosticEventName(d) : undefined;
    const name = d.severity === 'error' ? 'MainEncounteredError' : dbtName ?? 'Note';
    this.event(level, name, formatDiagnostic(d), dbtName ? { ...event?.data, diagnostic } : { diagnostic });
  }

  /** Output that is the command's answer (ls, show, compile --inline): printed even with --quiet. */
  result(text: string, name = 'ListCmdOut', data: Record<string, unknown> = {}): void {
    if (this.format === 'json') {
      // dbt's ListCmdOut carries the line as data.msg too.
      this.event('info', name, text, name === 'ListCmdOut' ? { msg: text, ...data } : data);
      return;
    }
    this.sink.out(text);
  }
}

// dbt's Note, Formatting and PrintEvent events carry their text as their one data field.
const MSG_EVENTS = new Set(['Note', 'Formatting', 'PrintEvent']);

function withMsg(name: string, msg: string, data: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  return MSG_EVENTS.has(name) && data?.['msg'] === undefined ? { msg, ...data } : data;
}

// dbt stamps a console line with the UTC time of day, whatever the machine's time zone.
function timeOfDay(): string {
  return new Date().toISOString().slice(11, 19);
}

// dbt writes an event as one record: its time before the first line only, so the further lines
// of a message (an error's detail, a multi-line log()) are printed as they are.
function prefixLines(msg: string, prefix: string): string {
  return `${prefix}  ${msg}`;
}

let printerWidth = 80;

/** dbt's --printer-width: the width progress lines are dotted to (process-wide, like dbt's flag). */
export function setPrinterWidth(width: number): void {
  printerWidth = width;
}

/**
 * dbt's progress line: `1 of 5 START sql view model main.x ........ [RUN]`, dotted to 80 columns (or --printer-width).
 * A longer line is printed whole; only hook lines are cut (`truncate`), to three columns short of the width plus `...`.
 */
export function progressLine(index: number, total: number, text: string, status: string, truncate = false): string {
  const width = printerWidth;
  let body = `${index} of ${total} ${text} `.padEnd(width, '.');
  if (truncate && body.length > width - 3) body = `${body.slice(0, width - 3)}...`;
  return `${body} [${status}]`;
}
