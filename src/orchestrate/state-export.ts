import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Adapter } from '../adapters/adapter.js';
import type { RunStore } from './run-store.js';

/** The schema the run history is copied into, for `source('reelhouse', 'pipeline_runs')`. */
export const HISTORY_SCHEMA = 'raw_reelhouse';

const TABLES: Record<'pipeline_runs' | 'step_runs' | 'node_results', string> = {
  pipeline_runs: `run_id VARCHAR, pipeline VARCHAR, "trigger" VARCHAR, status VARCHAR, pid INTEGER, started_at TIMESTAMPTZ,
    finished_at TIMESTAMPTZ, duration_seconds DOUBLE, scheduled_for TIMESTAMPTZ, run_date DATE, backfill_id VARCHAR, vars VARCHAR, error VARCHAR`,
  step_runs: `run_id VARCHAR, step VARCHAR, attempt INTEGER, status VARCHAR, started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ,
    duration_seconds DOUBLE, exit_code INTEGER, error VARCHAR`,
  node_results: `run_id VARCHAR, step VARCHAR, unique_id VARCHAR, status VARCHAR, started_at TIMESTAMPTZ, completed_at TIMESTAMPTZ,
    execution_time DOUBLE, rows_affected BIGINT, bytes_written BIGINT, message VARCHAR, sql_sha256 VARCHAR`,
};

const seconds = (from: string | null, to: string | null): number | null => (from && to ? (Date.parse(to) - Date.parse(from)) / 1000 : null);

/**
 * Copies the run history into `raw_reelhouse.pipeline_runs`, `step_runs` and `node_results`
 * (replaced in one transaction), and writes the same rows as JSON lines under
 * `.reelhouse/export/` for tools that read files.
 */
export async function exportRunHistory(store: RunStore, adapter: Adapter, projectDir: string): Promise<void> {
  const history = store.read();
  const rows = {
    pipeline_runs: history.runs.map((r) => ({
      run_id: r.id, pipeline: r.pipeline, trigger: r.trigger, status: r.status, pid: r.pid, started_at: r.startedAt,
      finished_at: r.finishedAt, duration_seconds: seconds(r.startedAt, r.finishedAt), scheduled_for: r.scheduledFor,
      run_date: r.runDate, backfill_id: r.backfillId, vars: JSON.stringify(r.vars), error: r.error,
    })),
    step_runs: history.steps.map((s) => ({
      run_id: s.runId, step: s.step, attempt: s.attempt, status: s.status, started_at: s.startedAt, finished_at: s.finishedAt,
      duration_seconds: seconds(s.startedAt, s.finishedAt), exit_code: s.exitCode, error: s.error,
    })),
    node_results: history.nodes.map((n) => ({
      run_id: n.runId, step: n.step, unique_id: n.uniqueId, status: n.status, started_at: n.startedAt, completed_at: n.completedAt,
      execution_time: n.executionTime, rows_affected: n.rowsAffected, bytes_written: n.bytesWritten, message: n.message, sql_sha256: n.sqlSha256,
    })),
  };
  const dir = join(projectDir, '.reelhouse', 'export');
  mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = {};
  for (const [table, list] of Object.entries(rows)) {
    const file = join(dir, `${table}.jsonl`);
    writeFileSync(`${file}.tmp`, list.map((r) => `${JSON.stringify(r)}\n`).join(''));
    renameSync(`${file}.tmp`, file);
    files[table] = file;
  }
  const q = (s: string): string => adapter.dialect.quoteString(s);
  await adapter.transaction(async (session) => {
    await adapter.execute(`create schema if not exists ${HISTORY_SCHEMA}`, { session });
    for (const [table, columns] of Object.entries(TABLES)) {
      await adapter.execute(`create or replace table ${HISTORY_SCHEMA}.${table} (${columns})`, { session });
      if ((rows[table as keyof typeof rows] ?? []).length === 0) continue;
      const spec = columns
        .split(/,\s*/)
        .map((c) => c.trim().split(/\s+/))
        .map(([name, type]) => `${q(name!.replace(/"/g, ''))}: ${q(type!)}`)
        .join(', ');
      await adapter.execute(
        `insert into ${HISTORY_SCHEMA}.${table} select * from read_json(${q(files[table]!)}, format = 'newline_delimited', columns = {${spec}})`,
        { session },
      );
    }
  });
}
