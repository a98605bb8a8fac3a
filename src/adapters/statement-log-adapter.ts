// dbt's --debug log of the SQL a command sends: each statement with the session it runs on,
// then its status and time, as dbt prints "On <node>: <sql>" and "SQL status: OK in 0.012 seconds";
// a statement that fails is followed instead by the two lines dbt-duckdb's error handler logs.
// Each line is one of dbt's events (SQLQuery, SQLQueryStatus, AdapterEventDebug) with its fields,
// which tools reading the JSON log (lineage collectors) take the SQL and its outcome from.
import type { Adapter, ExecuteOptions, LookupOptions, QueryResult, SqlDialect } from './adapter.js';
import { joinStatements } from './statement-text.js';

/** One logged line of a statement's life: dbt's event name and its data fields. */
export interface StatementEvent {
  name: 'SQLQuery' | 'SQLQueryStatus' | 'AdapterEventDebug';
  data: Record<string, unknown>;
}

/**
 * Wraps an adapter so that every statement sent through execute/executeSync is logged with `log`.
 * `connection` names the connection dbt would log the statement on, when the caller knows it (a
 * node's statements go on the connection named after the node).
 */
export function statementLoggingAdapter(inner: Adapter, log: (line: string, event: StatementEvent) => void, connection: () => string | undefined = () => undefined): Adapter {
  // dbt-duckdb's adapter logger: its debug lines are dbt's AdapterEventDebug, named after the adapter.
  const duckdbDebug = (message: string): void => log(`DuckDB adapter: ${message}`, { name: 'AdapterEventDebug', data: { name: 'DuckDB', base_msg: message, args: [] } });
  const before = (sql: string, options: { session?: string | undefined } | undefined): number => {
    const conn = connection() ?? options?.session ?? 'default';
    log(`On ${conn}: ${sql.trim()}`, { name: 'SQLQuery', data: { conn_name: conn, sql: sql.trim() } });
    return performance.now();
  };
  // dbt-duckdb's response to every statement is `OK` (no row count), and dbt times it to the millisecond.
  // A statement DuckDB refuses gets no status: dbt-duckdb logs the SQL that failed and the
  // rollback it starts, before it raises the error as a Runtime Error.
  const after = (started: number, failed: boolean, sql: string): void => {
    if (failed) {
      duckdbDebug(`Error running SQL: ${sql.trim()}`);
      duckdbDebug('Rolling back transaction.');
      return;
    }
    const elapsed = (performance.now() - started) / 1000;
    log(`SQL status: OK in ${elapsed.toFixed(3)} seconds`, { name: 'SQLQueryStatus', data: { status: 'OK', elapsed } });
  };
  // An awaited send, logged before it goes and with its status, or its failure, after.
  const logged = async <T>(sql: string, options: ExecuteOptions | undefined, send: () => Promise<T>): Promise<T> => {
    const started = before(sql, options);
    let failed = true;
    try {
      const answer = await send();
      failed = false;
      return answer;
    } finally {
      after(started, failed, sql);
    }
  };
  const execute = (sql: string, options?: ExecuteOptions): Promise<QueryResult> => logged(sql, options, () => inner.execute(sql, options));
  const executeSync = (sql: string, options?: ExecuteOptions): QueryResult => {
    const started = before(sql, options);
    let failed = true;
    try {
      const result = inner.executeSync(sql, options);
      failed = false;
      return result;
    } finally {
      after(started, failed, sql);
    }
  };
  // Texts sent together are logged as the one text they make, as a single `execute` of them would be.
  const executeEach = inner.executeEach
    ? (texts: string[], options?: ExecuteOptions): Promise<QueryResult[]> => logged(joinStatements(texts), options, () => inner.executeEach!(texts, options))
    : undefined;
  // A template's catalog lookups (adapter.get_relation, get_columns_in_relation, list_relations):
  // the query each sends is logged as dbt logs its catalog queries; one the cache answers sends none.
  const lookup = (options: LookupOptions | undefined): LookupOptions => ({
    ...options,
    runStatement: (sql, params, run) => {
      const shown = withParams(sql, params, inner.dialect);
      const started = before(shown, options);
      let failed = true;
      try {
        const result = options?.runStatement ? options.runStatement(sql, params, run) : run();
        failed = false;
        return result;
      } finally {
        after(started, failed, shown);
      }
    },
  });
  const listRelationsSync: Adapter['listRelationsSync'] = (database, schema, options) => inner.listRelationsSync(database, schema, lookup(options));
  const getRelationSync: Adapter['getRelationSync'] = (relation, options) => inner.getRelationSync(relation, lookup(options));
  const getColumnsSync: Adapter['getColumnsSync'] = (relation, options) => inner.getColumnsSync(relation, lookup(options));
  // Everything else is the inner adapter's own, run on it (its internal queries are not logged).
  return new Proxy(inner, {
    get(target, prop) {
      if (prop === 'execute') return execute;
      if (prop === 'executeSync') return executeSync;
      if (prop === 'executeEach') return executeEach;
      if (prop === 'listRelationsSync') return listRelationsSync;
      if (prop === 'getRelationSync') return getRelationSync;
      if (prop === 'getColumnsSync') return getColumnsSync;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** A parameterized statement as the log shows it: each $n replaced by its value as a SQL literal, as dbt logs the SQL it sends. */
function withParams(sql: string, params: readonly unknown[], dialect: SqlDialect): string {
  if (params.length === 0) return sql;
  return sql.replace(/\$(\d+)/gu, (text, n: string) => {
    const value = params[Number(n) - 1];
    if (value === undefined) return text;
    if (value === null) return 'null';
    return typeof value === 'number' || typeof value === 'boolean' ? String(value) : dialect.quoteString(String(value));
  });
}
