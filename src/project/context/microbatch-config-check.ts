// dbt's parse-time rules for a microbatch model's config (validate_and_coerce_microbatch_configs),
// checked once config() in the model has been read: a project that breaks them does not parse,
// so `parse`, `compile` and every other command fail with dbt's message, before anything runs.
import { userError, type Diagnostic } from '../../core/diagnostic.js';
import type { CompiledNode, Manifest } from '../types.js';
import { GLOBAL_PACKAGE } from './macro-registry.js';
import { parseIso } from './py/datetime.js';

const BATCH_SIZES = ['hour', 'day', 'month', 'year'];

/**
 * Raises dbt's parsing error for a microbatch model without event_time, begin or a valid
 * batch_size, or with a lookback or concurrent_batches of the wrong type, and turns a `begin`
 * given as text into a datetime, as dbt does. As dbt, a project that replaces
 * `get_incremental_microbatch_sql` with its own macro is not checked unless it sets the
 * `require_batched_execution_for_custom_microbatch_strategy` flag.
 */
export function checkMicrobatchConfig(node: CompiledNode, manifest: Manifest, projectFlags: Record<string, unknown> | null | undefined): void {
  const c = node.config as Record<string, unknown>;
  if (node.resource_type !== 'model' || c['enabled'] === false) return;
  if (c['materialized'] !== 'incremental' || c['incremental_strategy'] !== 'microbatch') return;
  if (projectFlags?.['require_batched_execution_for_custom_microbatch_strategy'] !== true && hasCustomMicrobatchMacro(manifest)) return;
  const fail = (message: string): never => {
    throw userError('microbatch-config', `Microbatch model '${node.name}' ${message}`, { file: node.origin.file, line: node.origin.line });
  };
  const eventTime = c['event_time'];
  if (eventTime === undefined || eventTime === null) fail("must provide an 'event_time' (string) config that indicates the name of the event time column.");
  if (typeof eventTime !== 'string') fail(`must provide an 'event_time' config of type string, but got: ${pyType(eventTime)}.`);
  const begin = c['begin'];
  if (begin === undefined || begin === null) {
    fail("must provide a 'begin' (datetime) config that indicates the earliest timestamp the microbatch model should be built from.");
  }
  if (typeof begin === 'string' && !isIsoDatetime(begin)) fail(`must provide a 'begin' config of valid datetime (ISO format), but got: ${begin}.`);
  // dbt keeps the datetime it parsed from the text: manifest.json writes its isoformat
  // (2024-01-01T00:00:00) and templates print it as str() does (2024-01-01 00:00:00).
  if (typeof begin === 'string') c['begin'] = asDatetime(begin);
  if (typeof begin !== 'string' && !isDatetimeObject(begin)) fail(`must provide a 'begin' config of type datetime, but got: ${pyType(begin)}.`);
  const size = c['batch_size'];
  if (typeof size !== 'string' || !BATCH_SIZES.includes(size)) {
    fail(`must provide a 'batch_size' config that is one of ['hour', 'day', 'month', 'year'], but got: ${size === undefined || size === null ? 'None' : String(size)}.`);
  }
  const lookback = c['lookback'];
  if (lookback !== undefined && lookback !== null && !Number.isInteger(lookback)) {
    fail(`must provide the optional 'lookback' config as type int, but got: ${pyType(lookback)}).`);
  }
  const concurrent = c['concurrent_batches'];
  if (concurrent !== undefined && concurrent !== null && typeof concurrent !== 'boolean') {
    fail(`optional 'concurrent_batches' config must be of type \`bool\` if specified, but got: ${pyType(concurrent)}).`);
  }
}

/**
 * dbt's checks of a microbatch model's inputs, once refs are linked: an input whose event_time
 * is not a string stops the parse; a model none of whose refs or sources has an event_time gets
 * dbt's warning, since none of its inputs can be filtered to a batch.
 */
export function checkMicrobatchInputs(manifest: Manifest, projectFlags: Record<string, unknown> | null | undefined): Diagnostic[] {
  if (projectFlags?.['require_batched_execution_for_custom_microbatch_strategy'] !== true && hasCustomMicrobatchMacro(manifest)) return [];
  const warnings: Diagnostic[] = [];
  for (const node of Object.values(manifest.nodes)) {
    const c = node.config as Record<string, unknown>;
    if (c['materialized'] !== 'incremental' || c['incremental_strategy'] !== 'microbatch') continue;
    let filtered = false;
    for (const id of node.depends_on.nodes) {
      const input = manifest.nodes[id] ?? manifest.sources[id];
      const eventTime = (input?.config as Record<string, unknown> | undefined)?.['event_time'];
      // Python's truthiness: an empty string or 0 is no event_time at all.
      if (eventTime === undefined || eventTime === null || eventTime === '' || eventTime === 0 || eventTime === false) continue;
      if (typeof eventTime !== 'string') {
        throw userError(
          'microbatch-config',
          `Microbatch model '${node.name}' depends on an input node '${input?.name ?? id}' with an 'event_time' config of invalid (non-string) type: ${pyType(eventTime)}.`,
          { file: node.origin.file, line: node.origin.line },
        );
      }
      filtered = true;
    }
    if (!filtered) {
      warnings.push({
        code: 'microbatch-no-event-time-inputs',
        severity: 'warning',
        message: `The microbatch model '${node.name}' has no 'ref' or 'source' input with an 'event_time' configuration. \nThis means no filtering can be applied and can result in unexpected duplicate records in the resulting microbatch model.`,
        location: { file: node.original_file_path },
        event: { data: { model_name: node.name } },
      });
    }
  }
  return warnings;
}

// dbt's own get_incremental_microbatch_sql (package `dbt`) is not a custom one.
function hasCustomMicrobatchMacro(manifest: Manifest): boolean {
  return Object.values(manifest.macros).some((m) => m.name === 'get_incremental_microbatch_sql' && m.package_name !== GLOBAL_PACKAGE);
}

// What Python's datetime.fromisoformat accepts: a date, or a date and time (T or space) with an optional offset.
function isIsoDatetime(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}([T ]\d{2}(:\d{2}(:\d{2}(\.\d{1,6})?)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/u.test(text);
}

// Python's datetime.fromisoformat of a checked begin; text this parser does not take stays as it is.
function asDatetime(text: string): unknown {
  try {
    return parseIso(text, false);
  } catch {
    return text;
  }
}

// A template's datetime (modules.datetime.datetime(...)) or a timestamp from YAML.
function isDatetimeObject(value: unknown): boolean {
  if (value instanceof Date) return true;
  return value !== null && typeof value === 'object' && typeof (value as { isoformat?: unknown }).isoformat === 'function';
}

function pyType(value: unknown): string {
  if (typeof value === 'string') return "<class 'str'>";
  if (typeof value === 'boolean') return "<class 'bool'>";
  if (typeof value === 'number') return Number.isInteger(value) ? "<class 'int'>" : "<class 'float'>";
  if (Array.isArray(value)) return "<class 'list'>";
  return "<class 'dict'>";
}
