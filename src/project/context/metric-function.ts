// dbt's metric(): any node may name a metric of the semantic layer, as ref() names a model.
// While parsing the call is recorded in the node's `metrics` (linked into its depends_on once
// the project is read, see linkNodeMetrics); executing, it resolves to the metric.
import { userError } from '../../core/diagnostic.js';
import { pyRepr } from '../../templating/index.js';
import type { RenderCore } from './render-core.js';
import type { RenderState } from './render-state.js';
import { splitArgs } from './py-args.js';
import { targetNotFound } from './ref-resolver.js';
import { findMetric } from '../load/exposure-metrics.js';

/** dbt's MetricReference (what metric() returns while parsing): prints as the metric's name. */
export class MetricReference {
  constructor(
    readonly metric_name: string,
    readonly package_name: string | null,
  ) {}

  toString(): string {
    return this.metric_name;
  }
}

/** The Python type of a value, as dbt's argument errors name it (`<class 'int'>`). */
function pyClass(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? "<class 'int'>" : "<class 'float'>";
  if (typeof value === 'boolean') return "<class 'bool'>";
  if (value === null || value === undefined) return "<class 'NoneType'>";
  if (Array.isArray(value)) return "<class 'list'>";
  return typeof value === 'object' ? "<class 'dict'>" : `<class '${typeof value}'>`;
}

/** dbt's metric(name, package=None), bound to one render. */
export function metricFunction(core: RenderCore, st: RenderState): (...raw: unknown[]) => MetricReference {
  return (...raw: unknown[]) => {
    const { args, kwargs } = splitArgs(raw);
    const extra = Object.keys(kwargs)[0];
    if (extra !== undefined) throw userError('compiler-error', `metric() got an unexpected keyword argument '${extra}'`);
    if (args.length < 1 || args.length > 2) throw userError('compiler-error', `metric() takes at most two arguments (${args.length} given)`);
    const [name, pkg] = [args[0], args.length === 2 ? args[1] : null];
    if (typeof name !== 'string') throw userError('compiler-error', `The name argument to metric() must be a string, got ${pyClass(name)}`);
    if (pkg !== null && typeof pkg !== 'string') throw userError('compiler-error', `The package argument to metric() must be a string or None, got ${pyClass(pkg)}`);
    if (!st.execute) {
      // As dbt's parse-time resolver: the call is appended to the node's metrics, [name] or [package, name].
      if (st.node) st.node.metrics = [...(st.node.metrics ?? []), pkg === null ? [name] : [pkg, name]];
      return new MetricReference(name, pkg);
    }
    const found = findMetric(st.manifest, name, pkg ?? undefined, [core.rootPackage, st.node?.package_name ?? core.rootPackage]);
    if (found.id === undefined) {
      throw targetNotFound(st.node, 'metric-not-found', `a metric named '${name}' ${pkg ? `in package or project '${pkg}' ` : ''}`, found.disabled, `Check the name passed to metric(${pyRepr(name)}); it must be a metric defined under metrics: in a property file.`);
    }
    // dbt's ResolvedMetricReference: the metric's name, and its attributes read through it.
    const metric = st.manifest.metrics[found.id] as Record<string, unknown>;
    return Object.assign(new MetricReference(String(metric['name']), String(metric['package_name'])), metric);
  };
}
