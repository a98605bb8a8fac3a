// dbt's config merge rules (dbt-core NodeConfig merge behaviours): `tags` and hooks
// accumulate from every level, dict-valued configs (meta, quoting, column_types, docs,
// contract) are merged key by key, `grants` keys are replaced unless written with a leading
// `+` (then appended), and everything else is replaced by the more specific level, persist_docs
// too: dbt declares it with no merge behaviour, so a model's {columns: true} drops the
// project's {relation: true}. Used for dbt_project.yml levels, YAML `config:` blocks and config() calls.
import { userError, type SourceLocation } from '../../core/diagnostic.js';
import type { CompiledNode, Hook, NodeConfig, ResourceType } from '../types.js';

const APPEND = new Set(['tags', 'pre-hook', 'post-hook', 'packages']);
const UPDATE = new Set(['meta', 'quoting', 'column_types', 'docs', 'contract']);

/**
 * Canonical spelling of a config key: `pre_hook` -> `pre-hook`. A leading `+` stays: it marks a
 * config only in dbt_project.yml (config-tree.ts strips it there); in a properties file's
 * config: or a config() call, dbt takes `+materialized` as a key of its own that sets nothing.
 */
export function normalizeConfigKey(key: string): string {
  if (key === 'pre_hook') return 'pre-hook';
  if (key === 'post_hook') return 'post-hook';
  return key;
}

/** A hook value as written (string, `{sql, transaction}`, or a list of those) as Hook objects. */
export function toHooks(value: unknown): Hook[] {
  if (value === null || value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  const hooks: Hook[] = [];
  for (const item of list) {
    if (item === null || item === undefined) continue;
    if (typeof item === 'string') {
      // before_begin()/after_commit() render to a JSON object carrying `transaction`.
      const t = item.trim();
      if (t.startsWith('{') && t.endsWith('}') && !t.startsWith('{{') && !t.startsWith('{%')) {
        try {
          const parsed = JSON.parse(t) as unknown;
          if (parsed && typeof parsed === 'object' && typeof (parsed as Hook).sql === 'string') {
            hooks.push({ sql: (parsed as Hook).sql, transaction: (parsed as Hook).transaction !== false, index: null });
            continue;
          }
        } catch {
          // not JSON: an ordinary SQL string
        }
      }
      hooks.push({ sql: item, transaction: true, index: null });
    } else if (typeof item === 'object' && typeof (item as { sql?: unknown }).sql === 'string') {
      const h = item as { sql: string; transaction?: unknown; index?: unknown };
      hooks.push({ sql: h.sql, transaction: h.transaction !== false, index: typeof h.index === 'number' ? h.index : null });
    } else {
      hooks.push({ sql: String(item), transaction: true, index: null });
    }
  }
  return hooks;
}

function toTags(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.map((v) => String(v));
  return [String(value)];
}

function isDict(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Normalizes the keys and value shapes of one config layer (hooks to Hook[], tags to a list). */
export function normalizeConfig(layer: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, value] of Object.entries(layer)) {
    const key = normalizeConfigKey(rawKey);
    if (key === 'pre-hook' || key === 'post-hook') out[key] = [...((out[key] as Hook[] | undefined) ?? []), ...toHooks(value)];
    else if (key === 'tags') out[key] = toTags(value);
    else out[key] = value;
  }
  return out;
}

/**
 * Sets each key of `layer` over `target` whole, in place: dbt builds unrendered_config by plain
 * dict updates, so a later level's tags or meta replace an earlier level's instead of merging.
 * Keys are kept as given (dbt translates no hook names there).
 */
export function updateUnrendered(target: Record<string, unknown>, layer: Record<string, unknown>): Record<string, unknown> {
  for (const key in layer) if (Object.prototype.hasOwnProperty.call(layer, key)) target[key] = layer[key];
  return target;
}

/** Merges a more specific config layer over a base with dbt's rules; returns a new object. */
export function mergeConfig<T extends Record<string, unknown>>(base: T, override: Record<string, unknown>): T {
  return mergeConfigInto({ ...base }, override);
}

/**
 * mergeConfig of `first` and then `second` over `base`, as a new object; `base` itself when both
 * layers are empty (most YAML entries set no config: their node keeps the object it has).
 */
