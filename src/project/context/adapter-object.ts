// dbt's `adapter` object: dispatch, quoting, and warehouse introspection through the
// synchronous DatabaseBridge. While parsing (execute=False) nothing touches the database:
// lookups answer "nothing there", as dbt's parse-time adapter effectively does.
import { userError } from '../../core/diagnostic.js';
import { pyStr } from '../../templating/index.js';
import type { RenderCore } from './render-core.js';
import type { RenderState } from './render-state.js';
import type { DatabaseBridge } from './database-bridge.js';
import { approximateMatchError } from './approximate-match.js';
import { Relation, quoteWith, relationApi } from './relation.js';
import { asRelation, relationOf } from './adapter-relations.js';
import { runtimeConfigOf } from './runtime-config.js';
import { Column, columnApi } from './column.js';
import { Table } from './agate-table.js';
import { bindParams, isNone } from './py-args.js';
import { behaviorFlags } from './behavior-flags.js';
import * as duckdb from './duckdb-adapter-methods.js';
import { assertSnapshotColumns, hardDeletesBehavior } from './snapshot-adapter-methods.js';
import { DUCKDB_STRATEGIES, invalidStrategyError, refusedByName, strategyMacroName } from './incremental-strategies.js';

/** dbt's AdapterResponse: what a statement reports; prints as its message. */
export class AdapterResponse {
  constructor(
    readonly _message: string,
    readonly code: string | null,
    readonly rows_affected: number | null,
    readonly query_id: string | null = null,
  ) {}
  toString(): string {
    return this._message;
  }
  /** Every field as dbt's to_dict() writes it, the unset ones as null. */
  toDict(): Record<string, unknown> {
    return { _message: this._message, code: this.code, rows_affected: this.rows_affected, query_id: this.query_id };
  }
  /** The fields that are set, as dbt's to_dict(omit_none=True) writes them (sources.json, a model's run result). */
  toSetDict(): Record<string, unknown> {
    return Object.fromEntries(Object.entries(this.toDict()).filter(([, v]) => v !== null));
  }
}

/**
 * The response dbt-duckdb's connection gives every query it runs: the message OK and nothing
 * else, since DuckDB reports no status code or row count for a statement.
 */
export function duckdbResponse(): AdapterResponse {
  return new AdapterResponse('OK', null, null);
}

function requireDb(core: RenderCore, what: string): DatabaseBridge {
  if (!core.bridge) throw userError('no-database', `${what} needs a database connection, and none is open for this command.`);
  return core.bridge;
}

// The members that are the same for every render of a project, made once per RenderCore.
const sharedMembers = new WeakMap<RenderCore, { behavior: unknown; relation: unknown; column: unknown }>();

function shared(core: RenderCore): { behavior: unknown; relation: unknown; column: unknown } {
  let members = sharedMembers.get(core);
  if (!members) {
    members = {
      behavior: behaviorFlags(core.project.project.flags),
      relation: relationApi(core.quotePolicy),
      column: columnApi(),
    };
    sharedMembers.set(core, members);
  }
  return members;
}

/**
 * dbt's `adapter` for one render. Its methods live on the class, not in closures made per
 * render: every generic test and most models reach `adapter` (through adapter.dispatch), and
 * tens of thousands of renders each building some fifty closures was much of a parse's garbage.
 * Templates get the methods bound to the render's object, as attribute access binds them.
 */
export class AdapterObject {
  /** Adapter methods whose project override is running: inside it, the method is the built-in one. */
  private running: Set<string> | undefined;

  constructor(
    protected readonly core: RenderCore,
    protected readonly state: RenderState,
  ) {}

  dispatch(...raw: unknown[]): unknown {
    const p = bindParams(raw, ['macro_name', 'macro_namespace', 'packages']);
    return this.core.dispatchCall(this.state, p['macro_name'], p['macro_namespace'], p['packages']);
  }

  type(): string {
    return this.core.adapterType;
  }

  get behavior(): unknown {
    return shared(this.core).behavior;
  }

  get Relation(): unknown {
    return shared(this.core).relation;
  }

  get Column(): unknown {
    return shared(this.core).column;
  }

