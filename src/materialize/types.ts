import type { Adapter, RelationType } from '../adapters/adapter.js';
import type { Diagnostic } from '../core/diagnostic.js';
import type { CompiledNode, MacroNode } from '../project/types.js';
import type { RelationHints } from './relation-hints.js';

/** Everything a materialization needs to build one node. */
export interface MaterializeContext {
  /** The node with compiled_code rendered, config merged and database/schema/alias set. */
  node: CompiledNode;
  adapter: Adapter;
  /**
   * Renders a hook's Jinja in the node's context (supplied by the run layer). With `session`
   * (the build's open transaction) the statements its templates run go to that session; with
   * `batch` (a microbatch model's first or last batch) `model.batch` is that batch's.
   */
  renderHook: (sql: string, session?: string, batch?: { start: Date; end: Date }) => string;
  fullRefresh: boolean;
  /** The `--store-failures` flag: the default when a test sets no `store_failures`. */
  storeFailuresDefault: boolean;
  /** Custom schema of stored test failures; dbt's default is `dbt_test__audit`. */
  auditSchemaSuffix?: string;
  /** The target's schema (`target.schema`). */
  targetSchema: string;
  /** The project's `quoting:` of relation names; a part set false is looked up in lower case, as dbt does. */
  quoting?: Partial<Record<'database' | 'schema' | 'identifier', boolean>>;
  /**
   * The node's own named session, when its templates ran statements while it compiled: as in
   * dbt, where a node compiles and runs on one connection, its SQL must see the temporary
   * tables those statements made, so it runs there too.
   */
  session?: string;
  seedRows?: never;
  /**
   * Renders a microbatch model's SQL for one batch (event_time filters on its inputs set to
   * `[start, end)`); supplied by the run layer. Without it, the compiled SQL's output is
   * filtered by the model's `event_time` column instead.
   */
  renderForBatch?: (bounds: { start: Date; end: Date }) => string;
  /** Microbatch run options: `--event-time-start/--event-time-end`, retries, progress. */
  microbatch?: MicrobatchRunOptions;
  /** A day-by-day reload of a (non-microbatch) incremental model; see day-reload.ts. */
  dayReload?: DayReloadOptions;
  /** The profile's `external_root`: where external models without a `location` are written. */
  externalRoot?: string;
  /** Base for relative external locations (the project directory); default: the working directory. */
  projectDir?: string;
  /** The clock (snapshot times, microbatch `now`); default: the system clock. */
  now?: () => Date;
  /** Runs the project's own `{% materialization %}` blocks; without it only built-in materializations run. */
  jinja?: JinjaMaterializationHost;
  /**
   * Receives the statements a `{% materialization %}` block sent before it raised, so the run
   * layer can still write them to target/run (dbt writes `main` there before sending it).
   */
  onFailedSql?: (statements: string[]) => void;
  /**
   * Called once, just before the node's main statement is first sent (dbt's statement('main')
   * logs that it writes the node's runtime SQL then); the run layer logs the line.
   */
  onMainStatement?: () => void;
  /**
   * Reports a warning dbt fires while the node runs (a snapshot's timestamp types); it throws when
   * --warn-error makes the warning an error, failing the node as dbt's warn_or_error does.
   */
  warn?: (warning: Diagnostic) => void;
  /** The invocation's knowledge of which relations stand where: a one-call build then sends only the drops it needs. */
  relationHints?: RelationHints;
}

/** What running a `{% materialization %}` macro needs from the run layer (see jinja-materialization.ts). */
export interface JinjaMaterializationHost {
  /** Every macro of the project, its packages and dbt's, by unique_id. */
  macros: Record<string, MacroNode>;
  /** The root project's name: its macros win over the packages'. */
  rootPackage: string;
  /** dbt_project.yml `dispatch:`: the packages adapter.dispatch searches per macro namespace. */
  dispatch?: readonly { macro_namespace: string; search_order: readonly string[] }[];
  /**
   * The root project set require_explicit_package_overrides_for_builtin_materializations to
   * false: an installed package's block for a built-in name (test) runs, as in dbt.
   */
  packageOverrides?: boolean;
  /**
   * Renders Jinja in the node's context (execute=True) with `extraContext` names added. With
   * `session`, the statements the template issues (run_query, statement) run on that session:
   * inside the caller's open transaction they see what it has staged, as on dbt's one connection.
   */
  render(sql: string, extraContext: Record<string, unknown>, session?: string): string;
}

