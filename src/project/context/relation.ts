// dbt's Relation object (api.Relation, `this`, what ref() and source() return): a three-part
// name with quote and include policies that renders as `"db"."schema"."identifier"`.
import { bindParams, isNone, splitArgs } from './py-args.js';
import { defaultRelationPolicies } from './relation-policy.js';

/** Which parts of a relation name are quoted or included when it renders. */
export interface PartPolicy {
  database: boolean;
  schema: boolean;
  identifier: boolean;
}

/** The fields a Relation is built from. */
export interface RelationFields {
  database: string | null;
  schema: string | null;
  identifier: string | null;
  type: string | null;
  quotePolicy: PartPolicy;
  includePolicy: PartPolicy;
  /** dbt-duckdb: a source read from files renders as this expression instead of a name. */
  externalLocation?: string | null;
  quoteChar?: string;
}

const PARTS = ['database', 'schema', 'identifier'] as const;

const FILLED: unique symbol = Symbol('filled');

/** The fields `rel` was built from, to build a changed copy (a function, not a method: templates see every method). */
export function relationFields(rel: Relation): RelationFields {
  return {
    database: rel.database,
    schema: rel.schema,
    identifier: rel.identifier,
    type: rel.type,
    quotePolicy: rel.quote_policy,
    includePolicy: rel.include_policy,
    externalLocation: rel.external_location,
    quoteChar: rel.quote_character,
  };
}
const ALL_TRUE: PartPolicy = { database: true, schema: true, identifier: true };

/** The key of a relation's copy builder: a symbol, so templates never see it as a method. */
export const REBUILD: unique symbol = Symbol('rebuild');

/** The key of the string a relation's equality and hash compare. */
const EQUALITY_KEY: unique symbol = Symbol('equality');

/** The key of what a subclass adds to equality: how it reads its relation (a limit, a filter). */
export const READ_AS: unique symbol = Symbol('readAs');

/**
 * A relation (table, view, CTE) as templates see it. dbt's Relation is a Python Mapping over
 * its dataclass fields (`relation is mapping` holds, and dbt_utils' `_is_relation` relies on
 * it); a JS Map is how the template engine knows a host object is a mapping, so the fields
 * are mirrored as entries while attributes and methods stay on the object.
 */
export class Relation extends Map<string, unknown> {
  readonly database: string | null;
  readonly schema: string | null;
  readonly identifier: string | null;
  readonly type: string | null;
  readonly quote_policy: PartPolicy;
  readonly include_policy: PartPolicy;
  readonly external_location: string | null;
  readonly quote_character: string;

  constructor(fields: RelationFields) {
    super();
    this.database = fields.database;
    this.schema = fields.schema;
    this.identifier = fields.identifier;
    this.type = fields.type;
    this.quote_policy = fields.quotePolicy;
    this.include_policy = fields.includePolicy;
    this.external_location = fields.externalLocation ?? null;
    this.quote_character = fields.quoteChar ?? '"';
  }

  // The mapping entries are made when first read as a mapping: most relations (every ref() of
  // every model, twice per build) are only printed or read by attribute, and the entries were
  // most of what building one allocated. A symbol, so templates never see it as an attribute.
  [FILLED] = false;

  override get size(): number {
    fillEntries(this);
    return super.size;
  }

  override keys(): MapIterator<string> {
    fillEntries(this);
    return super.keys();
  }

  override values(): MapIterator<unknown> {
    fillEntries(this);
    return super.values();
  }

  override entries(): MapIterator<[string, unknown]> {
    fillEntries(this);
    return super.entries();
  }

  override [Symbol.iterator](): MapIterator<[string, unknown]> {
    fillEntries(this);
    return super[Symbol.iterator]();
  }

  override forEach(fn: (value: unknown, key: string, map: Map<string, unknown>) => void, thisArg?: unknown): void {
    fillEntries(this);
    super.forEach(fn, thisArg);
  }

  override delete(key: string): boolean {
    fillEntries(this);
    return super.delete(key);
  }

  override clear(): void {
    fillEntries(this);
    super.clear();
  }

  /**
   * Python's `Mapping.get(key, default)`. `metadata` answers `{'type': ...Relation}` as dbt's
   * relations do, which is how packages (dbt_utils' `_is_relation`) recognise a relation.
   */
  override get(key: string, dflt: unknown = null): unknown {
    if (key === 'metadata') return { type: 'BaseRelation' };
    if (ENTRY_KEYS.has(key)) {
      fillEntries(this);
      if (super.has(key)) return super.get(key);
    }
    const value = this.attribute(key);
    return value === undefined ? dflt : value;
  }

  /** `key in relation` and `relation[key]`: dbt looks a key up as an attribute, so names like `schema` count. */
  override has(key: string): boolean {
    if (ENTRY_KEYS.has(key)) {
      fillEntries(this);
      if (super.has(key)) return true;
    }
    return this.attribute(key) !== undefined;
  }

