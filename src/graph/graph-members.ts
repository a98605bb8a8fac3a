// Which manifest entries are nodes of the DAG, and how to read their common fields.
import type { Manifest } from '../project/types.js';
import type { SourceLocation } from '../core/diagnostic.js';

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
 * The values of a manifest collection as an array, in `Object.values` order. A large project's
 * collections hold tens of thousands of entries, which puts them in dictionary mode, where
 * `Object.values` costs a few times more than reading the keys and looking each one up; and where
 * listing the keys sorts them, so linking lists the nodes once for all of its passes.
 */
export function recordValues<T>(record: Readonly<Record<string, T>>): T[] {
  const keys = Object.keys(record);
  const out = new Array<T>(keys.length);
  for (let i = 0; i < keys.length; i++) out[i] = record[keys[i] as string] as T;
  return out;
}

/** The manifest's nodes as linking reads them: every value of `manifest.nodes`, in key order. */
export function manifestNodes(manifest: Manifest): MemberNode[] {
  return recordValues(manifest.nodes as unknown as Record<string, MemberNode>);
}

/**
 * Every enabled DAG member of the manifest. `nodes` is `manifestNodes(manifest)` when the caller
 * has listed them already.
 */
export function graphMembers(manifest: Manifest, nodes?: readonly MemberNode[]): MemberNode[] {
  const out: MemberNode[] = [];
  for (const collection of MEMBER_COLLECTIONS) {
    const entries = (manifest as unknown as Record<string, Record<string, unknown> | undefined>)[collection];
    if (!entries) continue;
    const values: readonly unknown[] = collection === 'nodes' && nodes ? nodes : recordValues(entries);
    // Indexed: a once-run pass over every node, where for-of would allocate a result per entry.
    for (let k = 0; k < values.length; k++) {
      const value = values[k];
      if (isMember(value) && isEnabled(value)) out.push(value);
    }
  }
  return out;
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

/** Where a member was declared, for its diagnostics: its origin (file, line, column), else its file. */
export function memberLocation(node: MemberNode): SourceLocation | undefined {
  const origin = node.origin as { file?: string; line?: number; column?: number } | undefined;
  if (origin?.file) {
    const location: SourceLocation = { file: origin.file };
    if (origin.line) location.line = origin.line;
    if (origin.column) location.column = origin.column;
    return location;
  }
  return node.original_file_path ? { file: node.original_file_path } : undefined;
}
