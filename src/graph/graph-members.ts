// Which manifest entries are nodes of the DAG, and how to read their common fields.
import type { Manifest } from '../project/types.js';

/** A manifest entry that can sit in the DAG, read loosely (metrics and semantic models are untyped). */
export interface MemberNode {
  unique_id: string;
  resource_type: string;
  package_name: string;
  name: string;
  fqn?: string[];
  original_file_path?: string;
  patch_path?: string | null;
  tags?: string[];
  config?: Record<string, unknown>;
  depends_on?: { nodes?: string[]; macros?: string[] };
  [key: string]: unknown;
}

/** The manifest collections whose entries are DAG members, in dbt's order. */
export const MEMBER_COLLECTIONS = [
  'nodes',
  'sources',
  'exposures',
  'metrics',
  'semantic_models',
  'saved_queries',
  'unit_tests',
] as const;

/** True when the entry is enabled (disabled nodes are not part of the graph, as in dbt). */
export function isEnabled(node: MemberNode): boolean {
  const config = node.config;
  return !(config && config.enabled === false);
}

function isMember(value: unknown): value is MemberNode {
  return typeof value === 'object' && value !== null && typeof (value as MemberNode).unique_id === 'string';
}

/**
 * The values of a manifest collection, in `Object.values` order. A large project's collections
 * hold tens of thousands of entries, which puts them in dictionary mode, where `Object.values`
 * costs a few times more than reading the keys and looking each one up.
 */
export function* collectionValues<T>(record: Readonly<Record<string, T>>): Generator<T> {
  for (const key of Object.keys(record)) yield record[key] as T;
}

/** Every enabled DAG member of the manifest. */
export function* graphMembers(manifest: Manifest): Generator<MemberNode> {
  for (const collection of MEMBER_COLLECTIONS) {
    const entries = (manifest as unknown as Record<string, Record<string, unknown> | undefined>)[collection];
    if (!entries) continue;
    for (const value of collectionValues(entries)) {
      if (isMember(value) && isEnabled(value)) yield value;
    }
  }
}

/** Looks a unique_id up in every member collection. */
export function findMember(manifest: Manifest, uniqueId: string): MemberNode | undefined {
  for (const collection of MEMBER_COLLECTIONS) {
    const entries = (manifest as unknown as Record<string, Record<string, unknown> | undefined>)[collection];
    const value = entries?.[uniqueId];
    if (isMember(value)) return value;
  }
  return undefined;
}

/** The node's parents as recorded by linking. */
export function dependsOnNodes(node: MemberNode): string[] {
  const nodes = node.depends_on?.nodes;
  return Array.isArray(nodes) ? nodes : [];
}
