// Relation objects for manifest nodes and sources, rendered with the project's quoting.
import type { CompiledNode, SourceNode } from '../types.js';
import type { DatabaseBridge } from './database-bridge.js';
import { READ_AS, REBUILD, Relation, relationFields } from './relation.js';
import type { PartPolicy, RelationFields } from './relation.js';
import { externalSourceSql } from './external-source.js';

const ALL: PartPolicy = { database: true, schema: true, identifier: true };

/**
 * The relation a node builds (or would build): database, schema and alias. Like dbt's
 * Relation.create_from it has no type (`this.type` is None, `is_table` False): a materialization
 * names the type with `this.incorporate(type=...)`, and only relations the warehouse lists carry one.
 */
export function nodeRelation(node: CompiledNode, quotePolicy: PartPolicy): Relation {
  const quoting = (node.config['quoting'] as Partial<PartPolicy> | undefined) ?? {};
  return new Relation({
    database: node.database || null,
    schema: node.schema || null,
    identifier: node.alias || node.name,
    type: null,
    quotePolicy: { ...quotePolicy, ...quoting },
    includePolicy: ALL,
  });
}

/** What `ref()` returns for an ephemeral model: the CTE name dbt injects. */
export function ephemeralRelation(node: CompiledNode): Relation {
  return cteRelation(`__dbt__cte__${node.alias || node.name}`);
}

/**
 * A CTE's relation: its bare name, with no database or schema. As dbt's create_ephemeral_from
 * makes it: type cte, the default policies but for an unquoted identifier (what it compares equal to).
 */
export function cteRelation(identifier: string): Relation {
  return new Relation({
    database: null,
    schema: null,
    identifier,
    type: 'cte',
    quotePolicy: { database: true, schema: true, identifier: false },
    includePolicy: ALL,
  });
}

/**
 * The relation of a declared source; a source read from files renders as DuckDB's reader over its
 * location. The `quoting:` of the source and its table wins over the project's, as in dbt.
 */
export function sourceRelation(source: SourceNode, quotePolicy: PartPolicy, baseDir?: string): Relation {
  const quoting: Partial<PartPolicy> = { ...((source.config['quoting'] as Partial<PartPolicy> | undefined) ?? {}) };
  for (const part of ['database', 'schema', 'identifier'] as const) {
    const set = source.quoting?.[part];
    if (typeof set === 'boolean') quoting[part] = set;
  }
  const location = source.external_location ?? (source.meta?.['external_location'] as string | undefined) ?? (source.config['external_location'] as string | undefined) ?? null;
  return new Relation({
    database: source.database || null,
    schema: source.schema || null,
    identifier: source.identifier || source.name,
    // No type, as dbt's create_from: source('a', 'b') == api.Relation.create(...) of its name.
    type: null,
    quotePolicy: { ...quotePolicy, ...quoting },
    includePolicy: ALL,
    externalLocation: location ? sourceReaderSql(location, source, baseDir) : null,
  });
}

/** dbt-duckdb formats `external_location` with the source's fields (`{name}`, `{identifier}`...) and reads it with the reader its extension names. */
export function sourceReaderSql(location: string, source: SourceNode, baseDir?: string): string {
  const fields = {
    ...source.meta,
    ...source.config,
    name: source.name,
    identifier: source.identifier,
    schema: source.schema,
    database: source.database,
    source_name: source.source_name,
  };
  return externalSourceSql(location, fields, baseDir ? { baseDir } : {});
}

/** A microbatch batch's bounds, `[start, end)` in UTC. */
export interface BatchBounds {
  start: Date;
  end: Date;
}

/** dbt's timestamp literal for batch bounds: `2024-01-01 00:00:00+00:00`. */
export function batchLiteral(time: Date): string {
  return `${time.toISOString().slice(0, 19).replace('T', ' ')}+00:00`;
}

/**
 * What ref()/source() of an input with `event_time` gives while its reader runs over a time
 * window (a microbatch model's batch, or --sample's window): printed as dbt prints it,
 * `(select * from <rel> where <event_time> >= '<start>' and <event_time> < '<end>')`.
 */
