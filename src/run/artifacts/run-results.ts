import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isoUtc } from '../../core/clock.js';
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
  /** When the document was written: a clock reading (core/clock.ts) or a Date. */
  generatedAt: Date | number;
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
 * The same text as `JSON.stringify(toRunResultsJson(input), null, 2)`, in pieces of a few dozen
 * results, so a large run never holds the whole document (every compiled query) twice over.
 */
export function* runResultsJsonParts(input: RunResultsInput): Generator<string> {
  yield `{\n  "metadata": ${indented(JSON.stringify(metadataJson(input), null, 2), '\n  ')},\n  "results": [`;
  const { results } = input;
  for (let start = 0; start < results.length; start += RESULTS_PER_PIECE) {
    yield `${start === 0 ? '' : ','}\n    `;
    yield resultsText(results.slice(start, start + RESULTS_PER_PIECE));
  }
  yield `${results.length === 0 ? ']' : '\n  ]'},\n  "elapsed_time": ${JSON.stringify(input.elapsedSeconds)},\n  "args": ${indented(JSON.stringify(jsonSafe(input.args), null, 2), '\n  ')}\n}`;
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

// Results serialized together: one JSON.stringify call per result costs about as much again as
// its text, while a few dozen results are still a small piece.
const RESULTS_PER_PIECE = 32;

// Results nested as deep as run_results.json nests them (`{"results": [r, ...]}`), so
// JSON.stringify indents them as they appear there; the wrapper's own text is cut off. (Indenting
// the results' own text afterwards would copy every result, compiled code included, once more.)
const WRAP_HEAD = '{\n  "r": [\n    '.length;
const WRAP_TAIL = '\n  ]\n}'.length;

/** Consecutive results' text as it sits in the results list (lines indented by four spaces, `,` between them). */
function resultsText(results: RunResultEntry[]): string {
  const text = JSON.stringify({ r: results.map(resultJson) }, null, 2);
  return text.slice(WRAP_HEAD, text.length - WRAP_TAIL);
}

// Newlines inside strings are escaped (`\\n`): every newline in JSON text is layout, safe to indent.
function indented(text: string, newline: string): string {
  return text.includes('\n') ? text.replaceAll('\n', newline) : text;
}

// Exactly the keys of dbt's published run_results v6 schema, which closes the metadata object:
// dbt 1.10 also writes `invocation_started_at`, but a file with it fails that schema's validation.
function metadataJson(input: RunResultsInput): Record<string, unknown> {
  return {
    dbt_schema_version: RUN_RESULTS_SCHEMA_VERSION,
    dbt_version: input.dbtVersion ?? DBT_VERSION,
    generated_at: isoUtc(typeof input.generatedAt === 'number' ? input.generatedAt : input.generatedAt.getTime()),
    invocation_id: input.invocationId,
    env: dbtCustomEnv(),
  };
}

// In the order of dbt's RunResultOutput: the result's own fields, then the node's.
function resultJson(r: RunResultEntry): Record<string, unknown> {
  return {
    status: r.status,
    timing: r.timing.map((t) => ({ name: t.name, started_at: t.started_at, completed_at: t.completed_at })),
    thread_id: r.thread_id,
    execution_time: r.execution_time,
    adapter_response: r.adapter_response,
    message: r.message,
    failures: r.failures === null || r.failures === undefined ? null : Math.trunc(r.failures),
    unique_id: r.unique_id,
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
