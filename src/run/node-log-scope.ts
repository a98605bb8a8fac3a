// The node whose work is under way, for the events its templates fire: dbt runs each node on a
// worker thread with the node's node_info in its logging context, so a log() called while the
// node compiles or runs is a JinjaLogInfo carrying that node_info, fired on `Thread-1 (worker)`.
// Nodes run concurrently over awaits, so the scope follows each node's async chain.
import { AsyncLocalStorage } from 'node:async_hooks';
import { EVENT_THREAD } from './logger.js';

/** The node a template's events belong to: its node_info (as its START line carries it, made when first needed) and worker. */
export interface NodeLogScope {
  nodeInfo: () => Record<string, unknown>;
  thread: string;
}

/** The unique_id of the node whose work is under way, which dbt names its connection after. */
export function currentNodeId(): string | undefined {
  const id = scopes.getStore()?.nodeInfo()['unique_id'];
  return typeof id === 'string' ? id : undefined;
}

/** Inside a node's work, the data that places an event on its worker with its node_info (dbt's SQLQuery events carry them); else none. */
export function nodeEventData(): Record<string, unknown> | undefined {
  const scope = scopes.getStore();
  return scope ? { node_info: scope.nodeInfo(), [EVENT_THREAD]: scope.thread } : undefined;
}

const scopes = new AsyncLocalStorage<NodeLogScope>();

/** Runs `work` (and everything it awaits) as the work of one node, so its template logs name that node. */
export function inNodeLogScope<T>(scope: NodeLogScope, work: () => T): T {
  // node_info is made once, when first asked for: every event of the node then carries the same one.
  let info: Record<string, unknown> | undefined;
  return scopes.run({ thread: scope.thread, nodeInfo: () => (info ??= scope.nodeInfo()) }, work);
}

/** A template log event's data: the message, and inside a node's work that node's node_info and worker thread. */
export function templateLogData(msg: string): Record<string, unknown> {
  const scope = scopes.getStore();
  return scope ? { msg, node_info: scope.nodeInfo(), [EVENT_THREAD]: scope.thread } : { msg };
}
