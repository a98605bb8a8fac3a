// The names dbt's ModelContext gives a node's render beyond its ProviderContext: the node's own
// hooks (pre_hooks, post_hooks), its compiled SQL (sql, compiled_code) and where --defer reads
// it from (defer_relation). A macro run on its own (MacroContext) has pre_hooks, post_hooks and
// sql as None and no compiled_code or defer_relation at all.
import type { CompiledNode } from '../types.js';
import { toHooks } from '../load/config-merge.js';
import type { RenderCore } from './render-core.js';
import { nodeRelation, type DeferRelation } from './node-relations.js';
import type { RenderState } from './render-state.js';

type Member = (core: RenderCore, state: RenderState) => unknown;

// Resource types whose hook lists dbt's ModelContext leaves empty whatever their config says.
const HOOKLESS = new Set(['test', 'unit_test', 'source']);

/** A node's hooks of one kind as dbt's Hook.to_dict(omit_none=True) gives them: sql and transaction, index only when set. */
export function hookDicts(node: CompiledNode, kind: 'pre-hook' | 'post-hook'): Record<string, unknown>[] {
  if (HOOKLESS.has(node.resource_type)) return [];
  return toHooks(node.config[kind]).map((hook) => (hook.index === null || hook.index === undefined ? { sql: hook.sql, transaction: hook.transaction } : { sql: hook.sql, transaction: hook.transaction, index: hook.index }));
}

// dbt's compiled_code is the node's SQL once compiled (its CTEs injected); while the node's own
// code renders, it is None.
function compiledCode(node: CompiledNode): string | null {
  return node.extra_ctes_injected === true && node.compiled_code !== undefined ? node.compiled_code : null;
}

/** The members, by name. */
export const MODEL_MEMBERS: Record<string, Member> = {
  pre_hooks: (_core, st) => (st.macroContext || !st.node ? null : hookDicts(st.node, 'pre-hook')),
  post_hooks: (_core, st) => (st.macroContext || !st.node ? null : hookDicts(st.node, 'post-hook')),
  // Only a SQL node's `sql` is its compiled code.
  sql: (_core, st) => (st.macroContext || !st.node || st.node.language === 'python' ? null : compiledCode(st.node)),
  compiled_code: (_core, st) => (st.macroContext ? undefined : st.node ? compiledCode(st.node) : null),
  defer_relation: (core, st) => {
    if (st.macroContext) return undefined;
    const deferTo = (st.node as (CompiledNode & { defer_relation?: DeferRelation | null }) | undefined)?.defer_relation;
    return st.node && deferTo ? nodeRelation({ ...st.node, database: deferTo.database, schema: deferTo.schema, alias: deferTo.alias }, core.quotePolicy) : null;
  },
};
