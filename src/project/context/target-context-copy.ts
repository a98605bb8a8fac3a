// dbt builds the `target` a template sees anew for every render context (the runtime config's
// to_target_dict()), so what one model's macros write into it with target.update() stays with
// that model: the next model starts again from the profile. Packages keep per-model state there
// (generated CTEs, hooks), which must not reach later models.

/** A copy of the target dict for one render: nested dicts and lists are copied too, so no write reaches the profile's own values. */
export function targetContextCopy(target: Record<string, unknown>): Record<string, unknown> {
  return copyValue(target) as Record<string, unknown>;
}

function copyValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyValue);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = copyValue(v);
    return out;
  }
  return value;
}
