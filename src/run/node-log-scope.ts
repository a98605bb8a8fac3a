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

const scopes = new AsyncLocalStorage<NodeLogScope>();

/** Runs `work` (and everything it awaits) as the work of one node, so its template logs name that node. */
export function inNodeLogScope<T>(scope: NodeLogScope, work: () => T): T {
  return scopes.run(scope, work);
}

/** A template log event's data: the message, and inside a node's work that node's node_info and worker thread. */
export function templateLogData(msg: string): Record<string, unknown> {
  const scope = scopes.getStore();
  return scope ? { msg, node_info: scope.nodeInfo(), [EVENT_THREAD]: scope.thread } : { msg };
}
