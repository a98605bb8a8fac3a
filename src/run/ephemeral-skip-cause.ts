// Which skipped nodes dbt's build reports as skipped "due to ephemeral model error".
//
// dbt's build queues the ephemeral models it selects like any node. One below a failure is skipped
// in its turn, printing nothing, and (build marking the children of skipped nodes too) marks every
// node below it as skipped with itself as the cause. Each later failed or skipped node marks its own
// descendants again with no cause, so a node's cause is whichever of its marking ancestors was
// processed last. A node whose cause is an ephemeral model prints dbt's `ERROR SKIP` line, and its
// result carries a message, which makes it count among the run's errors.
import type { Graph } from '../graph/graph.js';
import type { GraphNode, Manifest } from '../project/types.js';
import type { NodeStatus } from './run-result.js';

/** Tracks the order in which build's tasks finished, to tell which ephemeral model skipped a node. */
export class EphemeralSkipCause {
  private readonly finished = new Map<string, { seq: number; marks: boolean }>();
  private readonly tests = new Set<string>();
  private readonly turns = new Map<string, { at: number; depth: number; skipped: boolean }>();
  private seq = 0;

  /** `ephemerals`: the ephemeral models the build selected (none: every skip is an ordinary one). */
  constructor(
    private readonly graph: Graph,
    private readonly manifest: Manifest,
    private readonly ephemerals: ReadonlySet<string>,
  ) {}

  /** Records a task's end (run or skipped); a failed, errored or skipped task marks what lies below it. */
  done(id: string, status: NodeStatus): void {
    if (this.ephemerals.size === 0) return;
    const marks = status === 'error' || status === 'fail' || status === 'skipped' || status === 'partial success' || status === 'runtime error';
    this.finished.set(id, { seq: ++this.seq, marks });
    if (this.manifest.nodes[id]?.resource_type === 'test') this.tests.add(id);
  }

  /** The unique id of the ephemeral model dbt names as the cause of skipping `id`, if any. */
  causeOf(id: string): string | undefined {
    if (this.ephemerals.size === 0) return undefined;
    const above = this.graph.ancestors(id);
    let best: { at: number; depth: number; ephemeral?: string } | undefined;
    const consider = (at: number, depth: number, ephemeral?: string): void => {
      if (!best || at > best.at || (at === best.at && depth > best.depth)) best = { at, depth, ephemeral };
    };
    const last = this.lastAbove(above);
    if (last.marked > 0) consider(last.marked, 0);
    for (const ephemeral of above) {
      if (!this.ephemerals.has(ephemeral)) continue;
      const turn = this.turnOf(ephemeral);
      if (turn.skipped) consider(turn.at, turn.depth, ephemeral);
    }
    return best?.ephemeral;
  }

  // An ephemeral model's turn comes once every task above it has finished (all have, once a node
  // below it is skipped): just after the last of them. It is skipped when one of those marked it.
  private turnOf(ephemeral: string): { at: number; depth: number; skipped: boolean } {
    const known = this.turns.get(ephemeral);
    if (known) return known;
    const above = this.graph.ancestors(ephemeral);
    const last = this.lastAbove(above);
    const turn = { at: last.any + 0.5, depth: above.size, skipped: last.marked > 0 };
    this.turns.set(ephemeral, turn);
    return turn;
  }

  // The last finished task above a node whose ancestors are `above` (one of them, or a test on
  // them only, which build runs before the node), and the last such task that marked it.
  private lastAbove(above: ReadonlySet<string>): { any: number; marked: number } {
    let any = 0;
    let marked = 0;
    const count = (task: string): void => {
      const end = this.finished.get(task);
      if (!end) return;
      any = Math.max(any, end.seq);
      if (end.marks) marked = Math.max(marked, end.seq);
    };
    for (const node of above) {
      count(node);
      this.graph.forEachChild(node, (child) => {
        if (this.tests.has(child) && this.graph.parents(child).every((p) => above.has(p))) count(child);
      });
    }
    return { any, marked };
  }
}

/** The ephemeral model whose compile error skips a node, and that error as dbt reports it. */
export interface EphemeralFailure {
  node: GraphNode;
  message: string;
}

/**
 * run's counterpart: an ephemeral model that fails to compile in its turn marks every node below
 * it with itself as the cause, and a node that errors later marks its own descendants again with
 * none (dbt's run marks for errors only: a skipped node passes nothing on). The last mark wins, so
 * a node below a node the ephemeral model skipped prints `ERROR SKIP` with the ephemeral's error too.
 */
export class FailedEphemerals {
  private seq = 0;
  private readonly failures = new Map<string, { seq: number; failure: EphemeralFailure }>();
  private readonly errors = new Map<string, number>();

  constructor(private readonly graph: Graph) {}

  /** Records a node's end: a skip caused by an ephemeral model's compile error, or an error. */
  done(id: string, status: NodeStatus, cause: EphemeralFailure | undefined): void {
    if (cause && !this.failures.has(cause.node.unique_id)) this.failures.set(cause.node.unique_id, { seq: ++this.seq, failure: cause });
    if (status === 'error' || status === 'partial success' || status === 'runtime error') this.errors.set(id, ++this.seq);
  }

  /** The failed ephemeral model whose mark on `id` came last, if the last mark is one. */
  causeOf(id: string): EphemeralFailure | undefined {
    if (this.failures.size === 0) return undefined;
    let last = 0;
    let cause: EphemeralFailure | undefined;
    for (const above of this.graph.ancestors(id)) {
      const failed = this.failures.get(above);
      if (failed && failed.seq > last) [last, cause] = [failed.seq, failed.failure];
      const errored = this.errors.get(above) ?? 0;
      if (errored > last) [last, cause] = [errored, undefined];
    }
    return cause;
  }
}