export function mergeLayers<T extends Record<string, unknown>>(base: T, first: Record<string, unknown>, second: Record<string, unknown>): T {
  if (isEmpty(first) && isEmpty(second)) return base;
  return mergeConfigInto(mergeConfig(base, first), second);
}

function isEmpty(record: Record<string, unknown>): boolean {
  for (const key in record) if (Object.prototype.hasOwnProperty.call(record, key)) return false;
  return true;
}

/**
 * mergeConfig into `target` itself, for a config object its caller just made and owns (the load
 * builds one per node: tens of thousands of copies saved). Values already in `out` are never
 * mutated, only replaced, so they may be shared.
 */
export function mergeConfigInto<T extends Record<string, unknown>>(target: T, override: Record<string, unknown>): T {
  const out: Record<string, unknown> = target;
  for (const rawKey in override) {
    if (!Object.prototype.hasOwnProperty.call(override, rawKey)) continue;
    const rawValue = override[rawKey];
    const key = normalizeConfigKey(rawKey);
    if (key === 'pre-hook' || key === 'post-hook') {
      out[key] = [...((out[key] as Hook[] | undefined) ?? []), ...toHooks(rawValue)];
    } else if (key === 'tags') {
      // No tags added to none (every generic test without tags): the empty list stays.
      if (Array.isArray(out.tags) && out.tags.length === 0 && toTags(rawValue).length === 0) continue;
      const seen = new Set<string>(toTags(out.tags));
      const merged = [...seen];
      for (const t of toTags(rawValue)) if (!seen.has(t)) (seen.add(t), merged.push(t));
      out.tags = merged;
    } else if (APPEND.has(key)) {
      const prev = out[key];
      const add = Array.isArray(rawValue) ? rawValue : rawValue === null || rawValue === undefined ? [] : [rawValue];
      out[key] = [...(Array.isArray(prev) ? prev : []), ...add];
    } else if (UPDATE.has(key) && isDict(rawValue)) {
      out[key] = { ...(isDict(out[key]) ? out[key] : {}), ...rawValue };
    } else if (key === 'grants' && isDict(rawValue)) {
      const grants: Record<string, unknown> = { ...(isDict(out.grants) ? out.grants : {}) };
      for (const [gk, gv] of Object.entries(rawValue)) {
        const list = Array.isArray(gv) ? gv : [gv];
        if (gk.startsWith('+')) {
          const name = gk.slice(1);
          const prev = grants[name];
          grants[name] = [...(Array.isArray(prev) ? prev : prev === undefined ? [] : [prev]), ...list];
        } else grants[gk] = list;
      }
      out.grants = grants;
    } else {
      out[key] = rawValue;
    }
  }
  return out as T;
}

const defaults = new Map<ResourceType, { config: NodeConfig; nested: string[] }>();

// dbt's SnapshotMetaColumnNames fields.
// In the order of dbt's SnapshotMetaColumnNames fields, the order the manifest and logs write them.
const SNAPSHOT_META_NAMES = ['dbt_valid_to', 'dbt_valid_from', 'dbt_scd_id', 'dbt_updated_at', 'dbt_is_deleted'];

/** The config a node starts from before any user layer, per resource type (dbt's defaults). */
export function defaultConfig(resourceType: ResourceType): NodeConfig {
  let d = defaults.get(resourceType);
  if (!d) {
    const config = buildDefault(resourceType);
    const nested = Object.keys(config).filter((k) => {
      const v = config[k];
      return v !== null && typeof v === 'object' && k !== 'tags' && k !== 'meta' && k !== 'pre-hook' && k !== 'post-hook';
    });
    defaults.set(resourceType, (d = { config, nested }));
  }
  // A fresh copy: nested lists and dicts are copied so callers may mutate their own.
  const out: NodeConfig = { ...d.config, tags: [], meta: {} };
  // A data test's config has no hooks (dbt's TestConfig); the others' lists are their own too.
  if ('pre-hook' in d.config) out['pre-hook'] = [];
  if ('post-hook' in d.config) out['post-hook'] = [];
  for (const k of d.nested) {
    const v = d.config[k] as object;
    out[k] = Array.isArray(v) ? [...(v as unknown[])] : { ...v };
  }
  return out;
}

