// What the process does when the user stops a command with Ctrl-C, or a service manager sends
// SIGTERM: the command is cancelled (its running statements are interrupted and roll back, so the
// relation being rebuilt keeps its previous version; no further node starts), then the process
// ends with dbt's closing lines and exit code instead of dying silently. A second signal ends the
// process at once.
import { randomUUID } from 'node:crypto';
import { Logger, type LogSink } from '../run/logger.js';

type StopSignal = 'SIGINT' | 'SIGTERM';

/** Cancellation of one CLI process by Ctrl-C or SIGTERM. */
export interface Interrupts {
  /** Aborts on the first SIGINT or SIGTERM; hand it to main(). */
  signal: AbortSignal;
  /** After main() returns: the exit code to use (dbt's 2 once interrupted) after printing dbt's closing lines. */
  finish(exitCode: number): number;
  /** Stops listening (for callers that outlive the command, such as tests). */
  dispose(): void;
}

/**
 * Listens for SIGINT and SIGTERM for the whole process. Commands that stop gracefully on a
 * signal themselves (serve, docs serve) add their own listener and are left to it.
 */
export function listenForInterrupts(argv: readonly string[], sink?: LogSink): Interrupts {
  const controller = new AbortController();
  let received: StopSignal | undefined;
  let finished = false;
  const handlers = new Map<StopSignal, () => void>();
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    const handler = (): void => {
      if (process.listenerCount(name) > 1) return;
      if (received) {
        // Asked twice: die by the signal, as the process would have without this handler.
        for (const [n, h] of handlers) process.off(n, h);
        process.kill(process.pid, name);
        return;
      }
      received = name;
      controller.abort(new Error(name === 'SIGINT' ? 'interrupted by Ctrl-C' : 'stopped by SIGTERM'));
      // Work that does not watch the signal (reading a large project, say) must not keep going:
      // unless the command has stopped by then, the process ends by the signal as it would have.
      setTimeout(() => {
        if (finished) return;
        printClosingLines(name, argv, sink);
        for (const [n, h] of handlers) process.off(n, h);
        process.kill(process.pid, name);
      }, GRACE_MS).unref();
    };
    handlers.set(name, handler);
    process.on(name, handler);
  }
  return {
    signal: controller.signal,
    finish(exitCode: number): number {
      finished = true;
      if (!received) return exitCode;
      printClosingLines(received, argv, sink);
      // dbt ends an interrupted command as an unhandled error.
      return 2;
    },
    dispose(): void {
      finished = true;
      for (const [n, h] of handlers) process.off(n, h);
    },
  };
}

/** How long a cancelled command has to stop before the process ends anyway. */
const GRACE_MS = 5_000;

/** dbt's closing lines of an interrupted command. */
function printClosingLines(received: StopSignal, argv: readonly string[], sink: LogSink | undefined): void {
  const logger = new Logger({ format: logFormat(argv), invocationId: randomUUID(), ...(sink ? { sink } : {}) });
  logger.event('info', 'Formatting', '', { msg: '' }, true);
  logger.event('info', 'EndOfRunSummary', received === 'SIGINT' ? 'Exited because of keyboard interrupt.' : 'Exited because of a termination signal (SIGTERM).', { keyboard_interrupt: true }, true);
  logger.event('info', 'MainKeyboardInterrupt', received === 'SIGINT' ? 'ctrl-c' : 'SIGTERM', {}, true);
}

/** --log-format json makes the lines JSON log events; every other format prints text. */
function logFormat(argv: readonly string[]): 'json' | 'text' {
  const i = argv.indexOf('--log-format');
  const given = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--log-format='))?.slice('--log-format='.length);
  return given?.toLowerCase() === 'json' ? 'json' : 'text';
}
