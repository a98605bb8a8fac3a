// Finds what ref() and source() point at in a manifest, the way dbt resolves them.
import { userError } from '../../core/diagnostic.js';
import { closestMatch } from '../../core/did-you-mean.js';
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
  const version = call.version !== null && call.version !== undefined ? `with version '${String(call.version)}' ` : '';
  const pkg = call.package ? `in package or project '${call.package}' ` : '';
  const disabled = disabledEntries(manifest).some((n) => REFABLE.has(String(n['resource_type'])) && n['name'] === call.name && (!call.package || n['package_name'] === call.package));
  const closest = disabled ? undefined : closestMatch(call.name, indexOf(manifest).refable.keys());
  throw targetNotFound(from, 'ref-not-found', `a node named '${call.name}' ${version}${pkg}`, disabled,
    disabled ? `Enable '${call.name}' or remove the reference to it.` : closest ? `Did you mean '${closest}'?` : 'Check the name passed to ref(); it must be a model, seed or snapshot.');
}

/**
 * dbt's TargetNotFoundError, as a ref() or source() raises it while its node runs (one the parse
 * never saw, such as a ref in a var or behind `execute`): the node by unique id and path, the
 * target, and whether it is disabled or missing.
 */
export function targetNotFound(from: CompiledNode | undefined, code: string, target: string, disabled: boolean, hint?: string): Error {
  const title = from ? `${from.resource_type.charAt(0).toUpperCase()}${from.resource_type.slice(1).replace(/_/gu, ' ')}` : '';
  const who = from ? `${title} '${from.unique_id}' (${from.original_file_path})` : 'This template';
  // An --inline query has no file ('<string>'): the message already says where it came from.
  const where = from && from.origin.file !== '<string>' ? { file: from.origin.file } : undefined;
  return userError(code, `${who} depends on ${target.trimEnd()} which ${disabled ? 'is disabled' : 'was not found'}`, where, hint);
}

/** Whether a disabled source of these names is all that source() can find. */
export function sourceIsDisabled(manifest: Manifest, sourceName: string, tableName: string): boolean {
  return disabledEntries(manifest).some((n) => n['resource_type'] === 'source' && n['source_name'] === sourceName && n['name'] === tableName);
}

function disabledEntries(manifest: Manifest): Record<string, unknown>[] {
  return Object.values(manifest.disabled ?? {}).flat().filter((n): n is Record<string, unknown> => !!n && typeof n === 'object');
}

/**
 * dbt's note (UnpinnedRefNewVersionAvailable) when an unpinned ref() resolved to the latest version
 * of a model that has a greater, prerelease version; undefined otherwise. `from` names the node
 * being compiled.
 */
export function unpinnedRefNotice(manifest: Manifest, call: RefCall, target: CompiledNode, from: string): string | undefined {
  if (call.version !== null && call.version !== undefined) return undefined;
  if (target.resource_type !== 'model' || !isSet(target.version) || !isSet(target.latest_version)) return undefined;
  let max: string | number = target.latest_version;
  for (const node of indexOf(manifest).refable.get(target.name) ?? []) {
    if (node.resource_type === 'model' && isSet(node.version) && versionAfter(node.version, max)) max = node.version;
  }
  if (!versionAfter(max, target.latest_version)) return undefined;
  const { name, package_name: pkg } = target;
  const pinned = String(target.version);
  return (
    `While compiling '${from}':\n` +
    `Found an unpinned reference to versioned model '${name}' in project '${pkg}'.\n` +
    `Resolving to latest version: ${name}.v${pinned}\n` +
    `A prerelease version ${String(max)} is available. It has not yet been marked 'latest' by its maintainer.\n` +
    `When that happens, this reference will resolve to ${name}.v${String(max)} instead.\n\n` +
    `  Try out v${String(max)}: {{ ref('${pkg}', '${name}', v='${String(max)}') }}\n` +
    `  Pin to  v${pinned}: {{ ref('${pkg}', '${name}', v='${pinned}') }}\n`
  );
}

function isSet(value: unknown): value is string | number {
  return (typeof value === 'string' && value !== '') || typeof value === 'number';
}

// dbt's UnparsedVersion order: numeric when both read as numbers, else as text.
function versionAfter(a: string | number, b: string | number): boolean {
  const x = Number(a);
  const y = Number(b);
  if (String(a).trim() !== '' && String(b).trim() !== '' && !Number.isNaN(x) && !Number.isNaN(y)) return x > y;
  return String(a) > String(b);
}

/**
 * The source table `source(sourceName, tableName)` points at, or undefined. Search order as
 * dbt's: the root project's source, then the calling node's package's, then any package's.
 */
export function findSource(manifest: Manifest, sourceName: string, tableName: string, fromPackage: string, rootPackage?: string): SourceNode | undefined {
  const key = `${sourceName}\u0000${tableName}`;
  const list = indexOf(manifest).sources.get(key) ?? indexOf(manifest, true).sources.get(key) ?? [];
  const enabled = list.filter((s) => s.config.enabled !== false);
  return (rootPackage === undefined ? undefined : enabled.find((s) => s.package_name === rootPackage)) ?? enabled.find((s) => s.package_name === fromPackage) ?? enabled[0];
}
