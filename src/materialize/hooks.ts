import { toHooks } from '../project/index.js';
import type { MaterializeContext } from './types.js';
import type { SqlRunner } from './sql-runner.js';

/** Which hooks to run: dbt splits pre/post hooks by whether they run inside the build's transaction. */
export type HookPhase = { kind: 'pre-hook' | 'post-hook'; insideTransaction: boolean };

/** Renders and runs a node's hooks of one phase, in their configured order. */
export async function runHooks(ctx: MaterializeContext, runner: SqlRunner, phase: HookPhase, session?: string): Promise<void> {
  const hooks = toHooks(ctx.node.config[phase.kind]);
  for (const hook of hooks) {
    if (hook.transaction !== phase.insideTransaction) continue;
    const sql = ctx.renderHook(hook.sql, session).trim();
    if (sql === '') continue;
    await runner.run(sql, session);
  }
}
