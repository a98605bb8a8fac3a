// `state:` selection: compares nodes with those of a previous manifest the way dbt's
// state:modified and its sub-selectors do.
import { userError, type Diagnostic } from '../core/diagnostic.js';
import type { Manifest } from '../project/types.js';
import { externalTableOf } from '../project/load/source-config.js';
import { contractBreakingChanges, contractEnforcedOn, contractState } from './contract-breaking.js';
import { findMember, type MemberNode } from './graph-members.js';

/** The `state:` values dbt accepts. */
export const STATE_CHECKS = [
  'new',
  'old',
  'modified',
  'unmodified',
  'modified.body',
  'modified.configs',
  'modified.persisted_descriptions',
  'modified.relation',
  'modified.macros',
  'modified.contract',
] as const;

/**
 * How manifest.json writes a metric, semantic model or saved query. The previous state holds them
 * in that shape while the current project holds them as parsed, so they are compared once shaped.
 */
export type SemanticEntryShape = (entry: unknown, manifest: Manifest) => unknown;

/** Decides `state:` checks for nodes of `current` against `previous`; caches macro comparisons. */
export class StateComparator {
  private modifiedMacros: Set<string> | undefined;
  private readonly contractsChecked = new Set<string>();
  private readonly largeSeedsNoted = new Set<string>();
  /** Breaking changes to unversioned contracted models, which dbt reports as warnings. */
  readonly warnings: Diagnostic[] = [];

  constructor(
    private readonly current: Manifest,
    private readonly previous: Manifest,
    private readonly shapeEntry?: SemanticEntryShape,
  ) {}

  /** Whether the node passes the check, e.g. `modified.body`. */
  matches(check: string, node: MemberNode): boolean {
    const old = findMember(this.previous, node.unique_id);
    const compiled = isCompiled(node);
    if (old && (check === 'modified' || check === 'unmodified' || check === 'modified.body')) this.noteLargeSeed(node, old);
    switch (check) {
      case 'new':
        return old === undefined;
      case 'old':
        return old !== undefined;
      case 'modified':
        return this.modified(node, old);
      case 'unmodified':
        return !this.modified(node, old);
      case 'modified.body':
        return compiled && (!old || !sameBody(node, old));
      case 'modified.configs':
        return compiled && (!old || !sameConfig(node, old));
      case 'modified.persisted_descriptions':
        return compiled && (!old || !samePersistedDescription(node, old));
      case 'modified.relation':
        return compiled && (!old || !sameRelation(node, old));
      case 'modified.macros':
        return this.macrosModified(node);
      case 'modified.contract':
        if (old) this.checkBreakingChanges(node, old);
        // As dbt: any new node that builds is selected; only a model has a contract to compare.
        return compiled && (!old || (node.resource_type === 'model' && !sameContract(node, old)));
      default:
        throw userError(
          'selector-invalid',
          `Invalid state selector '${check}'.`,
          undefined,
          `Expected one of: ${STATE_CHECKS.join(', ')}.`,
        );
    }
  }

  private modified(node: MemberNode, old: MemberNode | undefined): boolean {
    if (!old) return true;
    // As dbt: the contract is compared even when the body already tells the node changed, since
    // a breaking change to it must be reported.
    this.checkBreakingChanges(node, old);
    const shaped = this.shapeEntry && SEMANTIC_LAYER_FIELDS[node.resource_type] ? (this.shapeEntry(node, this.current) as MemberNode) : node;
    return !sameContents(shaped, old) || this.macrosModified(node);
  }

