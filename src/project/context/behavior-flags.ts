// dbt's `adapter.behavior`: the adapter's behaviour-change flags, each defaulting as the
// adapter defines it and overridden by the `flags:` block of dbt_project.yml. Macros read
// them as `adapter.behavior.<flag>` (truthy or falsy) or `adapter.behavior.<flag>.no_warn`.

/** One behaviour flag as templates see it: truthy when set, with dbt's `setting`/`no_warn`. */
export class BehaviorFlag {
  constructor(
    readonly name: string,
    private readonly value: boolean,
  ) {}
  /** The flag's value; dbt also warns here when the flag is off, which changes nothing. */
  get setting(): boolean {
    return this.value;
  }
  /** The flag's value, read without dbt's "this will change" warning. */
  get no_warn(): boolean {
    return this.value;
  }
  __bool__(): boolean {
    return this.value;
  }
  toString(): string {
    return this.value ? 'True' : 'False';
  }
}

// The flags every dbt adapter registers (dbt-adapters' base flags), with their defaults.
// dbt-duckdb registers none of its own.
const BASE_FLAGS: Record<string, boolean> = {
  require_batched_execution_for_custom_microbatch_strategy: false,
  enable_truthy_nulls_equals_macro: false,
};

/** `adapter.behavior` for a project whose dbt_project.yml has these `flags:`. */
export function behaviorFlags(projectFlags: Record<string, unknown> | null | undefined): Record<string, BehaviorFlag> {
  const out = Object.create(null) as Record<string, BehaviorFlag>;
  for (const [name, fallback] of Object.entries(BASE_FLAGS)) {
    const given = projectFlags?.[name];
    out[name] = new BehaviorFlag(name, typeof given === 'boolean' ? given : fallback);
  }
  return out;
}
