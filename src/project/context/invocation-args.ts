// invocation_args_dict in templates: the invocation's flags as dbt's args_to_dict gives them.
// dbt's args_to_dict leaves these out while they are false, as it leaves out unset (None) flags.
const DEFAULT_FALSE_ARGS = new Set(['debug', 'full_refresh', 'fail_fast', 'warn_error', 'single_threaded', 'log_cache_events', 'store_failures', 'use_experimental_parser']);

/** dbt's args_to_dict(flags): the invocation's flags keyed in lower case, without the unset and default-false ones. */
export function invocationArgsDict(flags: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(flags)) {
    const key = name.toLowerCase();
    if (value === null || value === undefined || (value === false && DEFAULT_FALSE_ARGS.has(key))) continue;
    out[key] = value;
  }
  return out;
}