  /** dbt's RuntimeConfig (`adapter.config`): the project's quoting, name, vars and args. */
  get config(): unknown {
    return runtimeConfigOf(this.core);
  }

  /** dbt-duckdb: the profile's external_root, where external models are written ('.' by default). */
  external_root(): string {
    const root = this.core.targetDict()['external_root'];
    return typeof root === 'string' && root !== '' ? root : '.';
  }

  /** dbt-duckdb: where an external model's files are read back (its file, or a glob over its folder). */
  external_read_location(...raw: unknown[]): string {
    return duckdb.duckdbExternalReadLocation(this.core.project.projectDir, raw);
  }

  quote(identifier: unknown): string {
    return this.q(String(identifier));
  }

  quote_as_configured(identifier: unknown, quoteKey: unknown): string {
    const key = String(quoteKey) as 'database' | 'schema' | 'identifier';
    return this.core.quotePolicy[key] === false ? String(identifier) : this.q(String(identifier));
  }

  quote_seed_column(column: unknown, quoteConfig: unknown): string {
    return quoteConfig === false ? String(column) : this.q(String(column));
  }

  /** dbt's `convert_type(agate_table, col_idx)`: the warehouse type for a table column (a query result keeps its own). */
  convert_type(...raw: unknown[]): string | null {
    const p = bindParams(raw, ['agate_table', 'col_idx']);
    const table = p['agate_table'];
    return table instanceof Table ? table.warehouseType(Number(p['col_idx'])) : null;
  }

  get_relation(...raw: unknown[]): Relation | null {
    const p = bindParams(raw, ['database', 'schema', 'identifier']);
    const { core, state } = this;
    if (!state.execute || !core.bridge) return null;
    const wanted = { database: isNone(p['database']) ? undefined : String(p['database']), schema: String(p['schema']), identifier: String(p['identifier']) };
    const info = core.bridge.getRelationSync(wanted);
    const approximate = info && approximateMatchError(wanted, info, (name) => this.q(name), core.quotePolicy);
    if (approximate) throw approximate;
    return info ? relationOf(core.quotePolicy, info) : null;
  }

  load_relation(relation: unknown): Relation | null {
    const r = asRelation(this.core.quotePolicy, relation);
    return this.get_relation(r.database, r.schema, r.identifier);
  }

  get_columns_in_relation(...args: unknown[]): unknown {
    const relation = args[0];
    return this.viaMacro('get_columns_in_relation', args, () => {
      const { core, state } = this;
      if (!state.execute || !core.bridge) return [];
      const r = asRelation(core.quotePolicy, relation);
      // A relation without a schema is a temporary table (make_temp_relation's on DuckDB): as
      // dbt-duckdb does, it is looked up by name alone, which finds the session's temporary tables.
      if (isNone(r.schema) || r.schema === '') return this.columnsByName(r.identifier ?? '');
      return core.bridge
        .getColumnsSync({ database: r.database ?? undefined, schema: r.schema, identifier: r.identifier ?? '' })
        // As dbt-duckdb builds api.Column from information_schema's row: size, precision, scale.
        .map((c) => new Column(c.name, c.dataType, c.charSize ?? null, c.precision ?? null, c.scale ?? null));
    });
  }

  // The columns of the first relation of that name in any schema, a temporary table first.
  private columnsByName(identifier: string): Column[] {
    const sql = `select table_catalog || '.' || table_schema, column_name, data_type, character_maximum_length, numeric_precision, numeric_scale from information_schema.columns where table_name = ${quoteLiteral(identifier)} order by table_catalog = 'temp' desc, table_catalog, table_schema, ordinal_position`;
    const rows = this.run(sql).rows;
    // Only the first relation of that name: the temporary one, when there is one.
    const first = rows[0]?.[0];
    const size = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
    return rows.filter((row) => row[0] === first).map(([, name, type, len, precision, scale]) => new Column(String(name), String(type), size(len), size(precision), size(scale)));
  }

  /** dbt's get_column_schema_from_query(sql): the columns a query returns, found by describing it. */
  get_column_schema_from_query(sql: unknown): Column[] {
    if (!this.state.execute || !this.core.bridge) return [];
    // dbt runs the query itself, so a last line that is a comment or a closing semicolon is fine:
    // inside describe's parentheses the query ends its own line, and its semicolons are dropped.
    const query = pyStr(sql).replace(/[\s;]+$/u, '');
    return this.run(`describe (\n${query}\n)`).rows.map(([name, type]) => Column.from_description(name, type));
  }

