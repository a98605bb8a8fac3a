// dbt's lookup of ref() and source() targets: package precedence, model versions, disabled nodes.
import type { Manifest, RefCall } from '../project/types.js';
import { isEnabled, manifestNodes, type MemberNode } from './graph-members.js';

/** Resource types a one- or two-argument ref() can point at (analyses cannot be ref'd). */
export const REFABLE_TYPES: ReadonlySet<string> = new Set(['model', 'seed', 'snapshot']);

/** What a lookup found. */
export type Resolution =
  | { kind: 'found'; uniqueId: string }
  | { kind: 'disabled'; uniqueId: string }
  | { kind: 'ambiguous'; key: string; uniqueIds: string[] }
  | { kind: 'missing' };

type Storage = Map<string, Map<string, string[]>>;

/** Lookups over one manifest, built once and reused for every ref() and source(). */
export class RefResolver {
  private readonly refable: Storage = new Map();
  private readonly disabledRefable: Storage = new Map();
  private readonly sources: Storage = new Map();
  private readonly disabledSources: Storage = new Map();
  private readonly names = new Set<string>();
  readonly rootProject: string;

  /** `nodes` is `manifestNodes(manifest)` when the caller has listed them already. */
  constructor(manifest: Manifest, nodes: readonly MemberNode[] = manifestNodes(manifest)) {
    this.rootProject = manifest.metadata?.project_name ?? '';
    const latest = latestVersions(manifest, nodes);
    // Indexed: a once-run pass over every node, where for-of would allocate a result per entry.
    for (let k = 0; k < nodes.length; k++) {
      const node = nodes[k] as MemberNode;
      if (!REFABLE_TYPES.has(node.resource_type)) continue;
      const enabled = isEnabled(node);
      const target = enabled ? this.refable : this.disabledRefable;
      if (enabled) this.names.add(node.name);
      if (!isVersion(node.version)) add(target, node.name, node.package_name, node.unique_id);
      else for (const key of refKeys(node, latest)) add(target, key, node.package_name, node.unique_id);
    }
    for (const source of Object.values(manifest.sources)) {
      const target = source.config?.enabled === false ? this.disabledSources : this.sources;
      add(target, `${source.source_name}.${source.name}`, source.package_name, source.unique_id);
    }
    for (const entries of Object.values(manifest.disabled ?? {})) {
      if (!Array.isArray(entries)) continue;
      for (const entry of entries) {
        if (typeof entry !== 'object' || entry === null) continue;
        const node = entry as MemberNode & { source_name?: string; version?: unknown };
        if (typeof node.name !== 'string' || typeof node.package_name !== 'string') continue;
        if (node.resource_type === 'source' && typeof node.source_name === 'string') {
          add(this.disabledSources, `${node.source_name}.${node.name}`, node.package_name, node.unique_id);
        } else if (REFABLE_TYPES.has(node.resource_type)) {
          const key = isVersion(node.version) ? `${node.name}.v${String(node.version)}` : node.name;
          add(this.disabledRefable, key, node.package_name, node.unique_id);
          if (isVersion(node.version)) add(this.disabledRefable, node.name, node.package_name, node.unique_id);
        }
      }
    }
  }

  /** Resolves a ref() made by a node of package `nodePackage`, as dbt does. */
  resolveRef(ref: RefCall, nodePackage: string): Resolution {
    const key = isVersion(ref.version) ? `${ref.name}.v${String(ref.version)}` : ref.name;
    return this.lookup(this.refable, this.disabledRefable, key, ref.package ?? null, nodePackage);
  }

  /** Resolves a source() made by a node of package `nodePackage`. */
  resolveSource(sourceName: string, tableName: string, nodePackage: string): Resolution {
    const resolution = this.lookup(this.sources, this.disabledSources, `${sourceName}.${tableName}`, null, nodePackage);
    // dbt takes the first source found in any package rather than calling it ambiguous.
    if (resolution.kind === 'ambiguous') return { kind: 'found', uniqueId: resolution.uniqueIds[0] as string };
    return resolution;
  }

