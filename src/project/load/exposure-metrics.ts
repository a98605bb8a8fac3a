// An exposure's depends_on may name metrics (`metric('revenue')`) beside refs and sources, as
// dbt documents: they are kept as the exposure's `metrics` and become its parents once every
// property file is read, so selection (`+exposure:x`) and lineage reach the semantic layer.
import { userError } from '../../core/diagnostic.js';
import type { ExposureNode, Manifest } from '../types.js';
import { targetNotFound } from '../context/ref-resolver.js';
import type { LoadState } from './load-state.js';

/**
 * The metric() calls in an exposure's depends_on, as dbt records them: `[name]`, or
 * `[package, name]` for `metric('name', 'package')` (the package comes second, unlike ref()).
 */
export function metricCalls(value: unknown): string[][] {
  const out: string[][] = [];
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const m of v.matchAll(/\bmetric\(\s*(['"])([^'"]+)\1\s*(?:,\s*(['"])([^'"]+)\3\s*)?\)/gu)) out.push(m[4] !== undefined ? [m[4], m[2]!] : [m[2]!]);
    } else if (Array.isArray(v)) v.forEach(visit);
  };
  visit(value);
  return out;
}

/**
 * Adds the metrics of each enabled exposure to its depends_on.nodes (linking later puts its
 * sources and refs first, dbt's order). A metric is looked up in the named package, else in
 * the root project, the exposure's own package, then any package; one that is missing or
 * disabled is an error at the exposure, in dbt's words.
 */
export function linkExposureMetrics(state: LoadState): void {
  const manifest = state.manifest;
  const exposures = Object.values(manifest.exposures).filter((e) => (e.metrics?.length ?? 0) > 0);
  if (exposures.length === 0) return;
  const enabled = new Map<string, string[]>();
  for (const id of Object.keys(manifest.metrics)) {
    const name = id.split('.').slice(2).join('.');
    enabled.set(name, [...(enabled.get(name) ?? []), id]);
  }
  const disabled = new Set(Object.keys(manifest.disabled).filter((id) => id.startsWith('metric.')));
  for (const exposure of exposures) {
    for (const call of exposure.metrics ?? []) {
      const [pkg, name] = call.length === 2 ? [call[0]!, call[1]!] : [undefined, call[0]!];
      const id = resolveMetric(enabled.get(name) ?? [], name, pkg, [manifest.metadata.project_name, exposure.package_name]);
      if (!id) throw missingMetric(exposure, name, pkg, [...disabled].some((d) => d.endsWith(`.${name}`) && (!pkg || d === `metric.${pkg}.${name}`)));
      if (!exposure.depends_on.nodes.includes(id)) exposure.depends_on.nodes.push(id);
    }
  }
}

/**
 * The enabled metric a metric() call names, looked up as for an exposure; when none, whether a
 * disabled one of that name is all there is.
 */
export function findMetric(manifest: Manifest, name: string, pkg: string | undefined, order: readonly string[]): { id: string | undefined; disabled: boolean } {
  const candidates = Object.keys(manifest.metrics).filter((id) => id.split('.').slice(2).join('.') === name);
  const id = resolveMetric(candidates, name, pkg, order);
  const disabled = id === undefined && Object.keys(manifest.disabled).some((d) => d.startsWith('metric.') && d.endsWith(`.${name}`) && (!pkg || d === `metric.${pkg}.${name}`));
  return { id, disabled };
}

/**
 * Adds the metrics a node's metric() calls named while parsing to its depends_on.nodes (linking
 * then puts its sources and refs first, dbt's order). A missing or disabled one is an error at
 * the node, in dbt's words.
 */
export function linkNodeMetrics(manifest: Manifest): void {
  for (const node of Object.values(manifest.nodes)) {
    if (!node.metrics || node.metrics.length === 0) continue;
    for (const call of node.metrics) {
      const [pkg, name] = call.length === 2 ? [call[0]!, call[1]!] : [undefined, call[0]!];
      const found = findMetric(manifest, name, pkg, [manifest.metadata.project_name, node.package_name]);
      if (found.id === undefined) {
        throw targetNotFound(node, 'metric-not-found', `a metric named '${name}' ${pkg ? `in package or project '${pkg}' ` : ''}`, found.disabled, "Check the name passed to metric(); it must be a metric defined under metrics: in a property file.");
      }
      if (!node.depends_on.nodes.includes(found.id)) node.depends_on.nodes.push(found.id);
    }
  }
}

function resolveMetric(candidates: readonly string[], name: string, pkg: string | undefined, order: readonly string[]): string | undefined {
  if (pkg) return candidates.find((id) => id === `metric.${pkg}.${name}`);
  for (const p of order) {
    const id = candidates.find((c) => c === `metric.${p}.${name}`);
    if (id) return id;
  }
  return candidates[0];
}

function missingMetric(exposure: ExposureNode, name: string, pkg: string | undefined, isDisabled: boolean): Error {
  const where = pkg ? `in package or project '${pkg}' ` : '';
  return userError(
    'metric-not-found',
    `Exposure '${exposure.unique_id}' (${exposure.original_file_path}) depends on a metric named '${name}' ${where}which ${isDisabled ? 'is disabled' : 'was not found'}`,
    { file: exposure.origin.file, line: exposure.origin.line },
    isDisabled ? `Enable the metric '${name}' or remove it from the exposure's depends_on.` : "Check the name passed to metric(); it must be a metric defined under metrics: in a property file.",
  );
}
