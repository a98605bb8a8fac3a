import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { dbtCustomEnv } from '../../core/custom-env.js';
import { DBT_VERSION } from './manifest-json.js';
import { writeParts } from './write-parts.js';

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
    metadata: metadataJson(input),
    results: input.results.map(resultJson),
    elapsed_time: input.elapsedSeconds,
    args: jsonSafe(input.args) as Record<string, unknown>,
  };
}

/**
 * The same text as `JSON.stringify(toRunResultsJson(input), null, 2)`, in pieces: one result at
 * a time, so a large run never holds the whole document (every compiled query) twice over.
 */
export function* runResultsJsonParts(input: RunResultsInput): Generator<string> {
  yield `{\n  "metadata": ${indented(JSON.stringify(metadataJson(input), null, 2), '\n  ')},\n  "results": [`;
  let first = true;
  for (const r of input.results) {
    // Newlines inside strings are escaped (`\\n`): every newline in the text is layout, safe to indent.
    yield `${first ? '' : ','}\n    `;
    yield resultText(r);
    first = false;
  }
  yield `${first ? ']' : '\n  ]'},\n  "elapsed_time": ${JSON.stringify(input.elapsedSeconds)},\n  "args": ${indented(JSON.stringify(jsonSafe(input.args), null, 2), '\n  ')}\n}`;
}

/** Writes `<targetDir>/run_results.json`. */
export async function writeRunResults(input: RunResultsInput, targetDir: string): Promise<void> {
  await mkdir(targetDir, { recursive: true });
  await writeParts(join(targetDir, 'run_results.json'), withNewline(runResultsJsonParts(input)));
}

function* withNewline(parts: Iterable<string>): Generator<string> {
  yield* parts;
  yield '\n';
}

// A result nested as deep as run_results.json nests it (`{"results": [r]}`), so JSON.stringify
// indents it as it appears there; the wrapper's own text is cut off. (Indenting the result's
// own text afterwards would copy every result, compiled code included, once more.)
const WRAP_HEAD = '{\n  "r": [\n    '.length;
const WRAP_TAIL = '\n  ]\n}'.length;

/** One result's text as it sits in the results list (its lines indented by four spaces). */
function resultText(r: RunResultEntry): string {
  const text = JSON.stringify({ r: [resultJson(r)] }, null, 2);
  return text.slice(WRAP_HEAD, text.length - WRAP_TAIL);
}

function indented(text: string, newline: string): string {
  return text.includes('\n') ? text.replaceAll('\n', newline) : text;
}

function metadataJson(input: RunResultsInput): Record<string, unknown> {
  return {
    dbt_schema_version: RUN_RESULTS_SCHEMA_VERSION,
    dbt_version: input.dbtVersion ?? DBT_VERSION,
    generated_at: input.generatedAt.toISOString(),
    invocation_id: input.invocationId,
    env: dbtCustomEnv(),
  };
}

function resultJson(r: RunResultEntry): Record<string, unknown> {
  return {
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
  };
}

/** Drops values JSON cannot hold (undefined, functions) so args always serialize. */
function jsonSafe(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? {}, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
}