  private attribute(key: unknown): unknown {
    if (typeof key !== 'string' || key === 'constructor' || key in Map.prototype || !(key in this)) return undefined;
    const value: unknown = (this as unknown as Record<string, unknown>)[key];
    return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(this) : value;
  }

  /** Relations are read-only: templates cannot add mapping entries. */
  override set(): this {
    throw new TypeError("'Relation' object does not support item assignment");
  }

  /** dbt's `Relation.create(database, schema, identifier, type)`; quoting follows `quotePolicy`. */
  static create(quotePolicy: PartPolicy, raw: readonly unknown[]): Relation {
    const p = bindParams(raw, ['database', 'schema', 'identifier', 'type']);
    const { kwargs } = splitArgs(raw);
    const qp = { ...quotePolicy, ...policyFrom(kwargs['quote_policy']) };
    const ip = { ...ALL_TRUE, ...policyFrom(kwargs['include_policy']) };
    return new Relation({
      database: strOrNull(p['database']),
      schema: strOrNull(p['schema']),
      identifier: strOrNull(p['identifier']),
      type: strOrNull(p['type']),
      quotePolicy: qp,
      includePolicy: ip,
    });
  }

  get name(): string | null {
    return this.identifier;
  }
  get table(): string | null {
    return this.identifier;
  }
  get is_table(): boolean {
    return this.type === 'table';
  }
  get is_view(): boolean {
    return this.type === 'view';
  }
  get is_cte(): boolean {
    return this.type === 'cte';
  }
  get is_materialized_view(): boolean {
    return this.type === 'materialized_view';
  }
  get is_pointer(): boolean {
    return this.type === 'pointer_table';
  }
  get path(): { database: string | null; schema: string | null; identifier: string | null } {
    return { database: this.database, schema: this.schema, identifier: this.identifier };
  }

  private with(changes: Partial<RelationFields>): Relation {
    return this[REBUILD]({ ...relationFields(this), ...changes });
  }

  /**
   * The changed copy include(), quote(), incorporate()... return. dbt makes it with a dataclass
   * replace, which keeps how the relation is read (--empty's limit, an event-time filter): a
   * subclass that reads its relation differently rebuilds itself the same way.
   */
  [REBUILD](fields: RelationFields): Relation {
    return new Relation(fields);
  }

  /** `relation.include(database=False)`: a copy rendering only the chosen parts. */
  include(...raw: unknown[]): Relation {
    return this.with({ includePolicy: updatePolicy(this.include_policy, raw) });
  }

  /** `relation.quote(identifier=False)`: a copy with a changed quote policy. */
  quote(...raw: unknown[]): Relation {
    return this.with({ quotePolicy: updatePolicy(this.quote_policy, raw) });
  }

  /** `relation.incorporate(path={...}, type=...)`: a copy with some parts replaced. */
  incorporate(...raw: unknown[]): Relation {
    const { kwargs } = splitArgs(raw);
    const changes: Partial<RelationFields> = {};
    const path = kwargs['path'];
    if (path && typeof path === 'object') {
      const pathObj = path as Record<string, unknown>;
      for (const part of PARTS) if (part in pathObj) changes[part] = strOrNull(pathObj[part]);
    }
    if ('type' in kwargs) changes.type = strOrNull(kwargs['type']);
    return this.with(changes);
  }

  /** `relation.replace_path(identifier=...)`. */
  replace_path(...raw: unknown[]): Relation {
    const { kwargs } = splitArgs(raw);
    const changes: Partial<RelationFields> = {};
    for (const part of PARTS) if (part in kwargs) changes[part] = strOrNull(kwargs[part]);
    return this.with(changes);
  }

  /** `relation.without_identifier()`: the schema the relation lives in, with no identifier left in its path (as dbt's). */
  without_identifier(): Relation {
    return this.with({ identifier: null, includePolicy: { ...this.include_policy, identifier: false } });
  }

  /** `relation.information_schema(view_name)`: `"db".INFORMATION_SCHEMA.view`, as dbt's InformationSchema renders it. */
  information_schema(viewName?: unknown): Relation {
    return new Relation({
      database: this.database,
      schema: 'INFORMATION_SCHEMA',
      identifier: isNone(viewName) ? null : String(viewName),
      type: 'view',
      quotePolicy: { database: this.quote_policy.database, schema: false, identifier: false },
      includePolicy: { database: true, schema: true, identifier: !isNone(viewName) },
      quoteChar: this.quote_character,
    });
  }

  /** The rendered name, exactly what `{{ relation }}` prints. */
  render(): string {
    if (this.external_location) return this.external_location;
    // Joined as it goes (every ref() in every model renders one of these: no parts array).
    let out: string | undefined;
    for (const part of PARTS) {
      const value = this[part];
      if (!this.include_policy[part] || value === null || value === '') continue;
      const text = this.quote_policy[part] ? quoteWith(value, this.quote_character) : value;
      out = out === undefined ? text : `${out}.${text}`;
    }
    return out ?? '';
  }

  /** Python's `str(relation)`. */
  override toString(): string {
    return this.render();
  }