  get_missing_columns(from: unknown, to: unknown): Column[] {
    const target = new Set((this.get_columns_in_relation(to) as Column[]).map((c) => c.name.toLowerCase()));
    return (this.get_columns_in_relation(from) as Column[]).filter((c) => !target.has(c.name.toLowerCase()));
  }

  /** dbt's get_hard_deletes_behavior(config): ignore, invalidate or new_record. */
  get_hard_deletes_behavior(config: unknown): string {
    return hardDeletesBehavior(config);
  }

  /** dbt's valid_snapshot_target(relation, column_names): raises unless the relation has the snapshot meta columns. */
  valid_snapshot_target(...raw: unknown[]): null {
    const p = bindParams(raw, ['relation', 'column_names']);
    assertSnapshotColumns(this.get_columns_in_relation(p['relation']) as Column[], p['column_names']);
    return null;
  }

  /** As valid_snapshot_target, and dbt_is_deleted too when the strategy records deletes as rows. */
  assert_valid_snapshot_target_given_strategy(...raw: unknown[]): null {
    const p = bindParams(raw, ['relation', 'column_names', 'strategy']);
    assertSnapshotColumns(this.get_columns_in_relation(p['relation']) as Column[], p['column_names'], p['strategy']);
    return null;
  }

  expand_target_column_types(): string {
    return '';
  }

  list_relations_without_caching(...args: unknown[]): unknown {
    const schemaRelation = args[0];
    return this.viaMacro('list_relations_without_caching', args, () => {
      const { core, state } = this;
      if (!state.execute || !core.bridge) return [];
      const r = asRelation(core.quotePolicy, schemaRelation);
      return core.bridge.listRelationsSync(r.database ?? core.bridge.defaultDatabase, r.schema ?? '').map((info) => relationOf(core.quotePolicy, info));
    });
  }

  list_relations(...raw: unknown[]): Relation[] {
    const p = bindParams(raw, ['database', 'schema']);
    const { core, state } = this;
    if (!state.execute || !core.bridge) return [];
    return core.bridge.listRelationsSync(String(p['database'] ?? core.bridge.defaultDatabase), String(p['schema'])).map((info) => relationOf(core.quotePolicy, info));
  }

  already_exists(schema: unknown, identifier: unknown): boolean {
    return this.get_relation(null, schema, identifier) !== null;
  }

  check_schema_exists(...args: unknown[]): unknown {
    const [database, schema] = args;
    return this.viaMacro('check_schema_exists', args, () => {
      if (!this.state.execute) return false;
      const db = isNone(database) ? requireDb(this.core, 'check_schema_exists').defaultDatabase : String(database);
      const res = this.run(`select count(*) from information_schema.schemata where catalog_name = ${quoteLiteral(db)} and schema_name = ${quoteLiteral(String(schema))}`);
      return Number(res.rows[0]?.[0] ?? 0) > 0;
    });
  }

  list_schemas(...args: unknown[]): unknown {
    const database = args[0];
    return this.viaMacro('list_schemas', args, () => {
      if (!this.state.execute) return [];
      const db = isNone(database) ? requireDb(this.core, 'list_schemas').defaultDatabase : String(database);
      return this.run(`select schema_name from information_schema.schemata where catalog_name = ${quoteLiteral(db)}`).rows.map((r) => r[0]);
    });
  }

  create_schema(...args: unknown[]): unknown {
    const relation = args[0];
    return this.viaMacro('create_schema', args, () => {
      const r = asRelation(this.core.quotePolicy, relation);
      return this.ddl(`create schema if not exists ${this.schemaRef(r.database, r.schema)}`);
    });
  }

  drop_schema(...args: unknown[]): unknown {
    const relation = args[0];
    return this.viaMacro('drop_schema', args, () => {
      const r = asRelation(this.core.quotePolicy, relation);
      return this.ddl(`drop schema if exists ${this.schemaRef(r.database, r.schema)} cascade`);
    });
  }

