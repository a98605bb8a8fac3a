// What one invocation of a node command is asked to do (its command, selection and flags), what
// it gives back, and how a command's resource types narrow the selection.
import { selectNodes, type FreshnessResults } from '../graph/index.js';
import type { CompiledNode, Manifest, ResourceType, UnitTestNode } from '../project/types.js';
import { semanticLayerJson } from './artifacts/index.js';
import type { ProjectSession } from './project-session.js';
import type { NodeResult } from './run-result.js';

/** A node an invocation executes. */
export type RunnableNode = CompiledNode | UnitTestNode;

/** The dbt commands that execute nodes. */
export type NodeCommand = 'run' | 'build' | 'test' | 'seed' | 'snapshot' | 'compile';

/**
 * Which resource types each command acts on, after selection (dbt applies this last). dbt 1.10's
 * build also runs exposures and saved queries, as no-ops (no-op-nodes.ts).
 */
export const COMMAND_TYPES: Record<NodeCommand, ResourceType[]> = {
  run: ['model'],
  build: ['model', 'seed', 'snapshot', 'test', 'unit_test', 'exposure', 'saved_query'],
  test: ['test', 'unit_test'],
  seed: ['seed'],
  snapshot: ['snapshot'],
  compile: ['model', 'seed', 'test', 'analysis', 'snapshot'],
};

/** Selection and behaviour flags of one invocation. */
export interface InvocationOptions {
  command: NodeCommand;
  select?: string[] | undefined;
  exclude?: string[] | undefined;
  selector?: string | undefined;
  fullRefresh: boolean;
  failFast: boolean;
  storeFailures: boolean;
  indirectSelection?: 'eager' | 'cautious' | 'buildable' | 'empty' | undefined;
  state?: Manifest | undefined;
  previousResults?: { results: { unique_id: string; status: string }[] } | undefined;
  /** sources.json of the --state folder and of this target, for `source_status:fresher`. */
  previousSources?: FreshnessResults | undefined;
  currentSources?: FreshnessResults | undefined;
  /** `--event-time-start` / `--event-time-end`: the window microbatch models build, one batch at a time. */
  eventTimeStart?: Date | undefined;
  eventTimeEnd?: Date | undefined;
  /** retry: exactly these nodes, by unique_id, in place of a selection (a name would also draw in other versions and namesakes). */
  uniqueIds?: readonly string[] | undefined;
  /** retry: the failed batches of microbatch models, by unique_id; only those are re-run. */
  retryBatches?: Map<string, [string, string][]> | undefined;
  /** retry: the batches of those models that succeeded before (recorded again in batch_results). */
  retrySucceeded?: Map<string, [string, string][]> | undefined;
  /** `--sample`: the window inputs are read through; microbatch models build its batches only. */
  sample?: { start: Date; end: Date } | undefined;
  /** Extra args recorded in run_results.json. */
  args: Record<string, unknown>;
  /** `--resource-type`/`--exclude-resource-type`: narrows the types the command acts on. */
  resourceTypes?: ResourceType[] | undefined;
  /** `--no-write-json`: leave run_results.json and manifest.json unwritten. */
  writeJson?: boolean | undefined;
  /** `--warn-error` (or options naming LogTestResult): a test that would warn fails instead. */
  warnErrorTests?: boolean | undefined;
  /** Printed between the Finished line and the closing summary (seed --show's samples, as dbt's task_end_messages). */
  beforeEndMessages?: ((results: NodeResult[]) => Promise<void>) | undefined;
}

/** What an invocation did, for the exit code and for callers (server, pipelines). */
export interface InvocationResult {
  results: NodeResult[];
  elapsedSeconds: number;
  success: boolean;
  selected: string[];
}

/** The selection flags a command shares (`--select`, `--exclude`, `--selector`, state and results). */
export type SelectionFlags = Pick<
  InvocationOptions,
  'select' | 'exclude' | 'selector' | 'state' | 'previousResults' | 'previousSources' | 'currentSources' | 'resourceTypes' | 'indirectSelection'
>;

/** Selects a command's nodes among `commandTypes`, narrowed by `--resource-type` when given. */
export function selectForCommand(session: ProjectSession, options: SelectionFlags, commandTypes: readonly ResourceType[]): ReturnType<typeof selectNodes> {
  return selectNodes(session.manifest, session.graph, {
    select: options.select,
    exclude: options.exclude,
    selector: options.selector,
    selectors: session.loaded.selectors,
    state: options.state,
    stateEntryShape: semanticLayerJson,
    previousResults: options.previousResults,
    ...(options.previousSources ? { previousSources: options.previousSources } : {}),
    ...(options.currentSources ? { currentSources: options.currentSources } : {}),
    resourceTypes: options.resourceTypes ? commandTypes.filter((t) => options.resourceTypes!.includes(t)) : [...commandTypes],
    indirectSelection: options.indirectSelection,
  });
}

