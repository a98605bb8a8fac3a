// dbt's node_info, which every structured event about a node carries, and the time format of its fields.
import { isoNaive } from '../core/clock.js';
import type { RunnableNode } from './invocation-options.js';
import { isNoOpNode } from './no-op-nodes.js';

/** Where a node is in its run, as dbt's node_info reports it: `started`, then the result's status. */
export interface NodeEventStatus {
  status: string;
  startedAt: string | undefined;
  /** Empty until the node finishes, as in dbt. */
  finishedAt: string;
}

/**
 * dbt's node_info of a node's structured log events. Its status and start and finish times are
 * what tools reading `--log-format json` (orchestrators' dbt integrations) time and record nodes by.
 */
export function nodeInfo(node: RunnableNode, at: NodeEventStatus): Record<string, unknown> {
  // An exposure or saved query has no materialization or relation: dbt's node_info holds nulls for them.
  if (isNoOpNode(node)) {
    return {
      unique_id: node.unique_id,
      resource_type: node.resource_type,
      node_name: node.name,
      node_path: node.path,
      materialized: null,
      node_status: at.status,
      node_started_at: at.startedAt ?? '',
      node_finished_at: at.finishedAt,
      meta: node.meta ?? {},
      node_relation: { database: null, schema: null, alias: null, relation_name: null },
    };
  }
  return {
    unique_id: node.unique_id,
    resource_type: node.resource_type,
    node_name: node.name,
    node_path: node.path,
    materialized: node.resource_type === 'unit_test' ? 'unit' : node.config.materialized,
    node_status: at.status,
    node_started_at: at.startedAt ?? '',
    node_finished_at: at.finishedAt,
    meta: node.resource_type === 'unit_test' ? (node.config.meta ?? {}) : (node.meta ?? {}),
    ...(node.resource_type === 'unit_test'
      ? {}
      : { node_relation: { database: node.database, schema: node.schema, alias: node.alias, relation_name: node.relation_name } }),
  };
}

/** A node event's time as dbt writes it: UTC ISO 8601 without a zone, to the microsecond. */
export function eventTime(): string {
  return isoNaive();
}
