// The `adapter` object of a render for its target: dbt's base adapter, or dbt-duckdb's with its
// own methods on top.
import { isNone } from './py-args.js';
import { asRelation } from './adapter-relations.js';
import { AdapterObject } from './adapter-object.js';
import * as duckdb from './duckdb-adapter-methods.js';
import type { RenderCore } from './render-core.js';
import type { RenderState } from './render-state.js';

/** Builds the `adapter` object for one render. */
export function adapterObject(core: RenderCore, state: RenderState): object {
  return core.adapterType === 'duckdb' ? new DuckDbAdapterObject(core, state) : new AdapterObject(core, state);
}

/** The adapter of a DuckDB target, with dbt-duckdb's own methods. */
class DuckDbAdapterObject extends AdapterObject {
  /** Relations name their database (DuckDB has ATTACH), as dbt-duckdb does on every DuckDB it supports. */
  use_database(): boolean {
    return true;
  }

  /** True when DuckDB can read the path (a file, a glob, a URL its extensions open). */
  location_exists(location: unknown): boolean {
    return duckdb.duckdbLocationExists(this.core, this.state, location);
  }

  /** The COPY option list for writing an external model's location. */
  external_write_options(...raw: unknown[]): string {
    return duckdb.duckdbExternalWriteOptions(raw);
  }

  /** Whether the output (or one of its attachments) is a MotherDuck database. */
  is_motherduck(): boolean {
    return duckdb.duckdbIsMotherDuck(this.core.targetDict());
  }

  /** The profile's disable_transactions: (builds then run without BEGIN/COMMIT). */
  disable_transactions(): boolean {
    return this.core.targetDict()['disable_transactions'] === true;
  }

  /** Whether the relation's database is a DuckLake catalog of the profile. */
  is_ducklake(relation: unknown): boolean {
    return !isNone(relation) && duckdb.duckdbIsDuckLake(this.core.targetDict(), asRelation(this.core.quotePolicy, relation).database);
  }

  /** The placeholder of a prepared statement's parameters (seeds' inserts). */
  get_binding_char(): string {
    return '?';
  }

  /** A warning shown once per command. */
  warn_once(msg: unknown): string {
    return duckdb.duckdbWarnOnce(this.core, this.state, msg);
  }

  /** A seed's file under its package's root. */
  get_seed_file_path(model: unknown): string {
    return duckdb.duckdbSeedFilePath(model);
  }
}