  drop_relation(...args: unknown[]): unknown {
    const relation = args[0];
    return this.viaMacro('drop_relation', args, () => {
      const r = asRelation(this.core.quotePolicy, relation);
      return this.ddl(`drop ${this.relationKind(r)} if exists ${r.render()} cascade`);
    });
  }

  truncate_relation(...args: unknown[]): unknown {
    return this.viaMacro('truncate_relation', args, () => this.ddl(`truncate ${asRelation(this.core.quotePolicy, args[0]).render()}`));
  }

  rename_relation(...args: unknown[]): unknown {
    const [from, to] = args;
    return this.viaMacro('rename_relation', args, () => {
      const a = asRelation(this.core.quotePolicy, from);
      const b = asRelation(this.core.quotePolicy, to);
      return this.ddl(`alter ${this.relationKind(a)} ${a.render()} rename to ${this.q(b.identifier ?? '')}`);
    });
  }

  execute(...raw: unknown[]): [AdapterResponse, Table] {
    const p = bindParams(raw, ['sql', 'auto_begin', 'fetch', 'limit']);
    if (!this.state.execute) return [new AdapterResponse('', null, null), new Table({ columns: [], rows: [], rowsChanged: 0 })];
    const result = this.run(String(p['sql']));
    const fetch = Boolean(p['fetch']);
    const limit = isNone(p['limit']) ? undefined : Number(p['limit']);
    const rows = fetch ? (limit === undefined ? result.rows : result.rows.slice(0, limit)) : [];
    const response = duckdbResponse();
    return [response, new Table({ columns: fetch ? result.columns : [], rows, rowsChanged: result.rowsChanged }, (text) => this.core.log('print', text))];
  }

  commit(): string {
    return '';
  }

  begin(): string {
    return '';
  }

  add_query(...raw: unknown[]): [null, null] {
    const p = bindParams(raw, ['sql']);
    if (this.state.execute) this.run(String(p['sql']));
    return [null, null];
  }

  cache_added(): string {
    return '';
  }

  cache_dropped(): string {
    return '';
  }

  cache_renamed(): string {
    return '';
  }

  valid_incremental_strategies(): string[] {
    return [...DUCKDB_STRATEGIES];
  }

  get_incremental_strategy_macro(...raw: unknown[]): unknown {
    const p = bindParams(raw, ['model_context', 'strategy']);
    // dbt looks the name up in the model's context (its own package, the root project, then dbt's), not through dispatch.
    const given = isNone(p['strategy']) ? 'default' : String(p['strategy']);
    // As dbt's adapter, which raises both refusals as runtime errors: one of dbt's own strategies
    // that dbt-duckdb does not list as valid, then a strategy with no macro.
    if (refusedByName(given)) throw invalidStrategyError(given, this.core.rootPackage);
    const name = strategyMacroName(given);
    const found = this.core.flatMacro(this.state, name);
    if (found) return found;
    throw invalidStrategyError(given, this.core.rootPackage);
  }

  // dbt runs these adapter methods through the macro of the same name, which a project may
  // override; while an override runs, the method inside it is the built-in one (no recursion).
  private viaMacro(name: string, args: unknown[], native: () => unknown): unknown {
    if (this.running?.has(name)) return native();
    const override = this.core.adapterMacroOverride(this.state, name);
    if (!override) return native();
    (this.running ??= new Set()).add(name);
    try {
      return override(...args);
    } finally {
      this.running.delete(name);
    }
  }

  protected run(sql: string): ReturnType<DatabaseBridge['executeSync']> {
    return requireDb(this.core, 'Running a query').executeSync(sql);
  }

  private q(name: string): string {
    return this.core.bridge ? this.core.bridge.dialect.quoteIdentifier(name) : quoteWith(name);
  }

  private schemaRef(database: unknown, schema: unknown): string {
    return isNone(database) || database === '' ? this.q(String(schema)) : `${this.q(String(database))}.${this.q(String(schema))}`;
  }

  private ddl(sql: string): string {
    if (this.state.execute) this.run(sql);
    return '';
  }

  private relationKind(r: Relation): string {
    if (r.type) return r.type === 'materialized_view' ? 'view' : r.type;
    const found = this.get_relation(r.database, r.schema, r.identifier);
    return found?.type ?? 'table';
  }
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
