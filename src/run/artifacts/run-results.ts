import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DBT_VERSION } from './manifest-json.js';

/** run_results.json's schema, as dbt publishes it. */
export const RUN_RESULTS_SCHEMA_VERSION = 'https://schemas.getdbt.com/dbt/run-results/v6.json';

/** One node's result as the run layer records it (extra fields such as `node` are ignored). */
export interface RunResultEntry {
  unique_id: string;
  status: string;
  message: string | null;
  failures: number | null;
  timing: { name: string; started_at: string | null; completed_at: string | null }[];
  thread_id: string;
  execution_time: number;
  adapter_response: Record<string, unknown>;
  compiled: boolean | null;
  compiled_code: string | null;
  relation_name: string | null;
  batch_results?: { successful: [string, string][]; failed: [string, string][] } | null;
}

/** Everything run_results.json is made from. */
export interface RunResultsInput {
  results: RunResultEntry[];
  elapsedSeconds: number;
  invocationId: string;
  generatedAt: Date;
  /** The invocation's arguments, recorded as dbt does (`which`, `select`, `full_refresh`...). */
  args: Record<string, unknown>;
  dbtVersion?: string;
}

/** The run_results.json document (v6), with exactly the fields the schema allows. */
export function toRunResultsJson(input: RunResultsInput): Record<string, unknown> {
  return {
    metadata: {
      dbt_schema_version: RUN_RESULTS_SCHEMA_VERSION,
      dbt_version: input.dbtVersion ?? DBT_VERSION,
      generated_at: input.generatedAt.toISOString(),
      invocation_id: input.invocationId,
      env: {},
    },
    results: input.results.map((r) => ({
      unique_id: r.unique_id,
      status: r.status,
      timing: r.timing.map((t) => ({ name: t.name, started_at: t.started_at, completed_at: t.completed_at })),
      thread_id: r.thread_id,
      execution_time: r.execution_time,
      adapter_response: r.adapter_response,
      message: r.message,
      failures: r.failures === null || r.failures === undefined ? null : Math.trunc(r.failures),
      compiled: r.compiled,
      compiled_code: r.compiled_code,
      relation_name: r.relation_name,
      batch_results: r.batch_results ?? null,
    })),
    elapsed_time: input.elapsedSeconds,
    args: jsonSafe(input.args) as Record<string, unknown>,
  };
}

/** Writes `<targetDir>/run_results.json`. */
export async function writeRunResults(input: RunResultsInput, targetDir: string): Promise<void> {
  await mkdir(targetDir, { recursive: true });
  await writeFile(join(targetDir, 'run_results.json'), `${JSON.stringify(toRunResultsJson(input), null, 2)}\n`);
}

/** Drops values JSON cannot hold (undefined, functions) so args always serialize. */
function jsonSafe(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? {}, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
}
