import type { Hook } from '../project/types.js';
import type { MaterializeContext } from './types.js';
import type { SqlRunner } from './sql-runner.js';

/** Which hooks to run: dbt splits pre/post hooks by whether they run inside the build's transaction. */
export type HookPhase = { kind: 'pre-hook' | 'post-hook'; insideTransaction: boolean };

/** Renders and runs a node's hooks of one phase, in their configured order. */
export async function runHooks(ctx: MaterializeContext, runner: SqlRunner, phase: HookPhase, session?: string): Promise<void> {
  const hooks = normalizeHooks(ctx.node.config[phase.kind]);
  for (const hook of hooks) {
    if (hook.transaction !== phase.insideTransaction) continue;
    const sql = ctx.renderHook(hook.sql).trim();
    if (sql === '') continue;
    await runner.run(sql, session);
  }
}

/** Hooks as stored, tolerating the plain-string and single-object spellings a config can hold. */
export function normalizeHooks(value: unknown): Hook[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  const hooks: Hook[] = [];
  for (const item of list) {
    if (typeof item === 'string') hooks.push({ sql: item, transaction: true });
    else if (item && typeof item === 'object' && typeof (item as Hook).sql === 'string') {
      const h = item as Hook;
      hooks.push({ sql: h.sql, transaction: h.transaction !== false });
    }
  }
  return hooks;
}
