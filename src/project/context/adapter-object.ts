// dbt's `adapter` object: dispatch, quoting, and warehouse introspection through the
// synchronous DatabaseBridge. While parsing (execute=False) nothing touches the database:
// lookups answer "nothing there", as dbt's parse-time adapter effectively does.
import { isAbsolute, resolve } from 'node:path';
import { userError } from '../../core/diagnostic.js';
import { pyStr } from '../../templating/index.js';
import type { RenderCore } from './render-core.js';
import type { RenderState } from './render-state.js';
import type { DatabaseBridge } from './database-bridge.js';
import { Relation, quoteWith, relationApi } from './relation.js';
import { Column } from './column.js';
import { Table } from './agate-table.js';
import { bindParams, isNone } from './py-args.js';
import { behaviorFlags } from './behavior-flags.js';
import { duckdbAdapterMethods } from './duckdb-adapter-methods.js';

/** dbt's AdapterResponse: what a statement reports; prints as its message. */
export class AdapterResponse {
  constructor(
    readonly _message: string,
    readonly code: string | null,
    readonly rows_affected: number | null,
  ) {}
  toString(): string {
    return this._message;
  }
}

function requireDb(core: RenderCore, what: string): DatabaseBridge {
  if (!core.bridge) throw userError('no-database', `${what} needs a database connection, and none is open for this command.`);
  return core.bridge;
}

function asRelation(core: RenderCore, value: unknown): Relation {
  if (value instanceof Relation) return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    return new Relation({
      database: isNone(v['database']) ? null : String(v['database']),
      schema: isNone(v['schema']) ? null : String(v['schema']),
      identifier: isNone(v['identifier']) ? (isNone(v['name']) ? null : String(v['name'])) : String(v['identifier']),
      type: isNone(v['type']) ? null : String(v['type']),
      quotePolicy: core.quotePolicy,
      includePolicy: { database: true, schema: true, identifier: true },
    });
  }
  throw userError('compiler-error', `Expected a relation, got ${pyStr(value)}`);
}

function relationOf(core: RenderCore, info: { database: string; schema: string; identifier: string; type: string }): Relation {
  return new Relation({
    database: info.database,
    schema: info.schema,
    identifier: info.identifier,
    type: info.type === 'external' ? 'table' : info.type,
    quotePolicy: core.quotePolicy,
    includePolicy: { database: true, schema: true, identifier: true },
  });
}

