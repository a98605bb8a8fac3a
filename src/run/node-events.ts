// The structured events of a node's run, named and shaped as dbt's (LogStartLine, NodeStart, NodeCompiling, NodeExecuting,
// LogModelResult/LogTestResult/LogSeedResult/LogSnapshotResult, NodeFinished, SkippingDetails, LogSkipBecauseError):
// tools that read `--log-format json` lines look them up by these names and `data` fields.
import type { CompiledNode, UnitTestNode } from '../project/types.js';
import { EVENT_THREAD, type Logger, type LogLevel } from './logger.js';
import { pyStr } from '../templating/index.js';
import { describeNode, isErrorSkip, type NodeResult } from './run-result.js';
import { noOpDescription } from './no-op-nodes.js';
import { unitTestVersionedName } from './unit-test-versioned-name.js';
import { enterNodePhase, nodeEventData, templateLogData } from './node-log-scope.js';
import { eventTime } from './node-info.js';

/** The names of dbt's per-node result events (one per resource type), for readers of the event stream. */
export const NODE_RESULT_EVENTS: readonly string[] = ['LogModelResult', 'LogTestResult', 'LogSeedResult', 'LogSnapshotResult', 'LogNodeNoOpResult'];

type Node = CompiledNode | UnitTestNode;

/** Where a node stands in the run: its position and the node_info dbt attaches to its events. */
export interface NodeEventPlace {
  index: number;
  total: number;
  nodeInfo: Record<string, unknown>;
  /** The worker the node starts on (a result names its own), whose name dbt's events carry as info.thread. */
  thread?: string;
}

/** dbt's NodeStart (debug) and LogStartLine (the `START` line) of a node that begins running, in dbt's order. */
export function logNodeStart(logger: Logger, node: Node, place: NodeEventPlace, line: string): void {
  const { index, total, nodeInfo } = place;
  const thread = place.thread ?? 'MainThread';
  nodeStarted(logger, node, nodeInfo, thread);
  logger.event('info', 'LogStartLine', line, { node_info: nodeInfo, description: description(node), index, total, [EVENT_THREAD]: thread });
}

/**
 * dbt's NodeCompiling (`Began compiling node <id>`) or NodeExecuting (`Began executing node <id>`),
 * debug, fired as the node under way enters that phase, with its node_info saying so: dbt's
 * runner marks both phases of every node it runs (a seed's or no-op node's compile does nothing).
 */
export function logNodePhase(logger: Logger, phase: 'compiling' | 'executing'): void {
  enterNodePhase(phase);
  if (!logger.debugging) return;
  const data = nodeEventData();
  const id = data?.['node_info'] !== undefined ? (data['node_info'] as { unique_id?: unknown }).unique_id : undefined;
  if (data && typeof id === 'string') logger.event('debug', phase === 'compiling' ? 'NodeCompiling' : 'NodeExecuting', `Began ${phase} node ${id}`, data);
}

/**
 * dbt's WritingInjectedSQLForNode (`Writing injected SQL for node "<id>"`, debug), fired as the
 * compiler writes a compiled file (a seed's and a snapshot's are never written), naming the node
 * under way in its current phase: an ephemeral input written for it carries that node's id too.
 */
export function logWritingInjectedSql(logger: Logger): void {
  if (!logger.debugging) return;
  const data = nodeEventData();
  const id = data?.['node_info'] !== undefined ? (data['node_info'] as { unique_id?: unknown }).unique_id : undefined;
  if (data && typeof id === 'string') logger.event('debug', 'WritingInjectedSQLForNode', `Writing injected SQL for node "${id}"`, data);
}

/**
 * The line dbt's statement('main') logs through log() (a JinjaLogDebug) before it writes the node's
 * target/run file and sends its main SQL; a seed's comes from noop_statement, which writes `SQL`.
 */
export function logRuntimeSql(logger: Logger, node: { unique_id: string; resource_type: string }): void {
  if (!logger.debugging) return;
  const msg = `Writing runtime ${node.resource_type === 'seed' ? 'SQL' : 'sql'} for node "${node.unique_id}"`;
  logger.event('debug', 'JinjaLogDebug', msg, templateLogData(msg));
}

/** dbt's NodeStart (debug) of the node under way, from its scope: compile runs each node so, though it prints no START line. */
export function logScopedNodeStart(logger: Logger): void {
  if (!logger.debugging) return;
  const data = nodeEventData();
  const info = data?.['node_info'] as { unique_id?: unknown } | undefined;
  if (data && typeof info?.unique_id === 'string') logger.event('debug', 'NodeStart', `Began running node ${info.unique_id}`, data);
}

