import type { Adapter, RelationRef, RelationType } from '../adapters/adapter.js';

/**
 * Which relations stand in a schema, as far as one invocation knows: the schema is listed once,
 * at its first build, and each build that goes through here then records what it made, as
 * dbt's relation cache is filled at the start of a run and kept up to date by its
 * materializations. A one-call build uses it to send only the drops that have something to
 * drop (on a busy machine each needless `drop ... if exists` costs DuckDB a statement).
 *
 * It is a hint, never the truth: a hook or a run_query may have changed the catalog since. A
 * wrong hint cannot build anything wrong, because the build is one transaction that DuckDB
 * refuses (a rename onto a relation that exists, a create of a leftover that exists, a drop of
 * the wrong type), so it rolls back and the step-by-step path, which looks first, runs instead.
 */
export class RelationHints {
  private readonly schemas = new Map<string, Promise<Listing | undefined>>();

  constructor(private readonly adapter: Adapter) {}

  /** The relations of `ref`'s schema by lowercased name; undefined when the schema could not be listed or is not the adapter's own database. */
  async schema(ref: RelationRef): Promise<Map<string, RelationType> | undefined> {
    return (await this.listing(ref))?.types;
  }

  /** The schema and name, as the catalog spells them, of the relation standing at `ref`'s name in any letter case; undefined for none or no listing. */
  async standing(ref: RelationRef): Promise<{ schema: string; identifier: string } | undefined> {
    return (await this.listing(ref))?.names.get(ref.identifier.toLowerCase());
  }

  /** Records a finished build: `target` stands as `type`, and the names it cleared (its staging name, leftovers) are free. */
  async built(cleared: readonly RelationRef[], target: RelationRef, type: RelationType): Promise<void> {
    const known = await this.schemas.get(this.key(target));
    if (!known) return;
    for (const ref of cleared) {
      known.types.delete(ref.identifier.toLowerCase());
      known.names.delete(ref.identifier.toLowerCase());
    }
    known.types.set(target.identifier.toLowerCase(), type);
    known.names.set(target.identifier.toLowerCase(), { schema: target.schema, identifier: target.identifier });
  }

  private listing(ref: RelationRef): Promise<Listing | undefined> {
    // An attached database (Postgres, another file) may change under us at any time.
    if (ref.database !== undefined && ref.database.toLowerCase() !== this.adapter.defaultDatabase.toLowerCase()) return Promise.resolve(undefined);
    const key = this.key(ref);
    let listing = this.schemas.get(key);
    if (!listing) {
      listing = this.list(ref);
      this.schemas.set(key, listing);
    }
    return listing;
  }

  private key(ref: RelationRef): string {
    return `${(ref.database ?? this.adapter.defaultDatabase).toLowerCase()}\u0000${ref.schema.toLowerCase()}`;
  }

  private async list(ref: RelationRef): Promise<Listing | undefined> {
    try {
      const relations = await this.adapter.listRelations(ref.database ?? this.adapter.defaultDatabase, ref.schema);
      return {
        types: new Map(relations.map((r) => [r.identifier.toLowerCase(), r.type])),
        names: new Map(relations.map((r) => [r.identifier.toLowerCase(), { schema: r.schema, identifier: r.identifier }])),
      };
    } catch {
      return undefined;
    }
  }
}

/** A schema's relations by lowercased name: their types, and their names as the catalog spells them. */
interface Listing {
  types: Map<string, RelationType>;
  names: Map<string, { schema: string; identifier: string }>;
}
