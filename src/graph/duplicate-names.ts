// dbt's check that no two ref()-able resources of one package share a name (and version), and
// that a versioned model's name is not also an unversioned model's.
import { ReelhouseError, userError } from '../core/diagnostic.js';
import { isEnabled, memberLocation, type MemberNode } from './graph-members.js';
import { isVersion, REFABLE_TYPES } from './ref-resolver.js';

/** Rejects two ref()-able resources with one name (and version) in one package, as dbt does. */
export function checkDuplicates(nodes: readonly MemberNode[]): void {
  // Keyed by the name string each node holds (no key built per node): a name is almost always
  // one node's, and the few that are shared are told apart by package and version.
  const byName = new Map<string, MemberNode[]>();
  // `package\0name` of the versioned models, in first-seen order, to the last version seen.
  const versioned = new Map<string, MemberNode>();
  for (let k = 0; k < nodes.length; k++) {
    const node = nodes[k] as MemberNode;
    if (!REFABLE_TYPES.has(node.resource_type) || !isEnabled(node)) continue;
    const version = versionOf(node);
    const same = byName.get(node.name);
    if (same === undefined) byName.set(node.name, [node]);
    else {
      const other = same.find((o) => o.package_name === node.package_name && versionOf(o) === version);
      if (other) throw duplicateError(other, node);
      same.push(node);
    }
    if (version !== '') versioned.set(`${node.package_name}\u0000${node.name}`, node);
  }
  for (const node of versioned.values()) {
    const other = byName.get(node.name)?.find((o) => o.package_name === node.package_name && versionOf(o) === '');
    if (other) {
      throw userError(
        'duplicate-node',
        `Found versioned model '${node.unique_id}' (${node.original_file_path}) and unversioned model '${other.unique_id}' (${other.original_file_path}) with the same name '${node.name}'.`,
        memberLocation(other),
        `Rename '${other.original_file_path}' or make it a version of '${node.name}'.`,
      );
    }
  }
}

function versionOf(node: MemberNode): string {
  return isVersion(node.version) ? String(node.version) : '';
}

function duplicateError(first: MemberNode, second: MemberNode): ReelhouseError {
  const kind = first.resource_type === second.resource_type ? `${first.resource_type}s` : 'resources';
  return userError(
    'duplicate-node',
    `Found two ${kind} with the name "${first.name}". Since these resources have the same name, ref("${first.name}") cannot tell them apart:\n` +
      `- ${first.unique_id} (${first.original_file_path})\n- ${second.unique_id} (${second.original_file_path})`,
    memberLocation(second),
    'Change the name of one of these resources.',
  );
}