/** dbt's NodeFinished (debug) of the node under way, from its scope, with the result it ends with. */
export function logScopedNodeFinished(logger: Logger, result: NodeResult): void {
  if (!logger.debugging) return;
  const data = nodeEventData();
  if (!data) return;
  const nodeInfo = { ...(data['node_info'] as Record<string, unknown>), node_status: result.status, node_finished_at: eventTime() };
  nodeFinished(logger, result, nodeInfo);
}

/** dbt's result event of a node's resource type (the `OK`/`PASS`/`ERROR` line), then NodeFinished (debug). */
export function logNodeResult(logger: Logger, level: LogLevel, result: NodeResult, place: NodeEventPlace, line: string): void {
  const node = result.node as Node;
  const { index, total, nodeInfo } = place;
  const failed = result.status === 'error' || result.status === 'runtime error' || result.status === 'partial success';
  // dbt reports a model's, seed's or snapshot's status as its result message unless it failed (or partly did).
  const shown = failed ? result.status : (result.message ?? result.status);
  const common = { node_info: nodeInfo, index, execution_time: result.execution_time, [EVENT_THREAD]: result.thread_id };
  // dbt's runner logs the error it caught (CatchableExceptionOnRun, debug) before the node's ERROR
  // line; a microbatch model's batches log their own (microbatch-run.ts).
  // Its node_info is the one of the phase the node failed in, before the result marks it finished.
  if (result.status === 'error' && result.message && !result.batch_results) {
    const phase = result.timing.some((t) => t.name === 'execute') ? 'executing' : 'compiling';
    const caughtIn = { ...nodeInfo, node_status: phase, node_finished_at: '' };
    logger.event('debug', 'CatchableExceptionOnRun', result.message, { node_info: caughtIn, exc: result.message, exc_info: '', [EVENT_THREAD]: result.thread_id });
  }
  if (result.status === 'no-op') {
    // dbt starts, compiles, executes and finishes a no-op node like any (debug events), though it prints no START line.
    if (logger.debugging) {
      const phase = (status: string) => ({ ...nodeInfo, node_status: status, node_finished_at: '' });
      nodeStarted(logger, node, phase('started'), result.thread_id);
      for (const [name, status] of [['NodeCompiling', 'compiling'], ['NodeExecuting', 'executing']] as const) {
        logger.event('debug', name, `Began ${status} node ${node.unique_id}`, { node_info: phase(status), [EVENT_THREAD]: result.thread_id });
      }
    }
    // dbt's LogNodeNoOpResult: its description, place, node_info and execution time (always 0).
    logger.event(level, 'LogNodeNoOpResult', line, { node_info: nodeInfo, description: noOpDescription(result.node), index, total, execution_time: result.execution_time, [EVENT_THREAD]: result.thread_id });
  } else if (node.resource_type === 'test' || node.resource_type === 'unit_test') {
    const attached = node.resource_type === 'test' ? (node as { attached_node?: string | null }).attached_node : undefined;
    logger.event(level, 'LogTestResult', line, {
      ...common,
      name: node.name,
      status: result.status,
      num_models: total,
      num_failures: result.failures ?? 0,
      ...(attached ? { attached_node: attached } : {}),
    });
  } else if (node.resource_type === 'seed') {
    // A seed's and a snapshot's events carry the result's status and, apart, its message (dbt's SeedRunner and SnapshotRunner).
    logger.event(level, 'LogSeedResult', line, {
      ...common,
      status: result.status,
      result_message: result.message ?? '',
      total,
      schema: node.schema,
      relation: node.alias,
    });
  } else if (node.resource_type === 'snapshot') {
    logger.event(level, 'LogSnapshotResult', line, { ...common, description: description(node), status: result.status, cfg: snapshotCfg(node.config), total, result_message: result.message ?? '' });
  } else {
    logger.event(level, 'LogModelResult', line, { ...common, description: description(node), status: shown, total });
  }
  nodeFinished(logger, result, nodeInfo);
}

/**
 * dbt's SkippingDetails: the `SKIP` line of a node whose upstream failed; LogSkipBecauseError
 * when the node failed itself through an ephemeral model it inlines (`printCause` reports that model's error).
 */
