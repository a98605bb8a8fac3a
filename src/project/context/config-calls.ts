// What a node's config() calls, made while it was parsed, do to the node: they are merged over
// its config from dbt_project.yml and properties files, as dbt's parser applies them.
import { toPlain, unrenderedConfigCall, type TemplateAst, type WrittenConfigCall } from '../../templating/index.js';
import { checkConfigTypes, completeSnapshotMetaNames, normalizeConfigKey, settleStoreFailures, updateUnrendered } from '../load/config-merge.js';
import { mergeConfigCalls } from './config-call-dict.js';
import { docsOfConfig, syncGovernance } from '../load/load-state.js';
import { mergeUnderRoot, rootKeysLast } from '../load/root-config-last.js';
import type { CompiledNode } from '../types.js';

/**
 * Merges the arguments of `calls` into the node's config, and into its unrendered_config as
 * `written` (the call's arguments read statically) has them; then derives what follows from the
 * config (tags, meta, docs, governance fields).
 */
export function applyConfigCalls(node: CompiledNode, calls: readonly unknown[], written: WrittenConfigCall | null): void {
  // dbt sets the call's keys over the project's and properties' whole (a plain dict update): a
  // call's tags or meta replace theirs in unrendered_config.
  const unrendered = { ...node.unrendered_config };
  // Under state_modified_compare_more_unrendered_values dbt keeps the config() call's arguments
  // as written (env_var('X'), not its value) when it can read them statically; otherwise (the
  // flag's default, a dict argument, no keywords) the values the calls passed, merged as it
  // collects them.
  const plains = calls.map((call) => toPlain(call) as Record<string, unknown>);
  // A package node's calls are merged under the root project's dbt_project.yml, as in dbt.
  const config = mergeUnderRoot(node, plains);
  if (written === null) updateUnrendered(unrendered, mergeConfigCalls(plains));
  if (written !== null) {
    for (const [key, value] of Object.entries(written.literals)) unrendered[normalizeConfigKey(key)] = value;
    for (const [key, text] of Object.entries(written.expressions)) unrendered[normalizeConfigKey(key)] = text;
  }
  if (node.resource_type === 'snapshot') completeSnapshotMetaNames(config);
  if (node.resource_type === 'test') {
    // dbt settles the two once, over every level merged: a store_failures_as derived at load from
    // a store_failures the call now replaces is derived again, unless some level wrote one.
    if (!('store_failures_as' in unrendered)) config['store_failures_as'] = null;
    settleStoreFailures(config);
  }
  node.config = config;
  checkConfigTypes(node);
  node.unrendered_config = rootKeysLast(node, unrendered);
  node.tags = [...config.tags];
  node.meta = { ...node.meta, ...config.meta };
  const docs = docsOfConfig(config.docs);
  if (docs) node.docs = docs;
  syncGovernance(node);
}

/** The keyword arguments of the node's first config() call as written; null when there are none. */
export function writtenConfigCall(node: CompiledNode, tree: TemplateAst | null, parse: (code: string, file: string) => TemplateAst): WrittenConfigCall | null {
  const code = node.raw_code;
  if (!code.includes('config(')) return null;
  let written: WrittenConfigCall | null;
  try {
    written = unrenderedConfigCall(tree ?? parse(code, node.origin.file));
  } catch {
    return null;
  }
  return written !== null && Object.keys(written.literals).length + Object.keys(written.expressions).length > 0 ? written : null;
}
