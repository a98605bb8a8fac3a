// dbt validates each `metrics:` entry against UnparsedMetric's JSON schema before reading it, and
// a failure stops the parse with YamlParseDictError. jsonschema reports the first error it meets,
// in the schema's key order: a nested object's properties first, then the unknown keys, then the
// required ones (name, label, type, type_params). A pre-1.6 metric (`type: count`, `model:`,
// `sql:`) fails here, on its unknown keys.
import { userError } from '../../core/diagnostic.js';
import { pyRepr } from './python-repr.js';
import { isRecord } from './yaml-file.js';
import type { Entry } from './yaml-entries.js';

/** UnparsedMetric's fields in dbt's order (the first four have no default, so they are required). */
const METRIC_KEYS = ['name', 'label', 'type', 'type_params', 'description', 'filter', 'time_granularity', 'meta', 'tags', 'config'];
const REQUIRED = METRIC_KEYS.slice(0, 4);

/** UnparsedMetricTypeParams' fields. */
const TYPE_PARAMS_KEYS = ['measure', 'numerator', 'denominator', 'expr', 'window', 'grain_to_date', 'metrics', 'conversion_type_params', 'cumulative_type_params'];

/** Throws dbt's parse error for a metric entry its JSON schema rejects: unknown keys, or a required key missing. */
export function checkMetricShape(e: Entry): void {
  const v = e.value;
  const fail = (path: string, reason: string, line: number): never => {
    throw userError('yaml-invalid-shape', `Invalid metrics config given in ${e.pf.file.rel} @ metrics: ${pyRepr(v)} - at path ${path}: ${reason}`, { file: e.pf.file.abs, line },
      'Metrics are written as dbt 1.6+ defines them: name, label, type (simple, ratio, cumulative, derived, conversion) and type_params.');
  };
  const paramsLine = e.pf.lines.keyLine(v, 'type_params', e.line);
  if (isRecord(v.type_params)) {
    const extra = unexpected(v.type_params, TYPE_PARAMS_KEYS);
    if (extra) fail("['type_params']", extra, paramsLine);
  } else if ('type_params' in v) {
    fail("['type_params']", `${pyRepr(v.type_params)} is not of type 'object'`, paramsLine);
  }
  const extra = unexpected(v, METRIC_KEYS);
  if (extra) fail('[]', extra, e.line);
  const missing = REQUIRED.find((key) => !(key in v));
  if (missing) fail('[]', `'${missing}' is a required property`, e.line);
}

// jsonschema's additionalProperties message, the unknown keys sorted.
function unexpected(value: Record<string, unknown>, allowed: readonly string[]): string | undefined {
  const extras = Object.keys(value).filter((k) => !allowed.includes(k)).sort();
  if (extras.length === 0) return undefined;
  return `Additional properties are not allowed (${extras.map((k) => pyRepr(k)).join(', ')} ${extras.length === 1 ? 'was' : 'were'} unexpected)`;
}