export function logNodeSkipped(logger: Logger, result: NodeResult, place: NodeEventPlace, line: string, printCause?: () => void): void {
  const node = result.node as Node;
  const { index, total, nodeInfo } = place;
  const schema = node.resource_type === 'unit_test' ? '' : (node.schema ?? '');
  const thread = result.thread_id;
  // dbt's runner starts and finishes every node it reaches, a skipped one too (with no START line):
  // its NodeStart says `started`, and the skip then marks the node skipped, leaving its start time.
  nodeStarted(logger, node, { ...nodeInfo, node_status: 'started' }, thread);
  if (isErrorSkip(result)) {
    // node_info is more than dbt carries here; readers of the stream place the node by it.
    logger.event('error', 'LogSkipBecauseError', line, { schema, relation: node.name, index, total, status: 'error', node_info: nodeInfo, [EVENT_THREAD]: thread });
    // dbt then reports the ephemeral model's own failure, before the node finishes.
    printCause?.();
  } else {
    logger.event('info', 'SkippingDetails', line, { node_info: nodeInfo, resource_type: node.resource_type, schema, node_name: node.name, index, total, [EVENT_THREAD]: thread });
  }
  nodeFinished(logger, result, nodeInfo);
}

/**
 * dbt's MarkSkippedChildren (debug), after a node's result whose status skips everything below
 * it: `Marking all children of '<id>' to be skipped because of status '<status>'. ` and, when the
 * result has a message, ` Reason: <message>.` (dbt's double space included).
 */
export function logMarkSkippedChildren(logger: Logger, result: NodeResult): void {
  if (!logger.debugging) return;
  const id = result.node.unique_id;
  const reason = result.message ? ` Reason: ${result.message}.` : '';
  logger.event('debug', 'MarkSkippedChildren', `Marking all children of '${id}' to be skipped because of status '${result.status}'. ${reason}`, {
    unique_id: id,
    status: result.status,
    run_result: runResultMsg(result),
  });
}

/** dbt's NodeStart (debug). */
function nodeStarted(logger: Logger, node: Node, nodeInfo: Record<string, unknown>, thread: string): void {
  // Debug events are built only when written (logs/dbt.log or --debug): a run sends two per node.
  if (logger.debugging) logger.event('debug', 'NodeStart', `Began running node ${node.unique_id}`, { node_info: nodeInfo, [EVENT_THREAD]: thread });
}

/** dbt's NodeFinished (debug), with the node's result. */
function nodeFinished(logger: Logger, result: NodeResult, nodeInfo: Record<string, unknown>): void {
  if (logger.debugging) logger.event('debug', 'NodeFinished', `Finished running node ${result.node.unique_id}`, { node_info: nodeInfo, run_result: runResultMsg(result), [EVENT_THREAD]: result.thread_id });
}

/** dbt's `RunResultMsg`: a result as NodeFinished carries it. */
function runResultMsg(result: NodeResult): Record<string, unknown> {
  return {
    status: result.status,
    message: result.message ?? '',
    timing_info: result.timing.map((t) => ({ name: t.name, started_at: t.started_at, completed_at: t.completed_at })),
    thread: result.thread_id,
    execution_time: result.execution_time,
    adapter_response: result.adapter_response,
    num_failures: result.failures ?? 0,
  };
}

/** The node's description in dbt's events: `sql table model main.orders`, `test not_null_x`. */
function description(node: Node): string {
  if (node.resource_type === 'unit_test') return `unit_test ${node.model}::${unitTestVersionedName(node)}`;
  if (node.resource_type === 'test') return `test ${node.name}`;
  return `${describeNode(node)} ${node.schema}.${node.alias}`;
}

// Config values dbt holds as dataclasses, whose unset (None) fields its to_dict(omit_none=True) leaves out.
const DATACLASS_CONFIGS = new Set(['docs', 'contract', 'snapshot_meta_column_names']);
const HOOK_CONFIGS = new Set(['pre-hook', 'post-hook']);

/**
 * A snapshot's `cfg` in LogSnapshotResult, as dbt builds it: its config without unset values,
 * each value as Python's str() writes it (cast_dict_to_dict_of_strings of to_dict(omit_none=True)).
 */
function snapshotCfg(config: Record<string, unknown>): Record<string, string> {
  const withoutNone = (v: unknown): unknown =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && x !== undefined)) : v;
  const cfg: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (value === null || value === undefined) continue;
    const shaped = DATACLASS_CONFIGS.has(key) ? withoutNone(value) : HOOK_CONFIGS.has(key) && Array.isArray(value) ? value.map(withoutNone) : value;
    cfg[key] = pyStr(shaped);
  }
  return cfg;
}