/** Builds the `adapter` object for one render. */
export function adapterObject(core: RenderCore, state: RenderState): Record<string, unknown> {
  const run = (sql: string): ReturnType<DatabaseBridge['executeSync']> => requireDb(core, 'Running a query').executeSync(sql);
  const q = (name: string): string => (core.bridge ? core.bridge.dialect.quoteIdentifier(name) : quoteWith(name));
  const schemaRef = (database: unknown, schema: unknown): string =>
    isNone(database) || database === '' ? q(String(schema)) : `${q(String(database))}.${q(String(schema))}`;

  const getRelation = (...raw: unknown[]): Relation | null => {
    const p = bindParams(raw, ['database', 'schema', 'identifier']);
    if (!state.execute || !core.bridge) return null;
    const info = core.bridge.getRelationSync({
      database: isNone(p['database']) ? undefined : String(p['database']),
      schema: String(p['schema']),
      identifier: String(p['identifier']),
    });
    return info ? relationOf(core, info) : null;
  };

  const columnsOf = (relation: unknown): Column[] => {
    if (!state.execute || !core.bridge) return [];
    const r = asRelation(core, relation);
    return core.bridge
      .getColumnsSync({ database: r.database ?? undefined, schema: r.schema ?? '', identifier: r.identifier ?? '' })
      .map((c) => new Column(c.name, c.dataType));
  };

  // dbt runs these adapter methods through the macro of the same name, which a project may
  // override; while an override runs, the method inside it is the built-in one (no recursion).
  const running = new Set<string>();
  const viaMacro = <F extends (...a: never[]) => unknown>(name: string, native: F): F =>
    ((...args: never[]) => {
      if (running.has(name)) return native(...args);
      const override = core.adapterMacroOverride(state, name);
      if (!override) return native(...args);
      running.add(name);
      try {
        return override(...args);
      } finally {
        running.delete(name);
      }
    }) as unknown as F;
  const columnsIn = viaMacro('get_columns_in_relation', columnsOf);

  const ddl = (sql: string): string => {
    if (state.execute) run(sql);
    return '';
  };

  const relationKind = (r: Relation): string => {
    if (r.type) return r.type === 'materialized_view' ? 'view' : r.type;
    const found = getRelation(r.database, r.schema, r.identifier);
    return found?.type ?? 'table';
  };

  return {
    dispatch: (...raw: unknown[]) => {
      const p = bindParams(raw, ['macro_name', 'macro_namespace', 'packages']);
      // dbt 1.x refuses the pre-1.0 `packages` argument rather than ignoring it (old package versions still pass it).
      if (!isNone(p['packages'])) {
        throw userError(
          'compiler-error',
          `The "packages" argument of adapter.dispatch() has been deprecated.\nUse the "macro_namespace" argument instead.\n\nRaised during dispatch for: ${String(p['macro_name'])}`,
          undefined,
          'Upgrade the package that calls it, or pass the namespace: adapter.dispatch(name, macro_namespace="<package>"). See https://docs.getdbt.com/reference/dbt-jinja-functions/dispatch',
        );
      }
      return core.dispatch(state, String(p['macro_name']), isNone(p['macro_namespace']) ? null : String(p['macro_namespace']));
    },
    type: () => core.adapterType,
    behavior: behaviorFlags(core.project.project.flags),
    ...(core.adapterType === 'duckdb' ? duckdbAdapterMethods(core, state) : {}),
    // dbt-duckdb: the profile's external_root, where external models are written ('.' by default).
    external_root: () => {
      const root = core.targetDict()['external_root'];
      return typeof root === 'string' && root !== '' ? root : '.';
    },
    // dbt-duckdb: where an external model's files are read back: its file, or a glob over its
    // partition folders. Relative locations are the project's, where they were written.
    external_read_location: (...raw: unknown[]) => {
      const p = bindParams(raw, ['write_location', 'rendered_options']);
      const written = pyStr(p['write_location']);
      const location = isAbsolute(written) || /^[a-z][a-z0-9+.-]*:\/\//iu.test(written) ? written : resolve(core.project.projectDir, written);
      const options = (p['rendered_options'] ?? {}) as Record<string, unknown>;
      const partitionBy = isNone(options['partition_by']) ? '' : pyStr(options['partition_by']);
      if (partitionBy === '') return location;
      const format = isNone(options['format']) ? 'parquet' : pyStr(options['format']);
      return `${location}/${'*/'.repeat(partitionBy.split(',').length)}*.${format}`;
    },
    quote: (identifier: unknown) => q(String(identifier)),
    quote_as_configured: (identifier: unknown, quoteKey: unknown) => {
      const key = String(quoteKey) as 'database' | 'schema' | 'identifier';
      return core.quotePolicy[key] === false ? String(identifier) : q(String(identifier));
    },
    quote_seed_column: (column: unknown, quoteConfig: unknown) => (quoteConfig === false ? String(column) : q(String(column))),
    get_relation: getRelation,
    load_relation: (relation: unknown) => {
      const r = asRelation(core, relation);
      return getRelation(r.database, r.schema, r.identifier);
    },
    get_columns_in_relation: columnsIn,
    get_missing_columns: (from: unknown, to: unknown) => {
      const target = new Set((columnsIn(to) as Column[]).map((c) => c.name.toLowerCase()));
      return (columnsIn(from) as Column[]).filter((c) => !target.has(c.name.toLowerCase()));
    },
    expand_target_column_types: () => '',
    list_relations_without_caching: viaMacro('list_relations_without_caching', (schemaRelation: unknown) => {
      if (!state.execute || !core.bridge) return [];
      const r = asRelation(core, schemaRelation);
      return core.bridge.listRelationsSync(r.database ?? core.bridge.defaultDatabase, r.schema ?? '').map((info) => relationOf(core, info));
    }),
    list_relations: (...raw: unknown[]) => {
      const p = bindParams(raw, ['database', 'schema']);
      if (!state.execute || !core.bridge) return [];
      return core.bridge.listRelationsSync(String(p['database'] ?? core.bridge.defaultDatabase), String(p['schema'])).map((info) => relationOf(core, info));
    },
    already_exists: (schema: unknown, identifier: unknown) => getRelation(null, schema, identifier) !== null,
    check_schema_exists: viaMacro('check_schema_exists', (database: unknown, schema: unknown) => {
      if (!state.execute) return false;
      const db = isNone(database) ? requireDb(core, 'check_schema_exists').defaultDatabase : String(database);
      const res = run(`select count(*) from information_schema.schemata where catalog_name = ${quoteLiteral(db)} and schema_name = ${quoteLiteral(String(schema))}`);
      return Number(res.rows[0]?.[0] ?? 0) > 0;
    }),
    list_schemas: viaMacro('list_schemas', (database: unknown) => {
      if (!state.execute) return [];
      const db = isNone(database) ? requireDb(core, 'list_schemas').defaultDatabase : String(database);
      return run(`select schema_name from information_schema.schemata where catalog_name = ${quoteLiteral(db)}`).rows.map((r) => r[0]);
    }),
    create_schema: viaMacro('create_schema', (relation: unknown) => {
      const r = asRelation(core, relation);
      return ddl(`create schema if not exists ${schemaRef(r.database, r.schema)}`);
    }),
    drop_schema: viaMacro('drop_schema', (relation: unknown) => {
      const r = asRelation(core, relation);
      return ddl(`drop schema if exists ${schemaRef(r.database, r.schema)} cascade`);
    }),
    drop_relation: viaMacro('drop_relation', (relation: unknown) => {
      const r = asRelation(core, relation);
      return ddl(`drop ${relationKind(r)} if exists ${r.render()} cascade`);
    }),
    truncate_relation: viaMacro('truncate_relation', (relation: unknown) => ddl(`truncate ${asRelation(core, relation).render()}`)),
    rename_relation: viaMacro('rename_relation', (from: unknown, to: unknown) => {
      const a = asRelation(core, from);
      const b = asRelation(core, to);
      return ddl(`alter ${relationKind(a)} ${a.render()} rename to ${q(b.identifier ?? '')}`);
    }),
    execute: (...raw: unknown[]) => {
      const p = bindParams(raw, ['sql', 'auto_begin', 'fetch', 'limit']);
      if (!state.execute) return [new AdapterResponse('', null, null), new Table({ columns: [], rows: [], rowsChanged: 0 })];
      const result = run(String(p['sql']));
      const fetch = Boolean(p['fetch']);
      const limit = isNone(p['limit']) ? undefined : Number(p['limit']);
      const rows = fetch ? (limit === undefined ? result.rows : result.rows.slice(0, limit)) : [];
      const response = new AdapterResponse('OK', 'OK', result.rowsChanged);
      return [response, new Table({ columns: fetch ? result.columns : [], rows, rowsChanged: result.rowsChanged }, (text) => core.log('print', text))];
    },
    commit: () => '',
    begin: () => '',
    add_query: (...raw: unknown[]) => {
      const p = bindParams(raw, ['sql']);
      if (state.execute) run(String(p['sql']));
      return [null, null];
    },
    cache_added: () => '',
    cache_dropped: () => '',
    cache_renamed: () => '',
    valid_incremental_strategies: () => ['append', 'delete+insert', 'merge', 'microbatch'],
    get_incremental_strategy_macro: (...raw: unknown[]) => {
      const p = bindParams(raw, ['model_context', 'strategy']);
      // dbt looks the name up in the model's context (its own package, the root project, then dbt's), not through dispatch.
      const strategy = (isNone(p['strategy']) ? 'default' : String(p['strategy'])).replace('+', '_');
      const name = `get_incremental_${strategy}_sql`;
      const found = core.flatMacro(state, name);
      if (found) return found;
      throw userError('compiler-error', `dbt could not find an incremental strategy macro with the name "${name}" in ${core.rootPackage}`);
    },
    Relation: relationApi(core.quotePolicy),
    Column: Object.assign((...raw: unknown[]) => Column.create(raw), { create: (...raw: unknown[]) => Column.create(raw) }),
  };
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
