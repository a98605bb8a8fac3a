// Model governance checks made while linking, as dbt makes them while parsing: the `access`
// value of each model, the `group` each resource names, and whether a ref() may reach a
// private model (same group only) or a protected model of a package with `restrict-access`.
import { userError } from '../core/diagnostic.js';
import type { Manifest } from '../project/types.js';
import { isEnabled, manifestNodes, MEMBER_COLLECTIONS, recordValues, type MemberNode } from './graph-members.js';

/** What linking needs to know beyond the manifest to judge access between packages. */
export interface AccessOptions {
  /** Packages whose dbt_project.yml sets `restrict-access: true`. */
  restrictedPackages?: ReadonlySet<string>;
}

const ACCESS_VALUES: ReadonlySet<string> = new Set(['private', 'protected', 'public']);

/** The group a node belongs to: its own, or for a generic test, the group of the model it tests. */
export function groupOf(node: MemberNode, lookup: (uniqueId: string) => MemberNode | undefined): string | null {
  const own = ownGroup(node);
  if (own !== null || node.resource_type !== 'test') return own;
  const attached = typeof node.attached_node === 'string' ? lookup(node.attached_node) : undefined;
  return attached ? ownGroup(attached) : null;
}

function ownGroup(node: MemberNode): string | null {
  const group = typeof node.group === 'string' && node.group !== '' ? node.group : node.config?.group;
  return typeof group === 'string' && group !== '' ? group : null;
}

/** A forbidden ref: the message dbt gives, and what to do about it. */
export interface AccessViolation {
  message: string;
  hint: string;
}

/**
 * Why `node` may not ref `target`, or undefined when it may. Private models are reachable from
 * their own group only (and not across packages when the target's package restricts access);
 * protected models are not reachable from another package when theirs restricts access.
 */
export function refAccessViolation(
  node: MemberNode,
  target: MemberNode,
  lookup: (uniqueId: string) => MemberNode | undefined,
  options: AccessOptions,
): AccessViolation | undefined {
  if (target.resource_type !== 'model' || node.resource_type === 'unit_test' || node.resource_type === 'sql_operation') return undefined;
  const restricted = options.restrictedPackages?.has(target.package_name) === true && node.package_name !== target.package_name;
  const access = target.access;
  if (access === 'private') {
    const targetGroup = ownGroup(target);
    const group = groupOf(node, lookup);
    if (group === null || group !== targetGroup || restricted) {
      return {
        message: `Node ${node.unique_id} attempted to reference node ${target.unique_id}, which is not allowed because the referenced node is private to the '${targetGroup ?? 'None'}' group.`,
        hint: restricted && group === targetGroup
          ? `Package '${target.package_name}' sets restrict-access: make ${target.name} public to ref it from another package.`
          : `Put ${node.name} in the group '${targetGroup ?? 'None'}', make ${target.name} protected or public, or remove the ref.`,
      };
    }
  } else if (access === 'protected' && restricted) {
    return {
      message: `Node ${node.unique_id} attempted to reference node ${target.unique_id}, which is not allowed because the referenced node is protected to the '${target.package_name}' package.`,
      hint: `Package '${target.package_name}' sets restrict-access: only its public models can be ref'd from other packages.`,
    };
  }
  return undefined;
}

/**
 * Rejects an `access` value dbt does not know, a public ephemeral model, and a group no YAML
 * declares. `nodes` is `manifestNodes(manifest)` when the caller has listed them already.
 */
export function checkGovernance(manifest: Manifest, nodes: readonly MemberNode[] = manifestNodes(manifest)): void {
  // Indexed loops: a pass that runs once over tens of thousands of nodes mostly runs before the
  // optimizing compiler has it, where for-of allocates an iterator result per entry.
  for (let k = 0; k < nodes.length; k++) {
    const node = nodes[k] as MemberNode;
    if (node.resource_type !== 'model' || !isEnabled(node)) continue;
    // The config's value counts too: one set only in dbt_project.yml never reaches node.access.
    const configured = node.config?.access;
    const access = typeof configured === 'string' && !ACCESS_VALUES.has(configured) ? configured : (node.access ?? configured);
    if (access === undefined || access === null) continue;
    if (typeof access !== 'string' || !ACCESS_VALUES.has(access)) {
      throw governanceError('access-invalid', `Node ${node.unique_id} has an invalid value (${String(access)}) for the access field`, node,
        "Set access to 'private', 'protected' or 'public'.");
    }
    if (access === 'public' && node.config?.materialized === 'ephemeral') {
      throw governanceError('access-invalid', `Node ${node.unique_id} with 'ephemeral' materialization has an invalid value (public) for the access field`, node,
        'An ephemeral model has no relation others could query: make it a view or table, or drop access: public.');
    }
  }
  const groups = new Set<string>();
  for (const group of Object.values(manifest.groups ?? {})) {
    const name = (group as { name?: unknown }).name;
    if (typeof name === 'string') groups.add(name);
  }
  for (const collection of MEMBER_COLLECTIONS) {
    const entries = (manifest as unknown as Record<string, Record<string, unknown> | undefined>)[collection];
    if (!entries) continue;
    const values: readonly unknown[] = collection === 'nodes' ? nodes : recordValues(entries);
    for (let k = 0; k < values.length; k++) {
      const node = values[k] as MemberNode;
      if (typeof node !== 'object' || node === null || !isEnabled(node)) continue;
      const group = ownGroup(node);
      if (group === null || groups.has(group)) continue;
      throw governanceError('group-invalid', `Invalid group '${group}', expected one of [${[...groups].sort().map((g) => `'${g}'`).join(', ')}]`, node,
        `Declare the group under groups: in a YAML file, or set ${node.name}'s group to one that is declared.`);
    }
  }
}

/**
 * Gives each generic test the group of the node it tests, as dbt's parser does once it finds the
 * test's attached node: the test's own `group` field follows that node's (none when the node has
 * none), while the test's config keeps what was written for it.
 */
export function inheritTestGroups(manifest: Manifest, nodes: readonly MemberNode[] = manifestNodes(manifest)): void {
  const disabled = (manifest.disabled ?? {}) as Record<string, readonly unknown[]>;
  const attachedTo = (test: MemberNode): MemberNode | undefined => {
    const id = test.attached_node;
    if (typeof id !== 'string') return undefined;
    return (manifest.nodes[id] as unknown as MemberNode | undefined) ?? (disabled[id]?.[0] as MemberNode | undefined);
  };
  const inherit = (test: MemberNode): void => {
    if (test.resource_type !== 'test') return;
    const attached = attachedTo(test);
    if (attached) test.group = typeof attached.group === 'string' && attached.group !== '' ? attached.group : null;
  };
  for (let k = 0; k < nodes.length; k++) inherit(nodes[k] as MemberNode);
  // Disabled tests are parsed the same way: dbt lists them with their attached node's group too.
  for (const list of Object.values(disabled)) {
    for (const entry of list) if (typeof entry === 'object' && entry !== null) inherit(entry as MemberNode);
  }
}

function governanceError(code: string, message: string, node: MemberNode, hint: string) {
  const file = typeof node.patch_path === 'string' ? node.patch_path.replace(/^[^:]+:\/\//, '') : node.original_file_path;
  return userError(code, message, file ? { file } : undefined, hint);
}
