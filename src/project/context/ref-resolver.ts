// Finds what ref() and source() point at in a manifest, the way dbt resolves them.
import { userError } from '../../core/diagnostic.js';
import type { CompiledNode, Manifest, RefCall, SourceNode } from '../types.js';

const REFABLE = new Set(['model', 'seed', 'snapshot']);

interface Index {
  refable: Map<string, CompiledNode[]>;
  sources: Map<string, SourceNode[]>;
}

const indexes = new WeakMap<Manifest, Index>();

// Built once per manifest; a lookup that misses rebuilds it once (nodes added later).
function indexOf(manifest: Manifest, fresh = false): Index {
  const cached = indexes.get(manifest);
  if (cached && !fresh) return cached;
  const refable = new Map<string, CompiledNode[]>();
  for (const node of Object.values(manifest.nodes)) {
    if (!REFABLE.has(node.resource_type)) continue;
    const list = refable.get(node.name);
    if (list) list.push(node);
    else refable.set(node.name, [node]);
  }
  const sources = new Map<string, SourceNode[]>();
  for (const source of Object.values(manifest.sources)) {
    const key = `${source.source_name}\u0000${source.name}`;
    const list = sources.get(key);
    if (list) list.push(source);
    else sources.set(key, [source]);
  }
  const index = { refable, sources };
  indexes.set(manifest, index);
  return index;
}

function versionMatches(node: CompiledNode, version: string | number | null | undefined): boolean {
  if (version === null || version === undefined) {
    // An unpinned ref picks the latest version of a versioned model.
    if (node.version === null || node.version === undefined) return true;
    const latest = node.latest_version ?? node.version;
    return String(node.version) === String(latest);
  }
  return node.version !== null && node.version !== undefined && String(node.version) === String(version);
}

/**
 * The node a ref points at. Search order as dbt's: the named package only (two-argument
 * ref), else the root project, then the referencing node's package, then any package.
 */
export function resolveRef(manifest: Manifest, call: RefCall, from: CompiledNode | undefined, rootPackage: string): CompiledNode {
  const all = indexOf(manifest).refable.get(call.name) ?? indexOf(manifest, true).refable.get(call.name) ?? [];
  // One node of that name (the usual case): it is the answer whenever it qualifies at all.
  if (all.length === 1) {
    const only = all[0]!;
    if (only.config.enabled !== false && versionMatches(only, call.version) && (!call.package || only.package_name === call.package)) return only;
  }
  const candidates = all.filter(
    (n) => n.config.enabled !== false && versionMatches(n, call.version),
  );
  const packages: (string | null)[] = call.package
    ? [call.package]
    : from && from.package_name !== rootPackage
      ? [rootPackage, from.package_name, null]
      : [rootPackage, null];
  for (const pkg of packages) {
    const found = pkg === null ? candidates[0] : candidates.find((n) => n.package_name === pkg);
    if (found) return found;
  }
  const target = call.package ? `'${call.package}', '${call.name}'` : `'${call.name}'`;
  const version = call.version !== null && call.version !== undefined ? ` (version ${String(call.version)})` : '';
  throw userError(
    'ref-not-found',
    `${from ? `${from.resource_type} '${from.name}'` : 'This template'} depends on a node named ${target}${version} which was not found`,
    from ? { file: from.origin.file } : undefined,
  );
}

/** The source table `source(sourceName, tableName)` points at, or undefined. */
export function findSource(manifest: Manifest, sourceName: string, tableName: string, fromPackage: string): SourceNode | undefined {
  const key = `${sourceName}\u0000${tableName}`;
  const list = indexOf(manifest).sources.get(key) ?? indexOf(manifest, true).sources.get(key) ?? [];
  const enabled = list.filter((s) => s.config.enabled !== false);
  return enabled.find((s) => s.package_name === fromPackage) ?? enabled[0];
}