/** How a microbatch model's batches are chosen and run in one invocation. */
export interface MicrobatchRunOptions {
  /** `--event-time-start`: first batch starts at this time (floored to the batch size). */
  eventTimeStart?: Date;
  /** `--event-time-end`: batches end at this time (ceiled to the batch size). */
  eventTimeEnd?: Date;
  /** Run only these batches (what `retry` re-runs): `[start, end)` ISO strings as in batchResults.failed. */
  onlyBatches?: [string, string][];
  /** Extra attempts for a failed batch before it is reported failed; default 0, as dbt runs each batch once. */
  retries?: number;
  /** Called after each batch, for progress output. */
  onBatch?: (progress: BatchProgress) => void;
  /** Called as a batch's main statement is about to be sent (after the first batch's pre-hooks), where dbt's statement('main') announces its runtime SQL. */
  beforeMain?: (batch: { start: Date; end: Date }) => void;
}

/** How an incremental model is reloaded one day at a time (`--event-time-start/--event-time-end`). */
export interface DayReloadOptions {
  /** The days to run, in order, as `[day, next day]` (`YYYY-MM-DD`), the shape of batchResults. */
  days: [string, string][];
  /** Renders the model for one day; `incremental` says whether that day writes into the existing table. */
  renderForDay: (day: { start: string; end: string; incremental: boolean }) => string;
  /** Extra attempts for a failed day before it is reported; default 1. */
  retries?: number;
  /** Resuming a failed reload (`retry`): the first day writes into the days already committed, never full-refreshes. */
  resume?: boolean;
  /** Called when a day starts and when it ends, for progress output. */
  onDay?: (progress: DayProgress) => void;
}

/** A day of a day-by-day reload starting or finished. */
export interface DayProgress {
  index: number;
  total: number;
  day: string;
  phase: 'start' | 'success' | 'error';
  rowsAffected: number;
  attempts: number;
  message: string;
}

/** One finished batch of a microbatch model. */
export interface BatchProgress {
  index: number;
  total: number;
  start: Date;
  end: Date;
  /** `skipped`: not run, because the first batch failed (as dbt skips the rest). */
  status: 'success' | 'error' | 'skipped';
  rowsAffected: number;
  attempts: number;
  message: string;
  /** What a failed batch threw, for the heading of its error (a compilation or a runtime error). */
  error?: unknown;
  /** The statements the batch's last attempt sent (for its own target/run file). */
  statements: string[];
}

/** Batches of a microbatch model that succeeded and failed, as run_results.json records them (`batch_results`). */
export interface BatchResults {
  successful: [string, string][];
  failed: [string, string][];
}

/** Final status of one node, as run_results.json spells it (`partial success`: some of a microbatch model's batches failed). */
export type ExecutionStatus = 'success' | 'error' | 'skipped' | 'pass' | 'fail' | 'warn' | 'partial success';

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
  /** Every statement sent to the warehouse, in order (error reports find the failing one here). */
  executedSql: string[];
  /**
   * The materialization's `main` statement(s), what dbt writes to target/run; empty when it
   * sent none (target/run then holds executedSql).
   */
  mainSql: string[];
  /** The relation the node built, when it built one. */
  relation?: { database: string; schema: string; identifier: string; type: RelationType };
  /** Microbatch models: which batches succeeded and failed. */
  batchResults?: BatchResults;
}

/** The part of a NodeExecution a materialization decides; timing and SQL are recorded around it. */
export interface BuildOutcome {
  status: ExecutionStatus;
  message: string;
  failures?: number | null;
  rowsAffected?: number | null;
  /** `code` of the adapter response (`INSERT`, `CREATE`...). */
  code?: string | null;
  /** The adapter response as the run result records it, when it is not built from message, code and rows. */
  adapterResponse?: Record<string, unknown>;
  relation?: NodeExecution['relation'];
  batchResults?: BatchResults;
}
