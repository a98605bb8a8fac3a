import type { CompiledNode, GraphNode } from '../project/types.js';

/**
 * dbt's node statuses in run_results.json (`partial success`: a microbatch model some of whose batches failed;
 * `no-op`: an exposure or saved query, which build runs without doing anything).
 */
export type NodeStatus = 'success' | 'error' | 'skipped' | 'pass' | 'fail' | 'warn' | 'runtime error' | 'partial success' | 'no-op';

/** The outcome of one node in an invocation, shaped like a run_results.json entry. */
export interface NodeResult {
  unique_id: string;
  status: NodeStatus;
  message: string | null;
  failures: number | null;
  timing: { name: 'compile' | 'execute'; started_at: string; completed_at: string }[];
  thread_id: string;
  execution_time: number;
  adapter_response: Record<string, unknown>;
  /** null where dbt records none: a node that is no compiled resource (a seed under clone). */
  compiled: boolean | null;
  compiled_code: string | null;
  relation_name: string | null;
  /** Microbatch models: the batches that succeeded and failed (`batch_results` in run_results.json). */
  batch_results?: { successful: [string, string][]; failed: [string, string][] } | undefined;
  /** Not written to run_results: the node, for printing the summary. */
  node: GraphNode;
  /** Not written to run_results: the message as a terminal with colours shows it (a failing unit test's diff). */
  colored_message?: string | undefined;
  /** Not written to run_results: the node_info of the node's result event, which dbt's end-of-run summary events carry too. */
  node_info?: Record<string, unknown> | undefined;
  /** Not written to run_results: the ephemeral model whose compile error skipped this node, and that error. */
  skip_cause?: { node: GraphNode; message: string } | undefined;
}

/**
 * True for statuses that count as an error in dbt's `Done.` line and exit code, and skip the
 * node's children: a partial success is one too (its failed batches are missing).
 */
export function isErrorStatus(status: NodeStatus): boolean {
  return status === 'error' || status === 'fail' || status === 'runtime error' || status === 'partial success';
}

/** A node skipped for an error of its own making (an inlined ephemeral model failed): dbt counts it among the run's errors. */
export function isErrorSkip(result: { status: NodeStatus; message: string | null }): boolean {
  return result.status === 'skipped' && result.message !== null;
}

/** What dbt calls a node in progress lines: `sql view model`, `python table model`, `seed file`, `test`, ... */
export function describeNode(node: GraphNode): string {
  switch (node.resource_type) {
    case 'model': {
      const model = node as CompiledNode;
      // dbt names a model run batch by batch for its strategy: `sql microbatch model`.
      const kind = model.config.materialized === 'incremental' && model.config['incremental_strategy'] === 'microbatch' ? 'microbatch' : model.config.materialized;
      return `${model.language ?? 'sql'} ${kind} model`;
    }
    case 'seed':
      return 'seed file';
    case 'snapshot':
      return 'snapshot';
    case 'test':
      return 'test';
    case 'unit_test':
      return 'unit_test';
    default:
      return node.resource_type;
  }
}

/**
 * The relation dbt prints in progress lines: `schema.alias`, led by the database when the node
 * is built outside the target's database (dbt's get_node_representation), given that database.
 */
export function displayRelation(node: GraphNode, targetDatabase?: string): string {
  const n = node as Partial<CompiledNode>;
  if (!n.schema || !n.alias) return node.name;
  const inOtherDatabase = targetDatabase !== undefined && !!n.database && n.database !== targetDatabase;
  return inOtherDatabase ? `${n.database}.${n.schema}.${n.alias}` : `${n.schema}.${n.alias}`;
}
