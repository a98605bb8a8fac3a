// The results on-run-end hooks see: dbt's RunResult objects, whose to_dict() packages such as
// elementary call to read a result and its node as plain data (the node as dbt's node object holds it).
import { epochSeconds } from '../../core/clock.js';
import { PyDatetime } from '../../project/context/py/datetime.js';
import { PY_MISSING_IS_NONE, PyStrEnum } from '../../templating/index.js';
import type { GraphNode } from '../../project/types.js';
import type { NodeResult } from '../run-result.js';
import { entryJson } from './manifest-json.js';

type Json = Record<string, unknown>;

// Nodes whose results carry a TestStatus (pass, fail, warn...) rather than a RunStatus.
const TEST_KINDS = new Set(['test', 'unit_test']);

/**
 * One result for on-run-end's `results`, with dbt's RunResult attributes in its field order: the
 * node as dbt's node object reads (compiled, created_at, a test's contract...), timing as naive
 * UTC datetimes (macros print them or call strftime/isoformat), agate_table and batch_results
 * None where unset, and the methods to_dict() and the `skipped` property beside them.
 */
export function runResultForJinja(result: NodeResult): Json {
  const node = result.node;
  const out: Json = {
    status: new PyStrEnum(result.status, TEST_KINDS.has(node.resource_type) ? 'TestStatus' : 'RunStatus'),
    timing: result.timing.map(timingInfo),
    thread_id: result.thread_id,
    execution_time: result.execution_time,
    adapter_response: result.adapter_response,
    message: result.message,
    failures: result.failures,
    node: null,
    agate_table: null,
    batch_results: result.batch_results ?? null,
  };
  // Shaped on first read: a run's results are built whether or not any on-run-end hook reads them.
  let shaped: unknown;
  Object.defineProperty(out, 'node', { get: () => (shaped ??= nodeObject(node) ?? node), enumerable: true });
  // Not keys of the result: a method and a property, as on dbt's RunResult (kept out of items() and tojson).
  Object.defineProperty(out, 'to_dict', { value: () => runResultDict(result, node), enumerable: false });
  Object.defineProperty(out, 'skipped', { value: result.status === 'skipped', enumerable: false });
  return out;
}

/**
 * The result's node as dbt's node object, not a dict: its config answers a key the node's kind
 * lacks with None (a test's `config.full_refresh`), where the manifest's dict has no such key,
 * and its to_dict() gives the node as plain data (elementary flattens each result's node so).
 */
export function nodeObject(node: GraphNode): Json | undefined {
  const json = entryJson(node, epochSeconds(), false);
  if (!json) return undefined;
  const config = json['config'];
  if (config !== null && typeof config === 'object') Object.defineProperty(config, PY_MISSING_IS_NONE, { value: true });
  // dbt's node object holds its kind as a NodeType (a StrEnum); to_dict() writes it as plain text.
  if (typeof json['resource_type'] === 'string') json['resource_type'] = new PyStrEnum(json['resource_type'], 'NodeType');
  Object.defineProperty(json, 'to_dict', { value: () => entryJson(node, epochSeconds(), false) ?? null, enumerable: false });
  return json;
}

/** dbt's TimingInfo: datetimes taken as `datetime.now(timezone.utc).replace(tzinfo=None)`. */
export function timingInfo(t: NodeResult['timing'][number]): Json {
  const out: Json = { name: t.name, started_at: naiveUtc(t.started_at), completed_at: naiveUtc(t.completed_at) };
  Object.defineProperty(out, 'to_dict', { value: () => timingDict(t), enumerable: false });
  return out;
}

function naiveUtc(iso: string | null): PyDatetime | null {
  if (!iso) return null;
  // Date.parse keeps the milliseconds of the recorded text; its further three digits are the microseconds.
  const micros = /\.\d{3}(\d{3})Z?$/u.exec(iso);
  return PyDatetime.fromMicros(Date.parse(iso) * 1000 + (micros ? Number(micros[1]) : 0), null);
}

// dbt serialises a naive datetime as its isoformat plus `Z`; the recorded ISO strings already read so.
function timingDict(t: NodeResult['timing'][number]): Json {
  return { name: t.name, started_at: t.started_at, completed_at: t.completed_at };
}

function runResultDict(result: NodeResult, node: GraphNode): Json {
  return {
    status: result.status,
    timing: result.timing.map(timingDict),
    thread_id: result.thread_id,
    execution_time: result.execution_time,
    adapter_response: result.adapter_response,
    message: result.message,
    failures: result.failures,
    node: entryJson(node, epochSeconds(), false) ?? null,
    agate_table: null,
    batch_results: result.batch_results ?? null,
  };
}