  /** A breaking change to an enforced contract: an error for a versioned model, a warning otherwise. */
  private checkBreakingChanges(node: MemberNode, old: MemberNode): void {
    if (node.resource_type !== 'model' || this.contractsChecked.has(node.unique_id)) return;
    this.contractsChecked.add(node.unique_id);
    const changes = contractBreakingChanges(node, old);
    if (changes.length === 0) return;
    const reasons = changes.join('\n  - ');
    const file = node.original_file_path;
    const location = typeof file === 'string' ? { file } : undefined;
    const versioned = (typeof node.version === 'string' && node.version !== '') || typeof node.version === 'number';
    if (versioned) {
      throw userError(
        'contract-breaking-change',
        `While comparing to previous project state, dbt detected a breaking change to an enforced contract.\n  - ${reasons}\n` +
          'Consider making an additive (non-breaking) change instead, if possible.\nOtherwise, create a new model version.',
        location,
        `Add a new version of ${node.name} with the changed contract and keep this one as it was.`,
      );
    }
    const warning: Diagnostic = {
      code: 'contract-breaking-change',
      severity: 'warning',
      message: `Breaking change to contracted, unversioned model ${node.name} (${String(file ?? '?')})\nWhile comparing to previous project state, dbt detected a breaking change to an unversioned model.\n  - ${reasons}\n`,
    };
    if (location) warning.location = location;
    this.warnings.push(warning);
  }

  /** dbt's warning for a seed over 1 MiB, which is compared by its path alone (once per seed). */
  private noteLargeSeed(node: MemberNode, old: MemberNode): void {
    const mine = checksumOf(node);
    if (node.resource_type !== 'seed' || mine?.name !== 'path' || this.largeSeedsNoted.has(node.unique_id)) return;
    this.largeSeedsNoted.add(node.unique_id);
    const theirs = checksumOf(old);
    const seed = `Found a seed (${String(node.package_name)}.${node.name}) >1MB in size`;
    const [event, message] = theirs?.name !== 'path'
      ? ['SeedIncreased', `${seed}. The previous file was <=1MB, so it has changed`]
      : theirs.checksum === mine.checksum
        ? ['SeedExceedsLimitSamePath', `${seed} at the same path, dbt cannot tell if it has changed: assuming they are the same`]
        : ['SeedExceedsLimitAndPathChanged', `${seed}. The previous file was in a different location, assuming it has changed`];
    const data = { package_name: String(node.package_name), name: node.name };
    const warning: Diagnostic = { code: 'seed-over-size-limit', severity: 'warning', message, event: { name: event, data } };
    if (typeof node.original_file_path === 'string') warning.location = { file: node.original_file_path };
    this.warnings.push(warning);
  }

  /** True when a macro the node calls, directly or through other macros, changed, appeared or disappeared. */
  private macrosModified(node: MemberNode): boolean {
    const direct = node.depends_on?.macros;
    if (!Array.isArray(direct) || direct.length === 0) return false;
    const changed = (this.modifiedMacros ??= this.computeModifiedMacros());
    if (changed.size === 0) return false;
    const visited = new Set<string>();
    const stack = [...direct];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      if (visited.has(id)) continue;
      visited.add(id);
      if (changed.has(id)) return true;
      const macro = this.current.macros[id];
      if (macro) for (const dep of macro.depends_on?.macros ?? []) stack.push(dep);
    }
    return false;
  }

  private computeModifiedMacros(): Set<string> {
    const out = new Set<string>();
    const oldMacros = this.previous.macros ?? {};
    const newMacros = this.current.macros ?? {};
    for (const [id, macro] of Object.entries(newMacros)) {
      const old = oldMacros[id];
      if (!old || old.macro_sql !== macro.macro_sql) out.add(id);
    }
    for (const id of Object.keys(oldMacros)) if (!(id in newMacros)) out.add(id);
    return out;
  }
}

function isCompiled(node: MemberNode): boolean {
  return ['model', 'seed', 'snapshot', 'test', 'analysis', 'operation'].includes(node.resource_type);
}

function checksumOf(node: MemberNode): { name?: string; checksum?: string } | undefined {
  const checksum = node.checksum as { name?: string; checksum?: string } | undefined;
  return typeof checksum === 'object' && checksum !== null ? checksum : undefined;
}

function sameBody(node: MemberNode, old: MemberNode): boolean {
  const a = checksumOf(node);
  const b = checksumOf(old);
  // A checksum of one kind (a large seed's path) never equals one of another (a file's hash).
  if (a?.checksum && b?.checksum) return a.checksum === b.checksum && (a.name ?? 'sha256') === (b.name ?? 'sha256');
  return node.raw_code === old.raw_code;
}