// dbt's NodeAndTestConfig: the fields every node and data test config starts with, in its order.
function nodeAndTestConfig() {
  return { enabled: true, alias: null, schema: null, database: null, tags: [], meta: {}, group: null };
}

// dbt's NodeConfig, which models, analyses, hooks, seeds and snapshots extend; in the order dbt
// writes its fields (a subclass's redefined default keeps the field where NodeConfig put it).
function nodeConfig(materialized: string): NodeConfig {
  return {
    ...nodeAndTestConfig(),
    materialized,
    incremental_strategy: null,
    batch_size: null,
    lookback: 1,
    begin: null,
    persist_docs: {},
    'post-hook': [],
    'pre-hook': [],
    quoting: {},
    column_types: {},
    full_refresh: null,
    unique_key: null,
    on_schema_change: 'ignore',
    on_configuration_change: 'apply',
    grants: {},
    packages: [],
    docs: { show: true, node_color: null },
    contract: { enforced: false, alias_types: true },
    event_time: null,
    concurrent_batches: null,
  };
}

function buildDefault(resourceType: ResourceType): NodeConfig {
  switch (resourceType) {
    // dbt's ModelConfig adds access and (1.10) freshness; an analysis is a plain NodeConfig.
    case 'model':
      return { ...nodeConfig('view'), access: 'protected', freshness: null };
    case 'analysis':
      return nodeConfig('view');
    case 'seed':
      return { ...nodeConfig('seed'), delimiter: ',', quote_columns: null };
    case 'snapshot':
      return {
        ...nodeConfig('snapshot'),
        strategy: null,
        target_schema: null,
        target_database: null,
        updated_at: null,
        check_cols: null,
        // dbt's SnapshotMetaColumnNames: every name is there, null until renamed.
        snapshot_meta_column_names: Object.fromEntries(SNAPSHOT_META_NAMES.map((name) => [name, null])),
        dbt_valid_to_current: null,
      };
    // dbt's TestConfig: no hooks and no NodeConfig fields, its own schema default.
    case 'test':
      return {
        ...nodeAndTestConfig(),
        schema: 'dbt_test__audit',
        materialized: 'test',
        severity: 'ERROR',
        store_failures: null,
        store_failures_as: null,
        where: null,
        limit: null,
        fail_calc: 'count(*)',
        warn_if: '!= 0',
        error_if: '!= 0',
      };
    default:
      return { enabled: true, alias: null, schema: null, database: null, tags: [], meta: {}, materialized: 'view', 'post-hook': [], 'pre-hook': [] };
  }
}

/** Final touches after all load-time layers (severity keeps the case written, as dbt stores it). */
export function finalizeConfig(config: NodeConfig): NodeConfig {
  if (typeof config.tags === 'string') config.tags = [config.tags];
  completeSnapshotMetaNames(config);
  if (config.materialized === 'test') settleStoreFailures(config);
  return config;
}

/**
 * dbt's TestConfig settles store_failures and store_failures_as against each other once built: a
 * store_failures_as of 'ephemeral', 'table' or 'view' decides store_failures (false, true, true),
 * any other value leaves it as it was; without one, store_failures decides store_failures_as
 * (true: 'table', false: 'ephemeral'). So a test with only store_failures_as: view stores its
 * failures, names its relation and points the summary at it, while a misspelt value stores nothing
 * unless --store-failures asks (and then the test materialization refuses the value).
 */
export function settleStoreFailures(config: Record<string, unknown>): void {
  const as = config['store_failures_as'];
  const store = config['store_failures'];
  if (as !== null && as !== undefined) {
    if (typeof as === 'string' && as in STORE_FAILURES_OF) config['store_failures'] = STORE_FAILURES_OF[as];
  } else if (store === true || store === false) config['store_failures_as'] = store ? 'table' : 'ephemeral';
}

// The store_failures each accepted store_failures_as gives (dbt compares them case-sensitively).
const STORE_FAILURES_OF: Record<string, boolean> = { ephemeral: false, table: true, view: true };

