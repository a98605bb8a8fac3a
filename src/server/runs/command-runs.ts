// Command lines a server ran for its clients (a `build` handed over by the CLI), kept in memory
// beside the orchestrator's pipeline history so the runs page shows them too.
import { NODE_RESULT_EVENTS } from '../../run/node-events.js';
import type { BuildEvent } from '../live/build-events.js';
import type { RunDetail, RunHistoryProvider, RunNode, RunSummary } from './run-history.js';

interface CommandRun {
  detail: RunDetail;
  invocations: Set<string>;
  open: Map<string, string>;
}

/** An in-memory history of the command lines run by this server, fed by their log events. */
export class CommandRunLog {
  private readonly runs: CommandRun[] = [];
  private next = 1;

  constructor(private readonly keep = 200) {}

  /**
   * Records the start of a command line; returns the event listener for its Logger and a
   * `finish(exitCode)` to call when it returns.
   */
  start(argv: string[]): { id: string; onEvent: (e: BuildEvent) => void; finish: (exitCode: number) => void } {
    const startedAt = new Date().toISOString();
    const id = `cli-${Date.now().toString(36)}-${this.next++}`;
    const run: CommandRun = {
      detail: {
        id,
        pipeline: null,
        command: ['reelhouse', ...argv].join(' '),
        status: 'running',
        trigger: 'cli',
        startedAt,
        finishedAt: null,
        elapsedSeconds: null,
        counts: {},
        nodes: [],
        error: null,
      },
      invocations: new Set(),
      open: new Map(),
    };
    this.runs.push(run);
    if (this.runs.length > this.keep) this.runs.shift();
    const onEvent = (e: BuildEvent): void => {
      if (e.invocationId) run.invocations.add(e.invocationId);
      const info = (e.data.node_info ?? {}) as Record<string, unknown>;
      const uniqueId = typeof info.unique_id === 'string' ? info.unique_id : undefined;
      if (e.name === 'LogStartLine' && uniqueId) run.open.set(uniqueId, e.ts);
      else if (NODE_RESULT_EVENTS.includes(e.name) && uniqueId) run.detail.nodes.push(nodeOf(uniqueId, info, e, run.open.get(uniqueId) ?? null));
      else if (e.name === 'MainEncounteredError' && run.detail.error === null) run.detail.error = e.msg;
    };
    const finish = (exitCode: number): void => {
      const finishedAt = new Date().toISOString();
      run.detail.status = exitCode === 0 ? 'success' : 'error';
      run.detail.finishedAt = finishedAt;
      run.detail.elapsedSeconds = (Date.parse(finishedAt) - Date.parse(startedAt)) / 1000;
      if (exitCode !== 0 && run.detail.error === null) run.detail.error = `exit code ${exitCode}`;
    };
    return { id, onEvent, finish };
  }

  /** The runs, newest first. */
  list(): RunDetail[] {
    return [...this.runs].reverse().map((r) => withCounts(r.detail));
  }

  /** One run by id. */
  get(id: string): RunDetail | undefined {
    const run = this.runs.find((r) => r.detail.id === id);
    return run ? withCounts(run.detail) : undefined;
  }
}

/** The orchestrator's history with the server's command runs merged in, newest first. */
export function withCommandRuns(primary: RunHistoryProvider, commands: CommandRunLog): RunHistoryProvider {
  return {
    ...primary,
    async listRuns(limit) {
      const own: RunSummary[] = commands.list().map(({ nodes: _nodes, error: _error, ...summary }) => summary);
      return [...(await primary.listRuns(limit)), ...own].sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? '')).slice(0, limit);
    },
    async getRun(id) {
      return commands.get(id) ?? primary.getRun(id);
    },
  };
}

function nodeOf(uniqueId: string, info: Record<string, unknown>, e: BuildEvent, startedAt: string | null): RunNode {
  // A result event's `status` is dbt's: a model's result message; node_info holds the verdict.
  const status = String(info.node_status ?? e.data.status ?? 'success');
  return {
    uniqueId,
    name: typeof info.node_name === 'string' ? info.node_name : uniqueId.split('.').slice(2).join('.'),
    resourceType: typeof info.resource_type === 'string' ? info.resource_type : uniqueId.split('.')[0] ?? 'node',
    status,
    thread: null,
    startedAt,
    completedAt: e.ts,
    executionTime: typeof e.data.execution_time === 'number' ? e.data.execution_time : 0,
    message: status === 'success' || status === 'pass' ? null : e.msg,
    failures: null,
    compiledCode: null,
  };
}

function withCounts(detail: RunDetail): RunDetail {
  const counts: Record<string, number> = {};
  for (const n of detail.nodes) counts[n.status] = (counts[n.status] ?? 0) + 1;
  return { ...detail, nodes: [...detail.nodes], counts };
}