  /** Names of every enabled ref() target, for "did you mean". */
  refNames(): string[] {
    return [...this.names];
  }

  /** `source_name.table_name` of every enabled source, for "did you mean". */
  sourceNames(): string[] {
    return [...this.sources.keys()];
  }

  private lookup(enabled: Storage, disabled: Storage, key: string, target: string | null, nodePackage: string): Resolution {
    // Root project first, then the calling node's package, then any package. (Called for every
    // ref() of every node: the steps are walked without building a list of packages or of ids.)
    const found = enabled.get(key);
    const off = disabled.get(key);
    let disabledHit: string | undefined;
    const steps = target !== null ? 1 : this.rootProject === nodePackage ? 2 : 3;
    for (let step = 0; step < steps; step++) {
      const pkg = target !== null ? target : step === 0 ? this.rootProject : step === steps - 1 ? null : nodePackage;
      if (pkg === null) {
        const ids = firstIds(found);
        if (ids.length > 1) return { kind: 'ambiguous', key, uniqueIds: ids };
        if (ids.length === 1) return { kind: 'found', uniqueId: ids[0] as string };
        disabledHit ??= firstIds(off)[0];
        continue;
      }
      const id = found?.get(pkg)?.[0];
      if (id !== undefined) return { kind: 'found', uniqueId: id };
      disabledHit ??= off?.get(pkg)?.[0];
    }
    return disabledHit !== undefined ? { kind: 'disabled', uniqueId: disabledHit } : { kind: 'missing' };
  }
}

function add(storage: Storage, key: string, pkg: string, uniqueId: string): void {
  let byPackage = storage.get(key);
  if (!byPackage) storage.set(key, (byPackage = new Map()));
  const list = byPackage.get(pkg);
  if (list) {
    if (!list.includes(uniqueId)) list.push(uniqueId);
  } else byPackage.set(pkg, [uniqueId]);
}

/** The first id each package has under one key (a lookup in any package). */
function firstIds(byPackage: Map<string, string[]> | undefined): string[] {
  if (!byPackage) return [];
  return [...byPackage.values()].map((ids) => ids[0] as string);
}

/** True for a set model version (dbt versions are strings or numbers). */
export function isVersion(value: unknown): value is string | number {
  return (typeof value === 'string' && value !== '') || typeof value === 'number';
}

/** Compares two model versions as dbt does: numerically when both are numbers, else as text. */
export function compareVersions(a: string | number, b: string | number): number {
  const x = Number(a);
  const y = Number(b);
  if (String(a).trim() !== '' && String(b).trim() !== '' && !Number.isNaN(x) && !Number.isNaN(y)) return x - y;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * The latest version per `package.name`: `latest_version` when set, else the greatest version.
 * `nodes` is `manifestNodes(manifest)` when the caller has listed them already.
 */
export function latestVersions(manifest: Manifest, nodes: readonly MemberNode[] = manifestNodes(manifest)): Map<string, string> {
  const latest = new Map<string, string>();
  const greatest = new Map<string, string | number>();
  for (let k = 0; k < nodes.length; k++) {
    const node = nodes[k] as MemberNode;
    if (!isVersion(node.version)) continue;
    const key = `${node.package_name}.${node.name}`;
    if (isVersion(node.latest_version)) latest.set(key, String(node.latest_version));
    const current = greatest.get(key);
    if (current === undefined || compareVersions(node.version, current) > 0) greatest.set(key, node.version);
  }
  for (const [key, version] of greatest) if (!latest.has(key)) latest.set(key, String(version));
  return latest;
}

function refKeys(
  node: { name: string; package_name: string; version?: string | number | null },
  latest: Map<string, string>,
): string[] {
  if (!isVersion(node.version)) return [node.name];
  const keys = [`${node.name}.v${String(node.version)}`];
  // An unpinned ref() to a versioned model means its latest version.
  if (latest.get(`${node.package_name}.${node.name}`) === String(node.version)) keys.push(node.name);
  return keys;
}
