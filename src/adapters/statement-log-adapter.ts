// dbt's --debug log of the SQL a command sends: each statement with the session it runs on,
// then its status and time, as dbt prints "On <node>: <sql>" and "SQL status: OK in 0.01 seconds".
import type { Adapter, ExecuteOptions, QueryResult } from './adapter.js';

/** Wraps an adapter so that every statement sent through execute/executeSync is logged with `log`. */
export function statementLoggingAdapter(inner: Adapter, log: (line: string) => void): Adapter {
  const before = (sql: string, options: ExecuteOptions | undefined): number => {
    log(`On ${options?.session ?? 'default'}: ${sql.trim()}`);
    return performance.now();
  };
  const after = (started: number, result: QueryResult | undefined): void => {
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const rows = result && result.rowsChanged > 0 ? ` ${result.rowsChanged}` : '';
    log(`SQL status: ${result ? `OK${rows}` : 'error'} in ${seconds} seconds`);
  };
  const execute = async (sql: string, options?: ExecuteOptions): Promise<QueryResult> => {
    const started = before(sql, options);
    let result: QueryResult | undefined;
    try {
      result = await inner.execute(sql, options);
      return result;
    } finally {
      after(started, result);
    }
  };
  const executeSync = (sql: string, options?: ExecuteOptions): QueryResult => {
    const started = before(sql, options);
    let result: QueryResult | undefined;
    try {
      result = inner.executeSync(sql, options);
      return result;
    } finally {
      after(started, result);
    }
  };
  // Everything else is the inner adapter's own, run on it (its internal queries are not logged).
  return new Proxy(inner, {
    get(target, prop) {
      if (prop === 'execute') return execute;
      if (prop === 'executeSync') return executeSync;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
