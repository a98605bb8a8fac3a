import { skipSpaceAndComments } from '../../core/sql-quotes.js';
import type { RelationInfo } from '../adapter.js';

/**
 * Relation lookups answered from earlier catalog reads until a statement may have changed
 * the catalog, as dbt's relation cache does. An incremental model asks whether its table
 * exists while rendering (is_incremental()) and again when it is built, and a build asks for
 * a target and its staging relation together; on a busy machine each catalog query costs
 * several milliseconds, a large share of a small incremental run.
 *
 * A read covers every relation whose lowercased name starts with a prefix (the empty prefix
 * lists the schema), so a lookup of `orders` also answers `orders__dbt_tmp`. Any statement
 * that is not a single plain query clears everything, before it is sent and again once it has
 * finished, and a read is kept only if no such statement ran while it was in flight: an
 * answer is never older than the last change this process made. Only the warehouse's own
 * file is cached: DuckDB's file lock keeps other processes from writing to it, while an
 * attached Postgres or SQLite database can change under us at any time, and `temp` differs
 * from one connection to the next.
 */
export class CatalogCache {
  private generation = 0;
  /** Reads by lowercased `database.schema`. */
  private readonly reads = new Map<string, { prefix: string; relations: RelationInfo[] }[]>();

  constructor(private readonly cachedDatabases: ReadonlySet<string>) {}

  /** The generation a read starts in; pass it to `store` when the read is done. */
  get now(): number {
    return this.generation;
  }

  /** Forgets everything: a statement that may create, drop or rename relations is about to run, or has run. */
  changed(): void {
    this.generation++;
    this.reads.clear();
  }

  /** Whether lookups in `database` may be answered from the cache. */
  covers(database: string): boolean {
    return this.cachedDatabases.has(database.toLowerCase());
  }

  /** The relation, `null` when a cached read shows it does not exist, `undefined` when no read covers it. */
  find(database: string, schema: string, identifier: string): RelationInfo | null | undefined {
    const name = identifier.toLowerCase();
    for (const read of this.reads.get(schemaKey(database, schema)) ?? []) {
      if (!name.startsWith(read.prefix)) continue;
      return read.relations.find((r) => r.identifier.toLowerCase() === name) ?? null;
    }
    return undefined;
  }

  /** The cached listing of a whole schema, if one was read. */
  listing(database: string, schema: string): RelationInfo[] | undefined {
    return this.reads.get(schemaKey(database, schema))?.find((r) => r.prefix === '')?.relations.slice();
  }

  /** Keeps the relations of `schema` whose names start with `prefix`, read in generation `at`. */
  store(at: number, database: string, schema: string, prefix: string, relations: RelationInfo[]): void {
    if (at !== this.generation || !this.covers(database)) return;
    const key = schemaKey(database, schema);
    const reads = this.reads.get(key) ?? [];
    reads.push({ prefix: prefix.toLowerCase(), relations: relations.slice() });
    this.reads.set(key, reads);
  }
}

function schemaKey(database: string, schema: string): string {
  return `${database.toLowerCase()}\u0000${schema.toLowerCase()}`;
}

const PLAIN_QUERY = /^(?:select|with|from|values|describe|show|summarize|insert|update|delete|merge)\b/iu;

/**
 * True when `sql` is one plain query (SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE)
 * or one row change (INSERT, UPDATE, DELETE, MERGE), which cannot change which relations exist. Anything else counts as a change, and so does a
 * text with a second statement after a semicolon; a semicolon inside a string literal only
 * costs a needless clear.
 */
export function leavesCatalogAlone(sql: string): boolean {
  const start = skipSpaceAndComments(sql);
  if (!PLAIN_QUERY.test(sql.slice(start, start + 10))) return false;
  const semicolon = sql.indexOf(';', start);
  return semicolon < 0 || sql.slice(semicolon + 1).trim() === '';
}
