// The shapes selection works on: what the caller asks for, the parsed expression, the result.
import type { Diagnostic } from '../core/diagnostic.js';
import type { Manifest, ResourceType } from '../project/types.js';
import type { SemanticEntryShape } from './state-compare.js';

/** dbt's `--indirect-selection` modes for tests attached to selected nodes. */
export type IndirectSelection = 'eager' | 'cautious' | 'buildable' | 'empty';

/** run_results.json as far as selection reads it. */
export interface PreviousResults {
  results: { unique_id: string; status: string }[];
}

/** sources.json (source freshness output) as far as `source_status:` reads it. */
export interface FreshnessResults {
  results: { unique_id: string; max_loaded_at?: string | null; status?: string }[];
}

/** What to select: the command line's `--select`, `--exclude`, `--selector` and friends. */
export interface SelectionSpec {
  /** `--select` values; each may hold several space-separated selectors. */
  select?: string[];
  /** `--exclude` values. */
  exclude?: string[];
  /** `--selector NAME`: a definition from selectors.yml. */
  selector?: string;
  /** selectors.yml as parsed YAML (`{ selectors: [...] }`), its list, or a name-keyed record. */
  selectors?: unknown;
  /** The manifest of the comparison state (`--state`), for `state:` methods. */
  state?: Manifest;
  /** How manifest.json writes semantic-layer entries, so `state:` compares them in the shape the state holds. */
  stateEntryShape?: SemanticEntryShape;
  /** run_results of the comparison state, for `result:` methods. */
  previousResults?: PreviousResults;
  /** Freshness results of the comparison state and of now, for `source_status:fresher`. */
  previousSources?: FreshnessResults;
  currentSources?: FreshnessResults;
  /** Resource types the command acts on, applied after graph expansion (undefined = all). */
  resourceTypes?: ResourceType[];
  /** How tests attached to selected nodes are picked up; `eager` by default. */
  indirectSelection?: IndirectSelection;
  /** `ls`: keep nodes whose SQL is empty (blank files), which every other command leaves out as dbt does. */
  includeEmptyNodes?: boolean;
}

/** The outcome of a selection. */
export interface SelectionResult {
  /** Selected unique_ids in topological order (ties by unique_id). */
  selected: string[];
  /** Selection criteria that matched nothing, and similar non-fatal findings. */
  warnings: Diagnostic[];
  /** Name of the selectors.yml selector used (given with `--selector` or marked `default: true`). */
  selectorName?: string;
  /** Set when no selection was given and the selector marked `default: true` chose the nodes: its name. */
  defaultSelector?: string;
}

/** One selector such as `2+tag:nightly+` or `config.materialized:view`. */
export interface SelectionCriterion {
  kind: 'criterion';
  raw: string;
  method: string;
  /** The dotted parts after the method, e.g. `['meta', 'owner']` for `config.meta.owner:`. */
  methodArgs: string[];
  value: string;
  childrensParents: boolean;
  parents: boolean;
  parentsDepth?: number;
  children: boolean;
  childrenDepth?: number;
  indirectSelection?: IndirectSelection;
}

/** Set operations over selectors; a difference is `components[0]` minus `components[1]`. */
export interface SelectionGroup {
  kind: 'union' | 'intersection' | 'difference';
  components: SelectionExpr[];
  raw?: string;
  /** Warn when this group selects nothing (each space-separated command-line selector does). */
  expectExists: boolean;
}

/** A parsed selection. */
export type SelectionExpr = SelectionCriterion | SelectionGroup;