/**
 * dbt compares the configs a node was given (unrendered_config), not the resolved ones: setting a
 * default explicitly counts as a change, and an env_var() that renders differently does not.
 * Manifests without unrendered_config fall back to the resolved configs.
 */
// dbt's config comparison skips these keys (CompareBehavior.Exclude): the relation's name is
// compared by modified.relation, and tags and group are not part of what a node builds.
const CONFIG_KEYS_NOT_COMPARED: ReadonlySet<string> = new Set(['alias', 'schema', 'database', 'tags', 'group']);
// A data test's config counts as changed only through the keys that change its verdict.
const TEST_CONFIG_KEYS_COMPARED = ['severity', 'where', 'limit', 'fail_calc', 'warn_if', 'error_if', 'store_failures', 'store_failures_as'];

function sameConfig(node: MemberNode, old: MemberNode): boolean {
  if (node.unrendered_config === undefined || old.unrendered_config === undefined) return sameResolvedConfig(node, old);
  const mine = node.unrendered_config as Record<string, unknown>;
  const theirs = old.unrendered_config as Record<string, unknown>;
  const keys = node.resource_type === 'test'
    ? TEST_CONFIG_KEYS_COMPARED
    : [...new Set([...Object.keys(mine), ...Object.keys(theirs)])].filter((key) => !CONFIG_KEYS_NOT_COMPARED.has(key));
  return keys.every((key) => (key in mine) === (key in theirs) && deepEqual(mine[key], theirs[key]));
}

/** A source's configs as written (dbt's same_config reads unrendered_config), or as resolved in a manifest without them. */
function sameSourceConfig(node: MemberNode, old: MemberNode): boolean {
  if (node.unrendered_config === undefined || old.unrendered_config === undefined) return deepEqual(node.config, old.config);
  return deepEqual(node.unrendered_config, old.unrendered_config);
}

/** Configs compared as dbt writes them: a test's severity is upper-cased in manifest.json. */
function sameResolvedConfig(node: MemberNode, old: MemberNode): boolean {
  const norm = (config: unknown): unknown => {
    if (typeof config !== 'object' || config === null) return config;
    const c = config as Record<string, unknown>;
    return typeof c['severity'] === 'string' ? { ...c, severity: c['severity'].toUpperCase() } : c;
  };
  return deepEqual(norm(node.config), norm(old.config));
}

function sameRelation(node: MemberNode, old: MemberNode): boolean {
  // The configured values, not the rendered ones, so target-derived names do not count as changes.
  const mine = (node.unrendered_config ?? {}) as Record<string, unknown>;
  const theirs = (old.unrendered_config ?? {}) as Record<string, unknown>;
  return ['database', 'schema', 'alias'].every((key) => deepEqual(mine[key] ?? null, theirs[key] ?? null));
}

function samePersistedDescription(node: MemberNode, old: MemberNode): boolean {
  const persist = (node.config?.persist_docs ?? {}) as { relation?: unknown; columns?: unknown };
  if (persist.relation && node.description !== old.description) return false;
  if (persist.columns) {
    const mine = descriptions(node.columns);
    const theirs = descriptions(old.columns);
    if (!deepEqual(mine, theirs)) return false;
  }
  return true;
}

function descriptions(columns: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof columns === 'object' && columns !== null) {
    for (const [name, column] of Object.entries(columns as Record<string, { description?: unknown }>)) {
      out[name] = column?.description ?? '';
    }
  }
  return out;
}

function sameContract(node: MemberNode, old: MemberNode): boolean {
  if (!contractEnforcedOn(node) && !contractEnforcedOn(old)) return true;
  if (contractEnforcedOn(node) !== contractEnforcedOn(old)) return false;
  return contractState(node) === contractState(old);
}

// The fields dbt's same_contents compares for the semantic layer's kinds (Metric, SemanticModel, SavedQuery).
const SEMANTIC_LAYER_FIELDS: Readonly<Record<string, readonly string[]>> = {
  metric: ['filter', 'metadata', 'type', 'type_params', 'description', 'label', 'config', 'group'],
  semantic_model: ['model', 'node_relation', 'description', 'defaults', 'entities', 'dimensions', 'measures', 'config', 'primary_entity', 'group'],
  saved_query: ['query_params', 'exports', 'description', 'label', 'config', 'group'],
};