/**
 * A snapshot's snapshot_meta_column_names as dbt's SnapshotMetaColumnNames holds it: every one of
 * the five names in its field order, null unless renamed, also when the project renamed only
 * some of them or wrote them in another order.
 */
export function completeSnapshotMetaNames(config: Record<string, unknown>): void {
  const names = config['snapshot_meta_column_names'];
  if (!isDict(names)) return;
  const complete: Record<string, unknown> = {};
  for (const name of SNAPSHOT_META_NAMES) complete[name] = names[name] ?? null;
  config['snapshot_meta_column_names'] = { ...complete, ...names };
}

/**
 * The configs whose type decides what gets built must have dbt's config schema type: the text
 * 'false' (a quoted config(enabled='false'), or an unrendered YAML string) would otherwise leave
 * the node enabled, and a materialized: that is not a name would build a table under another name.
 * `locate` says where a key was written, when the caller knows (a property file's config:).
 */
export function checkConfigTypes(node: CompiledNode, locate: (key: string) => SourceLocation | undefined = () => undefined): void {
  const where = (key: string): SourceLocation => locate(key) ?? { file: node.origin.file, line: node.origin.line };
  const enabled: unknown = node.config.enabled;
  if (enabled !== undefined && enabled !== null && typeof enabled !== 'boolean') {
    throw userError('config-invalid', `Invalid config for ${node.resource_type} '${node.name}': enabled: ${shownValue(enabled)} is not of type 'boolean'`, where('enabled'),
      'Write enabled=true or enabled=false without quotes (in YAML, enabled: true or enabled: false).');
  }
  const materialized: unknown = node.config.materialized;
  if (materialized !== undefined && materialized !== null && typeof materialized !== 'string') {
    throw userError('config-invalid', `Invalid config for ${node.resource_type} '${node.name}': materialized: ${shownValue(materialized)} is not of type 'string'`, where('materialized'),
      "Name a materialization, e.g. materialized='table' (in YAML, materialized: table).");
  }
  // Any other severity would neither fail nor warn; dbt refuses it in these words (warn or error, in any case).
  const severity: unknown = node.config['severity'];
  if (node.resource_type === 'test' && severity !== undefined && severity !== null && !(typeof severity === 'string' && /^(warn|error)$/iu.test(severity))) {
    throw userError('config-invalid', `Invalid config for test '${node.name}': Severity must be either 'warn' or 'error'. Got '${String(severity)}'`, where('severity'),
      'Set severity: warn (report failures as warnings) or severity: error.');
  }
  // dbt's NodeConfig schema refuses these at parse; read loosely, persist_docs: true would
  // comment nothing and full_refresh: 'false' (quoted) would leave --full-refresh in charge.
  if (node.resource_type !== 'test') {
    const persistDocs: unknown = node.config['persist_docs'];
    if (persistDocs !== undefined && persistDocs !== null && !isDict(persistDocs)) {
      throw userError('config-invalid', `Invalid config for ${node.resource_type} '${node.name}': persist_docs: ${shownValue(persistDocs)} is not of type 'object'`, where('persist_docs'),
        'Say what to document, e.g. persist_docs: {relation: true, columns: true}.');
    }
    const fullRefresh: unknown = node.config['full_refresh'];
    if (fullRefresh !== undefined && fullRefresh !== null && typeof fullRefresh !== 'boolean') {
      throw userError('config-invalid', `Invalid config for ${node.resource_type} '${node.name}': full_refresh: ${shownValue(fullRefresh)} is not of type 'boolean'`, where('full_refresh'),
        'Write full_refresh=true or full_refresh=false without quotes (in YAML, full_refresh: false).');
    }
  }
  // A list (column_types: [amount]) would otherwise type no column and load the seed as inferred.
  const columnTypes: unknown = node.config['column_types'];
  if (columnTypes !== undefined && columnTypes !== null && !isDict(columnTypes)) {
    throw userError('config-invalid', `Invalid config for ${node.resource_type} '${node.name}': column_types: ${shownValue(columnTypes)} is not of type 'object'`, where('column_types'),
      'Map each column to its type, e.g. column_types: {amount: decimal(10, 2)}.');
  }
}

function shownValue(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}
