import type { Adapter, RelationType } from '../adapters/adapter.js';
import type { CompiledNode } from '../project/types.js';

/** Everything a materialization needs to build one node. */
export interface MaterializeContext {
  /** The node with compiled_code rendered, config merged and database/schema/alias set. */
  node: CompiledNode;
  adapter: Adapter;
  /** Renders a hook's Jinja in the node's context (supplied by the run layer). */
  renderHook: (sql: string) => string;
  fullRefresh: boolean;
  /** The `--store-failures` flag: the default when a test sets no `store_failures`. */
  storeFailuresDefault: boolean;
  /** Custom schema of stored test failures; dbt's default is `dbt_test__audit`. */
  auditSchemaSuffix?: string;
  /** The target's schema (`target.schema`). */
  targetSchema: string;
  seedRows?: never;
}

/** Final status of one node, as run_results.json spells it. */
export type ExecutionStatus = 'success' | 'error' | 'skipped' | 'pass' | 'fail' | 'warn';

/** What building one node did. */
export interface NodeExecution {
  status: ExecutionStatus;
  /** dbt's wording: `OK`, `INSERT 3`, `PASS`, `FAIL 2`, `WARN 1`, or the database's error text. */
  message: string;
  /** Failing rows counted by a test; null for other nodes. */
  failures: number | null;
  rowsAffected: number | null;
  /** `{_message, code, rows_affected}` as dbt records it. */
  adapterResponse: Record<string, unknown>;
  timing: { name: 'compile' | 'execute'; started_at: string; completed_at: string }[];
  /** Every statement sent to the warehouse, in order (for target/run/). */
  executedSql: string[];
  /** The relation the node built, when it built one. */
  relation?: { database: string; schema: string; identifier: string; type: RelationType };
}

/** The part of a NodeExecution a materialization decides; timing and SQL are recorded around it. */
export interface BuildOutcome {
  status: ExecutionStatus;
  message: string;
  failures?: number | null;
  rowsAffected?: number | null;
  /** `code` of the adapter response (`INSERT`, `CREATE`...). */
  code?: string | null;
  relation?: NodeExecution['relation'];
}
