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
  const id = current()?.nodeInfo()['unique_id'];
  return typeof id === 'string' ? id : undefined;
}

/** Inside a node's work, the data that places an event on its worker with its node_info (dbt's SQLQuery events carry them); else none. */
export function nodeEventData(): Record<string, unknown> | undefined {
  const scope = current();
  return scope ? { node_info: scope.nodeInfo(), [EVENT_THREAD]: scope.thread } : undefined;
}

const scopes = new AsyncLocalStorage<ScopeState>();

// The scope of synchronous work (a compile's node): no async context is needed for it, and on
// Node 20 the first AsyncLocalStorage.run makes every later promise of the process pay for
// context tracking, which tens of thousands of compiled nodes would otherwise switch on.
let syncScope: ScopeState | undefined;

const current = (): NodeLogScope | undefined => syncScope ?? scopes.getStore();

/** A scope as it is kept: its node_info, and the phase of dbt's runner the node is in (which that node_info then names). */
interface ScopeState extends NodeLogScope {
  enter: (status: string) => void;
}

// node_info is made once, when first asked for, and again only when the node enters a phase:
// every event of the node in one phase carries the same one.
function once(scope: NodeLogScope): ScopeState {
  let info: Record<string, unknown> | undefined;
  let status: string | undefined;
  const made = (): Record<string, unknown> => {
    const base = scope.nodeInfo();
    return status === undefined ? base : { ...base, node_status: status };
  };
  return {
    thread: scope.thread,
    nodeInfo: () => (info ??= made()),
    enter: (next) => {
      status = next;
      if (info !== undefined) info = { ...info, node_status: next };
    },
  };
}

/**
 * Moves the node whose work is under way into a phase of dbt's runner (`compiling`, then
 * `executing`): the node_info of its later events (SQL, log() lines, its caught error) names that
 * node_status, as dbt's update_event_status sets it in the node's logging context. Outside a node's work, nothing.
 */
export function enterNodePhase(status: string): void {
  (syncScope ?? scopes.getStore())?.enter(status);
}

/** Runs `work` (and everything it awaits) as the work of one node, so its template logs name that node. */
export function inNodeLogScope<T>(scope: NodeLogScope, work: () => T): T {
  return scopes.run(once(scope), work);
}

/** inNodeLogScope for work that is synchronous from start to end (it awaits nothing). */
export function inSyncNodeLogScope<T>(scope: NodeLogScope, work: () => T): T {
  const outer = syncScope;
  syncScope = once(scope);
  try {
    return work();
  } finally {
    syncScope = outer;
  }
}

/** A template log event's data: the message, and inside a node's work that node's node_info and worker thread. */
export function templateLogData(msg: string): Record<string, unknown> {
  const scope = current();
  return scope ? { msg, node_info: scope.nodeInfo(), [EVENT_THREAD]: scope.thread } : { msg };
}
