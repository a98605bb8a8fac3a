// dbt's Policy (a relation's quote or include policy) as templates reach it through
// api.Relation.get_default_quote_policy() and get_default_include_policy(). Packages read a part
// with get_part('identifier') to learn whether the adapter quotes it by default (elementary
// quotes its test tables' names itself when the project's quoting config turns that off).
import type { PartPolicy } from './relation.js';

const PARTS = ['database', 'schema', 'identifier'] as const;

/**
 * A Policy: a Python Mapping of its three parts in dbt, hence a Map here (`policy is mapping`
 * holds), with the parts as attributes too.
 */
export class Policy extends Map<string, boolean> {
  readonly database: boolean;
  readonly schema: boolean;
  readonly identifier: boolean;

  constructor(parts: PartPolicy) {
    super(PARTS.map((p) => [p, parts[p]]));
    this.database = parts.database;
    this.schema = parts.schema;
    this.identifier = parts.identifier;
  }

  /** The setting for one part: 'database', 'schema' or 'identifier' (any case, as dbt's ComponentName). */
  get_part(part: unknown): boolean {
    const name = String(part).toLowerCase();
    if (name === 'database' || name === 'schema' || name === 'identifier') return this[name];
    throw new Error(`Got a key of ${String(part)}, expected one of ${PARTS.join(', ')}`);
  }

  /** A copy with the parts a mapping names set to its values. */
  replace_dict(dct: unknown): Policy {
    const next: PartPolicy = { database: this.database, schema: this.schema, identifier: this.identifier };
    if (dct instanceof Map || (dct && typeof dct === 'object')) {
      const entries = dct instanceof Map ? [...dct.entries()] : Object.entries(dct);
      for (const [k, v] of entries) {
        const name = String(k).toLowerCase();
        if (name === 'database' || name === 'schema' || name === 'identifier') next[name] = Boolean(v);
      }
    }
    return new Policy(next);
  }

  /** The parts as a plain mapping. */
  to_dict(): Record<string, boolean> {
    return { database: this.database, schema: this.schema, identifier: this.identifier };
  }
}

/**
 * DuckDB relations' class defaults, which dbt-duckdb leaves as dbt's: every part quoted and
 * included. They are the class's, whatever the project's `quoting:` config says.
 */
export function defaultRelationPolicies(): { get_default_quote_policy: () => Policy; get_default_include_policy: () => Policy } {
  const all: PartPolicy = { database: true, schema: true, identifier: true };
  return { get_default_quote_policy: () => new Policy(all), get_default_include_policy: () => new Policy(all) };
}
