import type { CompiledNode, Manifest } from '../project/types.js';

const DAY_VARS = /\bevent_time_(start|end)\b/u;

/**
 * True when the model's template, or a macro it calls (directly or through other macros),
 * names the `event_time_start`/`event_time_end` vars a day-by-day reload sets. Only such a
 * model can filter its input by day; any other incremental model runs once under
 * `--event-time-start/--event-time-end`, as dbt runs every model but microbatch ones.
 */
export function readsDayVars(node: CompiledNode, manifest: Pick<Manifest, 'macros'>): boolean {
  if (DAY_VARS.test(node.raw_code ?? '')) return true;
  const seen = new Set<string>();
  const pending = [...(node.depends_on?.macros ?? [])];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const macro = manifest.macros[id];
    if (!macro) continue;
    if (DAY_VARS.test(macro.macro_sql)) return true;
    pending.push(...macro.depends_on.macros);
  }
  return false;
}
