import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/*
 * Why an append-only JSON-lines file rather than a second DuckDB file:
 * - the CLI and `reelhouse serve` both record runs, and a DuckDB file admits one writing
 *   process at a time, which is exactly the contention this store must not have;
 * - every record is one line written with a single O_APPEND write, which the OS applies
 *   whole and in order even with several writing processes, so no lock is needed;
 * - a process killed mid-write leaves at most one torn last line, which reading skips;
 * - it needs no worker thread and survives the warehouse being unavailable or rebuilt.
 * The history is small (one line per run, step attempt and node result); readers fold it
 * into the latest state of each run. The warehouse gets a copy (see state-export.ts).
 */

/** Where the run history lives inside a project. */
export function runStorePath(projectDir: string): string {
  return join(projectDir, '.reelhouse', 'runs.jsonl');
}

/** Status of a pipeline run. `skipped`: a tick arrived while the previous run was still going. */
export type RunStatus = 'running' | 'success' | 'failed' | 'skipped';

/** What started a run. */
export type RunTrigger = 'manual' | 'schedule' | 'file' | 'backfill' | 'catch_up';

/** One pipeline run (the latest record for an id wins). */
export interface PipelineRunRecord {
  kind: 'run';
  id: string;
  pipeline: string;
  trigger: RunTrigger;
  status: RunStatus;
  pid: number;
  startedAt: string;
  finishedAt: string | null;
  /** The tick a scheduled run was for. */
  scheduledFor: string | null;
  vars: Record<string, unknown>;
  /** Backfills: the backfill's id (`pipeline:start:end`) and the day of this run. */
  backfillId: string | null;
  runDate: string | null;
  error: string | null;
}

/** One attempt of one step. */
export interface StepRunRecord {
  kind: 'step';
  runId: string;
  step: string;
  attempt: number;
  status: 'success' | 'failed' | 'timeout' | 'skipped';
  startedAt: string;
  finishedAt: string;
  exitCode: number | null;
  error: string | null;
}

/** One node's result within a step (from the command's run_results.json). */
export interface NodeResultRecord {
  kind: 'node';
  runId: string;
  step: string;
  uniqueId: string;
  status: string;
  startedAt: string | null;
  completedAt: string | null;
  executionTime: number;
  rowsAffected: number | null;
  bytesWritten: number | null;
  message: string | null;
  /** sha256 of the compiled SQL, to tell whether what ran changed between runs. */
  sqlSha256: string | null;
}

/** Any line of the store. */
export type RunStoreRecord = PipelineRunRecord | StepRunRecord | NodeResultRecord;

/** Everything the store holds, folded: runs newest first. */
export interface RunHistory {
  runs: PipelineRunRecord[];
  steps: StepRunRecord[];
  nodes: NodeResultRecord[];
}

/** The project's run history: append records, read the folded history. */
export class RunStore {
  readonly file: string;

  constructor(projectDir: string) {
    this.file = runStorePath(projectDir);
  }

  /** Appends records as whole lines in one write. */
  append(...records: RunStoreRecord[]): void {
    if (records.length === 0) return;
    mkdirSync(dirname(this.file), { recursive: true });
    appendFileSync(this.file, records.map((r) => `${JSON.stringify(r)}\n`).join(''), { flag: 'a' });
  }

  /** Reads and folds the history; a torn last line (a process killed mid-write) is skipped. */
  read(): RunHistory {
    if (!existsSync(this.file)) return { runs: [], steps: [], nodes: [] };
    const runs = new Map<string, PipelineRunRecord>();
    const steps: StepRunRecord[] = [];
    const nodes: NodeResultRecord[] = [];
    for (const line of readFileSync(this.file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      let record: RunStoreRecord;
      try {
        record = JSON.parse(line) as RunStoreRecord;
      } catch {
        continue;
      }
      if (record.kind === 'run') runs.set(record.id, record);
      else if (record.kind === 'step') steps.push(record);
      else if (record.kind === 'node') nodes.push(record);
    }
    const ordered = [...runs.values()].sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
    return { runs: ordered, steps, nodes };
  }

  /** The latest state of one run. */
  run(id: string): PipelineRunRecord | undefined {
    return this.read().runs.find((r) => r.id === id);
  }

  /**
   * Marks runs still `running` whose process is gone as failed (a serve or CLI killed mid-run),
   * so that the next run of the pipeline may start. Returns the runs it closed.
   */
  recoverAbandoned(isAlive: (pid: number) => boolean = isProcessAlive): PipelineRunRecord[] {
    const closed: PipelineRunRecord[] = [];
    for (const run of this.read().runs) {
      if (run.status !== 'running' || isAlive(run.pid)) continue;
      const failed: PipelineRunRecord = {
        ...run,
        status: 'failed',
        finishedAt: new Date().toISOString(),
        error: `the process running it (pid ${run.pid}) stopped before the run finished`,
      };
      this.append(failed);
      closed.push(failed);
    }
    return closed;
  }
}

/** True when a process with this id exists (signal 0 checks without signalling). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