/** dbt's same_contents for each kind of node. */
function sameContents(node: MemberNode, old: MemberNode): boolean {
  if (node.resource_type !== old.resource_type) return false;
  if (isCompiled(node)) {
    return (
      sameBody(node, old) &&
      sameConfig(node, old) &&
      samePersistedDescription(node, old) &&
      deepEqual(node.fqn, old.fqn) &&
      sameRelation(node, old) &&
      (node.resource_type !== 'model' || sameContract(node, old))
    );
  }
  const fields: Record<string, readonly string[]> = {
    // A source's config is compared as written (unrendered_config), below.
    source: ['database', 'schema', 'identifier', 'fqn', 'quoting', 'freshness', 'loaded_at_field', 'loaded_at_query', 'external'],
    exposure: ['fqn', 'type', 'owner', 'maturity', 'url', 'description', 'label', 'depends_on', 'config'],
    unit_test: ['model', 'given', 'expect', 'overrides', 'config', 'version'],
    ...SEMANTIC_LAYER_FIELDS,
  };
  const keys = fields[node.resource_type];
  if (!keys) return deepEqual(stripVolatile(node), stripVolatile(old));
  // A unit test's checksum also covers its fixture files; a manifest without one compares by fields.
  if (node.resource_type === 'unit_test' && typeof node.checksum === 'string' && typeof old.checksum === 'string' && node.checksum !== old.checksum) return false;
  if (node.resource_type === 'source' && !sameSourceConfig(node, old)) return false;
  return keys.every((key) => deepEqual(comparable(node, key), comparable(old, key)));
}

/** A field as compared: dependencies by node ids; quoting with unset parts as null, as manifest.json writes it. */
function comparable(node: MemberNode, key: string): unknown {
  if (key === 'depends_on') return node.depends_on?.nodes;
  // The table's external: property as dbt's ExternalTable (the parsed source holds it as written).
  // dbt-duckdb's external_location is meta or config, not part of it: a meta change is no change.
  if (key === 'external') return externalTableOf(node['external']);
  // manifest.json fills in the override kinds a unit test leaves out.
  if (key === 'overrides' && node.resource_type === 'unit_test') {
    const o = node['overrides'] as Record<string, unknown> | null | undefined;
    return o ? { macros: o['macros'] ?? {}, vars: o['vars'] ?? {}, env_vars: o['env_vars'] ?? {} } : null;
  }
  // A fixture's rows as manifest.json writes them (csv parsed, a sql fixture file's text read in).
  if ((key === 'given' || key === 'expect') && node.resource_type === 'unit_test') {
    const asWritten = (f: Record<string, unknown>) => {
      const { manifestRows, ...rest } = f;
      return manifestRows === undefined ? rest : { ...rest, rows: manifestRows };
    };
    const value = node[key];
    if (Array.isArray(value)) return value.map((f) => asWritten(f as Record<string, unknown>));
    return value !== null && typeof value === 'object' ? asWritten(value as Record<string, unknown>) : value;
  }
  if (key === 'quoting') {
    const q = (node.quoting ?? {}) as Record<string, unknown>;
    return { database: q['database'] ?? null, schema: q['schema'] ?? null, identifier: q['identifier'] ?? null, column: q['column'] ?? null };
  }
  return node[key];
}

function stripVolatile(node: MemberNode): Record<string, unknown> {
  const { origin: _origin, created_at: _created, ...rest } = node;
  return rest;
}

function asJson(v: unknown): unknown {
  return v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function' ? (v as { toJSON(): unknown }).toJSON() : v;
}

/** Structural equality of JSON-like values; undefined and missing keys are equal. */
export function deepEqual(a: unknown, b: unknown): boolean {
  // A value that writes itself to JSON (a date, a float like 1.0) equals what it writes there.
  a = asJson(a);
  b = asJson(b);
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return (a ?? null) === (b ?? null);
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], other[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  for (const key of keys) if (!deepEqual(x[key], y[key])) return false;
  return true;
}