export function eventTimeFiltered(rel: Relation, eventTime: unknown, window: BatchBounds | undefined): Relation {
  if (!window || typeof eventTime !== 'string' || eventTime === '') return rel;
  return new FilteredRelation(rel, `${eventTime} >= '${batchLiteral(window.start)}' and ${eventTime} < '${batchLiteral(window.end)}'`);
}

/**
 * A relation read through an event-time filter. Printed, it is the filtered subquery; its
 * `.render()` is the plain name, as in dbt, where `ref('x').render()` is how a model reads a
 * whole input under --sample.
 */
export class FilteredRelation extends Relation {
  constructor(
    rel: Relation,
    /** The SQL condition on the relation's event_time column. */
    readonly filter: string,
  ) {
    super(relationFields(rel));
  }

  /** A copy (`.include(database=False)`...) is read through the same filter. */
  override [REBUILD](fields: RelationFields): Relation {
    return new FilteredRelation(new Relation(fields), this.filter);
  }

  /** dbt compares the event-time filter with the other fields. */
  override [READ_AS](): string | null {
    return `filter ${this.filter}`;
  }

  override toString(): string {
    return `(select * from ${this.render()} where ${this.filter})`;
  }

  override __str__(): string {
    return this.toString();
  }
}

/**
 * What ref()/source() return under --empty: a relation that reads zero rows, printed as
 * dbt-duckdb does, `(select * from <relation> where false limit 0)` (no subquery alias on DuckDB);
 * `.render()` still gives the plain name, as in dbt.
 */
export class LimitedRelation extends Relation {
  /** The relation as printed before the limit (a filtered input keeps its filter inside). */
  private readonly inner: string;

  constructor(private readonly base: Relation) {
    super(relationFields(base));
    this.inner = String(base);
  }

  /** A copy (`.include(database=False)`...) still reads zero rows, as dbt keeps the limit. */
  override [REBUILD](fields: RelationFields): Relation {
    return new LimitedRelation(this.base[REBUILD](fields));
  }

  /** dbt compares the limit (and an event-time filter under it) with the other fields. */
  override [READ_AS](): string | null {
    return `limit 0 ${this.base[READ_AS]() ?? ''}`;
  }

  /** The zero-row subquery in place of the relation. */
  renderLimited(): string {
    return `(select * from ${this.inner} where false limit 0)`;
  }

  override toString(): string {
    return this.renderLimited();
  }

  override __str__(): string {
    return this.renderLimited();
  }
}

/** Wraps a relation so it reads zero rows when `empty` (dbt's --empty). */
export function emptyLimited(rel: Relation, empty: boolean): Relation {
  return empty ? new LimitedRelation(rel) : rel;
}

/** Where a node lives in the --state manifest (dbt's `defer_relation`), set on nodes by --defer. */
export interface DeferRelation {
  database: string;
  schema: string;
  alias: string;
  relation_name: string | null;
}

/**
 * dbt's deferral: ref() to a node that carries a `defer_relation` reads the state manifest's
 * relation when the node is not built in this target, or, with --favor-state, whenever the node
 * is not selected. Undefined when the ref resolves as usual.
 */
export function deferredRelation(
  node: CompiledNode,
  quotePolicy: PartPolicy,
  flags: Record<string, unknown>,
  selected: readonly string[] | undefined,
  bridge: DatabaseBridge | undefined,
): Relation | undefined {
  const deferTo = (node as CompiledNode & { defer_relation?: DeferRelation | null }).defer_relation;
  if (!deferTo || flags['WHICH'] === 'clone') return undefined;
  const favored = flags['FAVOR_STATE'] === true && !(selected ?? []).includes(node.unique_id);
  const built = !bridge || bridge.getRelationSync({ database: node.database || undefined, schema: node.schema, identifier: node.alias || node.name }) !== undefined;
  if (!favored && built) return undefined;
  return nodeRelation({ ...node, database: deferTo.database, schema: deferTo.schema, alias: deferTo.alias } as CompiledNode, quotePolicy);
}