  __str__(): string {
    return this.render();
  }

  /** Python's repr(), as a relation prints inside a list or dict: dbt-duckdb's class and the rendered name. */
  __repr__(): string {
    return `<DuckDBRelation ${this.render()}>`;
  }

  /**
   * `relation1 == relation2`: dbt's relation is a frozen dataclass compared field by field, so
   * the same table named with another type (a ref() has none, the warehouse's has one), quoting,
   * include policy, --empty limit or event-time filter is another relation.
   */
  __eq__(other: unknown): boolean {
    return other instanceof Relation && other[EQUALITY_KEY]() === this[EQUALITY_KEY]();
  }

  /**
   * The key a dict or set files the relation under. Python finds a dict entry when the hash
   * (dbt's is the rendered name) matches and the relations are equal; a key made of every field
   * compared gives the same answers. The tag keeps it apart from the plain string of the name.
   */
  hashIdentity(): string {
    return `\u0000relation${this[EQUALITY_KEY]()}`;
  }

  /** Every field dbt's equality compares, as one string (a symbol, so templates never see it). */
  [EQUALITY_KEY](): string {
    const policy = (p: PartPolicy): string => PARTS.map((part) => (p[part] ? '1' : '0')).join('');
    return JSON.stringify([this.database, this.schema, this.identifier, this.type, policy(this.quote_policy), policy(this.include_policy), this.quote_character, this.external_location, this[READ_AS]()]);
  }

  /** How the relation is read when printed (dbt's limit and event_time_filter fields): none for a plain relation. */
  [READ_AS](): string | null {
    return null;
  }
}

/** dbt's InformationSchema relation of a database, as get_catalog receives it: `"db".INFORMATION_SCHEMA`, the database quoted as the project quotes it. */
export function informationSchemaRelation(database: string, quotePolicy: PartPolicy): Relation {
  return new Relation({
    database,
    schema: null,
    identifier: 'INFORMATION_SCHEMA',
    type: null,
    quotePolicy: { database: quotePolicy.database, schema: false, identifier: false },
    includePolicy: { database: true, schema: false, identifier: true },
  });
}

/**
 * The only keys a relation's mapping can hold (`set` refuses any other): reading any other name,
 * as templates read `this.schema`, is an attribute lookup that needs no entries made.
 */
const ENTRY_KEYS: ReadonlySet<unknown> = new Set(['path', 'type', 'quote_character', 'include_policy', 'quote_policy']);

/** Makes a relation's mapping entries (see Relation), once. */
function fillEntries(rel: Relation): void {
  if (rel[FILLED]) return;
  rel[FILLED] = true;
  const set = Map.prototype.set;
  set.call(rel, 'path', rel.path);
  set.call(rel, 'type', rel.type);
  set.call(rel, 'quote_character', rel.quote_character);
  set.call(rel, 'include_policy', { ...rel.include_policy });
  set.call(rel, 'quote_policy', { ...rel.quote_policy });
}

/** The prefix dbt gives the CTE name of an ephemeral model. */
export const EPHEMERAL_PREFIX = '__dbt__cte__';

/** The names of dbt's relation types, as `api.Relation.Table`, `.View`... give them to pass as `type=`. */
const RELATION_TYPES = { Table: 'table', View: 'view', CTE: 'cte', External: 'external', MaterializedView: 'materialized_view', PointerTable: 'pointer_table' } as const;

/** dbt's `api.Relation` class as templates reach it: `create(...)`, `add_ephemeral_prefix(name)`, the type names and its default policies. */
export function relationApi(quotePolicy: PartPolicy): { create: (...raw: unknown[]) => Relation; add_ephemeral_prefix: (name: unknown) => string } & typeof RELATION_TYPES & ReturnType<typeof defaultRelationPolicies> {
  return {
    create: (...raw: unknown[]) => Relation.create(quotePolicy, raw),
    add_ephemeral_prefix: (name: unknown) => `${EPHEMERAL_PREFIX}${String(name)}`,
    ...RELATION_TYPES,
    ...defaultRelationPolicies(),
  };
}

/** Quotes one identifier with the given quote character, doubling embedded ones. */
export function quoteWith(name: string, q = '"'): string {
  return name.includes(q) ? q + name.split(q).join(q + q) + q : q + name + q;
}

function updatePolicy(current: PartPolicy, raw: readonly unknown[]): PartPolicy {
  const p = bindParams(raw, ['database', 'schema', 'identifier']);
  const next = { ...current };
  for (const part of PARTS) if (!isNone(p[part])) next[part] = Boolean(p[part]);
  return next;
}

function policyFrom(value: unknown): Partial<PartPolicy> {
  if (!value || typeof value !== 'object') return {};
  const out: Partial<PartPolicy> = {};
  for (const part of PARTS) {
    const v = (value as Record<string, unknown>)[part];
    if (!isNone(v)) out[part] = Boolean(v);
  }
  return out;
}

function strOrNull(value: unknown): string | null {
  return isNone(value) ? null : String(value);
}
