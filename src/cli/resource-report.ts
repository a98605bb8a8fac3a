// dbt's ResourceReport: the time and memory a command used, logged when it ends — a debug
// event (in logs/dbt.log) unless --show-resource-report or DBT_SHOW_RESOURCE_REPORT asks for it on the console —
// followed by CommandCompleted (debug), the event that closes every command's log.
import { isoNaive, nowMs, protoTimestamp } from '../core/clock.js';
import type { Command } from 'commander';
import { invocationIdOf, makeLogger, type CliIo } from './cli-context.js';
import type { ProjectFlags } from './global-options.js';

/** The fields of dbt's ResourceReport event, in its order; the process_* counts are strings as dbt's JSON writes 64-bit integers. */
export function resourceReportData(command: string, success: boolean, wallSeconds: number): Record<string, unknown> {
  const usage = process.resourceUsage();
  return {
    command_name: command,
    command_success: success,
    command_wall_clock_time: float32(wallSeconds),
    process_user_time: float32(usage.userCPUTime / 1e6),
    process_kernel_time: float32(usage.systemCPUTime / 1e6),
    process_mem_max_rss: String(usage.maxRSS),
    process_in_blocks: String(usage.fsRead),
    process_out_blocks: String(usage.fsWrite),
  };
}

/** dbt's line for the event: `Resource report: {...}`, the fields as one-line JSON with Python's spacing. */
export function resourceReportLine(data: Record<string, unknown>): string {
  const fields = Object.entries(data).map(([k, v]) => `${JSON.stringify(k)}: ${typeof v === 'number' && Number.isInteger(v) ? `${v}.0` : JSON.stringify(v)}`);
  return `Resource report: {${fields.join(', ')}}`;
}

/** Logs the report for the command that just ran (commands without project flags, like --help, have none). */
export function logResourceReport(action: Command | undefined, io: CliIo, success: boolean, startedMs: number): void {
  if (!action || !action.options.some((o) => o.attributeName() === 'showResourceReport')) return;
  const flags = action.opts<ProjectFlags>();
  try {
    // The command's own invocation id, so the report is grouped with the events it logged.
    const logger = makeLogger(flags, io, invocationIdOf(io));
    const data = resourceReportData(action.name(), success, (performance.now() - startedMs) / 1000);
    logger.event(flags.showResourceReport ? 'info' : 'debug', 'ResourceReport', resourceReportLine(data), data);
    const completed = nowMs();
    logger.event('debug', 'CommandCompleted', commandCompletedLine(`reelhouse ${action.name()}`, success, completed, data.command_wall_clock_time as number), {
      command: `reelhouse ${action.name()}`,
      success,
      completed_at: protoTimestamp(completed),
      elapsed: data.command_wall_clock_time,
    });
  } catch {
    // Flags bad enough to stop the command were reported by it; the report is not worth a second error.
  }
}

/** dbt's CommandCompleted line, the last event of every command: `Command `dbt run` succeeded at 10:00:01.123456 after 1.20 seconds`. */
export function commandCompletedLine(command: string, success: boolean, at: Date | number, elapsedSeconds: number): string {
  const time = isoNaive(typeof at === 'number' ? at : at.getTime()).slice(11);
  return `Command \`${command}\` ${success ? 'succeeded' : 'failed'} at ${time} after ${elapsedSeconds.toFixed(2)} seconds`;
}

/** The shortest decimal that reads back as the same 32-bit float: dbt's report fields are protobuf floats. */
function float32(value: number): number {
  const target = Math.fround(value);
  for (let digits = 1; digits < 10; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === target) return candidate;
  }
  return target;
}
