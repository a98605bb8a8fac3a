// dbt's model deprecation warnings, given once the graph is linked: a model past its
// deprecation_date, and a node that refs a model past (or approaching) its deprecation_date.
import type { Diagnostic } from '../core/diagnostic.js';
import type { Manifest } from '../project/types.js';
import { dependsOnNodes, isEnabled, manifestNodes, type MemberNode } from './graph-members.js';
import { isVersion } from './ref-resolver.js';
import { isoDeprecationDate } from '../project/load/deprecation-date.js';

/**
 * The deprecation warnings for the linked manifest, judged against `now`. `nodes` is
 * `manifestNodes(manifest)` when the caller has listed them already.
 */
export function deprecationWarnings(manifest: Manifest, now: Date = new Date(), nodes: readonly MemberNode[] = manifestNodes(manifest)): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  // Every warning needs a node with a deprecation_date, and most projects have none: one look
  // at each node settles that, without a lookup for each of their refs.
  if (!nodes.some(hasDeprecationDate)) return warnings;
  for (const node of nodes) {
    // dbt looks at models only: their own date, and the models they ref (a test or a snapshot
    // reading a deprecated model draws no warning).
    if (node.resource_type !== 'model' || !isEnabled(node)) continue;
    const own = deprecation(node);
    if (own && own.time <= now.getTime()) {
      warnings.push(warning('model-deprecated', `Model ${node.name}${versionSuffix(node)} has passed its deprecation date of ${own.text}. This model should be disabled or removed.`, node,
        `Remove ${node.name} or move its consumers off it.`));
    }
    for (const id of dependsOnNodes(node)) {
      const target = manifest.nodes[id] as unknown as MemberNode | undefined;
      if (!target || target.resource_type !== 'model') continue;
      const date = deprecation(target);
      if (!date) continue;
      const past = date.time <= now.getTime();
      const latest = target.latest_version;
      const coda =
        isVersion(target.version) && isVersion(latest) && String(target.version) !== String(latest)
          ? `A new version of '${target.name}' is available. ${past ? 'Migrate now' : 'Try it out'}: {{ ref('${target.package_name}', '${target.name}', v='${String(latest)}') }}.`
          : '';
      const message = past
        ? `While compiling '${node.name}': Found a reference to ${target.name}${versionSuffix(target)}, which was deprecated on '${date.text}'. ${coda}`
        : `While compiling '${node.name}': Found a reference to ${target.name}${versionSuffix(target)}, which is slated for deprecation on '${date.text}'. ${coda}`;
      warnings.push(warning(past ? 'ref-deprecated' : 'ref-deprecating', message.trimEnd(), node, `Move ${node.name} to a model that is not being deprecated.`));
    }
  }
  return warnings;
}

function hasDeprecationDate(node: MemberNode): boolean {
  return isoDeprecationDate(node.deprecation_date) !== null;
}

function deprecation(node: MemberNode): { time: number; text: string } | undefined {
  const text = isoDeprecationDate(node.deprecation_date);
  if (text === null) return undefined;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : { time, text };
}

function versionSuffix(node: MemberNode): string {
  return isVersion(node.version) ? `.v${String(node.version)}` : '';
}

function warning(code: string, message: string, node: MemberNode, hint: string): Diagnostic {
  const diagnostic: Diagnostic = { code, severity: 'warning', message, hint };
  if (typeof node.original_file_path === 'string') diagnostic.location = { file: node.original_file_path };
  return diagnostic;
}
