import { DUCKDB_STRATEGIES, invalidStrategyError } from '../project/context/incremental-strategies.js';
import type { CompiledNode } from '../project/types.js';

/** The incremental strategies Reelhouse runs on DuckDB. */
export type IncrementalStrategy = (typeof DUCKDB_STRATEGIES)[number];

/** What an incremental model does when its query's columns differ from the target's. */
export type OnSchemaChange = 'ignore' | 'fail' | 'append_new_columns' | 'sync_all_columns';

const SCHEMA_MODES: readonly OnSchemaChange[] = ['ignore', 'fail', 'append_new_columns', 'sync_all_columns'];

/**
 * `unique_key` as a list of column names: a column, a list, or a comma-free string; empty when unset.
 * A key written already quoted (`unique_key='"Col_A"'`, which dbt pastes into its SQL as is) is
 * unwrapped to the bare name, since the strategies quote every column key themselves.
 */
export function uniqueKeyColumns(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => unquoteIdentifier(v.trim()));
}

const PLAIN_IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_$]*$/u;

/** `"name"` as `name` when name is a plain identifier; anything else unchanged (a quoted name with spaces stays SQL). */
function unquoteIdentifier(key: string): string {
  const quoted = /^"([^"]+)"$/u.exec(key);
  return quoted && PLAIN_IDENTIFIER.test(quoted[1] as string) ? (quoted[1] as string) : key;
}

/**
 * Whether a unique_key part is SQL rather than a column name (`id || '-' || kind`): dbt pastes
 * such a key into delete+insert as is, so it is used as an expression, never quoted.
 */
export function isKeyExpression(key: string): boolean {
  return !PLAIN_IDENTIFIER.test(key);
}

/**
 * The strategy a model runs with. Like dbt-duckdb, an unset (or `default`) strategy is
 * `delete+insert` when the model has a unique_key and `append` otherwise.
 */
export function incrementalStrategy(node: CompiledNode): IncrementalStrategy {
  const raw = node.config['incremental_strategy'];
  if (raw === undefined || raw === null || raw === '' || raw === 'default') {
    return uniqueKeyColumns(node.config['unique_key']).length > 0 ? 'delete+insert' : 'append';
  }
  const name = String(raw).toLowerCase();
  if ((DUCKDB_STRATEGIES as readonly string[]).includes(name)) return name as IncrementalStrategy;
  // dbt's adapter looks the strategy up when the model builds incrementally (a first or full build
  // never asks) and refuses it then, as a runtime error.
  throw invalidStrategyError(String(raw), node.package_name, { file: node.original_file_path });
}

/** Whether the model is configured as a microbatch model (read without validating the strategy). */
export function isMicrobatch(node: CompiledNode): boolean {
  return String(node.config['incremental_strategy'] ?? '').toLowerCase() === 'microbatch';
}

/** `on_schema_change`, defaulting to dbt's `ignore` (unknown values fall back to it, as dbt does after a warning). */
export function onSchemaChange(node: CompiledNode): OnSchemaChange {
  const raw = node.config['on_schema_change'];
  return typeof raw === 'string' && (SCHEMA_MODES as readonly string[]).includes(raw) ? (raw as OnSchemaChange) : 'ignore';
}

/** `incremental_predicates` (or its older name `predicates`, which dbt reads first) as a list of SQL conditions. */
export function incrementalPredicates(node: CompiledNode): string[] {
  const legacy = node.config['predicates'];
  const legacySet = Array.isArray(legacy) ? legacy.length > 0 : typeof legacy === 'string' && legacy !== '';
  const raw = legacySet ? legacy : node.config['incremental_predicates'];
  if (raw === undefined || raw === null) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.filter((p): p is string => typeof p === 'string' && p.trim() !== '');
}

/**
 * Whether this run rebuilds the model from scratch: the `full_refresh` config, when set,
 * overrides the `--full-refresh` flag (dbt's should_full_refresh()).
 */
export function shouldFullRefresh(node: CompiledNode, flag: boolean): boolean {
  const config = node.config['full_refresh'];
  if (config === true || config === false) return config;
  return flag;
}

/** A string or list config as a list of non-empty strings. */
export function stringList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string' && v !== '');
}
