/** A unit of work in a DAG run: its id and the ids it must wait for. */
export interface SchedulerTask {
  id: string;
  dependsOn: readonly string[];
}

/** What a task's work reports back: whether its dependents may still run. */
export interface TaskOutcome {
  /** False when the task failed in a way that must skip everything downstream of it. */
  blocksDownstream: boolean;
}

/**
 * Work done as soon as it was started: the scheduler calls this when the task finishes, which is
 * when it would have finished had it awaited as long as every other such task. It records the
 * task's result and returns its outcome.
 */
export type FinishedWork = () => TaskOutcome;

/** Called for a task that will not run because an upstream task failed. */
export type SkipHandler = (id: string, causedBy: string) => void;

/**
 * Runs tasks over a fixed number of workers in dependency order. A task starts once all of
 * its dependencies (those in the task set) have finished; a failed task skips all its
 * descendants. Tasks start in the order they became ready, as dbt hands ready nodes to its
 * worker pool; those that became ready together go shallowest first, then by id (dbt's graph
 * queue priority), so output is stable across runs. A task below a failure is skipped in its
 * turn, when it would have started: dbt marks such nodes and skips each as a worker picks it
 * up, so their SKIP lines and indexes follow the queue, not the shape of the failed subtree.
 */
export async function runDag(
  tasks: readonly SchedulerTask[],
  concurrency: number,
  work: (id: string) => Promise<TaskOutcome> | FinishedWork,
  onSkip: SkipHandler,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  // Tasks are held by their input position (ids are unique): flat arrays rather than maps and
  // sets keyed by id, since a compile of a large project schedules tens of thousands of tasks.
  const total = tasks.length;
  const position = new Map<string, number>();
  for (let i = 0; i < total; i++) position.set(tasks[i]!.id, i);
  const waiting = new Int32Array(total);
  const dependents: (number[] | undefined)[] = new Array<number[] | undefined>(total);
  // The last task that counted each dependency: a dependency listed twice counts once.
  const countedBy = new Int32Array(total).fill(-1);
  for (let i = 0; i < total; i++) {
    let count = 0;
    for (const dep of tasks[i]!.dependsOn) {
      const d = position.get(dep);
      if (d === undefined || d === i || countedBy[d] === i) continue;
      countedBy[d] = i;
      count++;
      (dependents[d] ??= []).push(i);
    }
    waiting[i] = count;
  }

  // Ready tasks, first in first out; a batch that became ready together is added by rank.
  // Batches are small, so they are sorted as they come rather than ranking every task up front.
  const depth = taskDepths(waiting, dependents);
  const byRank = (a: number, b: number): number => depth[a]! - depth[b]! || compareIds(tasks[a]!.id, tasks[b]!.id) || a - b;
  const ready = new ReadyQueue();
  for (let i = 0; i < total; i++) if (waiting[i] === 0) ready.push(i);
  ready.sortFrom(0, byRank);
  const skipped = new Uint8Array(total);
  // The failed task each task below a failure is skipped for (-1: none), until its turn comes.
  const doomedBy = new Int32Array(total).fill(-1);
  const finished = new Uint8Array(total);
  let running = 0;
  let settled = 0;

  const doomDescendants = (root: number): void => {
    const stack = [...(dependents[root] ?? [])];
    while (stack.length > 0) {
      const i = stack.pop()!;
      if (doomedBy[i]! >= 0) continue;
      doomedBy[i] = root;
      const below = dependents[i];
      if (below) for (const child of below) stack.push(child);
    }
  };

  const release = (i: number): void => {
    const below = dependents[i];
    if (!below) return;
    const from = ready.end;
    for (const child of below) {
      const left = (waiting[child] = waiting[child]! - 1);
      if (left === 0) ready.push(child);
    }
    ready.sortFrom(from, byRank);
  };

  const settle = (i: number, outcome: TaskOutcome): void => {
    running--;
    finished[i] = 1;
    settled++;
    if (outcome.blocksDownstream) doomDescendants(i);
    release(i);
  };

  // Work done at once, in the order it was started, waiting for its turn to finish.
  let waitingTasks: number[] = [];
  let waitingWork: FinishedWork[] = [];

  await new Promise<void>((resolve, reject) => {
    const start = (): void => {
      while (running < concurrency && ready.length > 0 && !shouldStop()) {
        const i = ready.pop();
        if (skipped[i]) continue;
        if (doomedBy[i]! >= 0) {
          // skipped in the slot it would have run in, which frees at once
          skipped[i] = 1;
          settled++;
          onSkip(tasks[i]!.id, tasks[doomedBy[i]!]!.id);
          release(i);
          continue;
        }
        running++;
        const started = work(tasks[i]!.id);
        if (typeof started === 'function') {
          waitingTasks.push(i);
          waitingWork.push(started);
        } else {
          started.then(
            (outcome) => {
              settle(i, outcome);
              pump();
            },
            (error: unknown) => reject(error),
          );
        }
      }
    };
    const pump = (): void => {
      try {
        start();
        // Once nothing more can start, the work done at once finishes as work that awaits equally
        // long would: every task started in one turn finishes, in the order started, before any
        // of them hands its slot on; each then starts what it frees, which finishes next.
        while (waitingTasks.length > 0) {
          const cohort = waitingTasks;
          const finishing = waitingWork;
          waitingTasks = [];
          waitingWork = [];
          const outcomes = finishing.map((finish) => finish());
          for (let k = 0; k < cohort.length; k++) {
            settle(cohort[k]!, outcomes[k]!);
            start();
          }
        }
      } catch (error) {
        reject(error);
        return;
      }
      if (running === 0 && (ready.length === 0 || shouldStop())) {
        if (shouldStop()) {
          for (let i = 0; i < total; i++) {
            if (finished[i] || skipped[i]) continue;
            skipped[i] = 1;
            settled++;
            onSkip(tasks[i]!.id, doomedBy[i]! >= 0 ? tasks[doomedBy[i]!]!.id : '');
          }
        }
        if (settled < total) {
          // Only reachable with a dependency cycle, which the graph layer rejects earlier.
          reject(new Error(`scheduler stalled with ${total - settled} task(s) unfinished`));
          return;
        }
        resolve();
      }
    };
    pump();
  });
}

/**
 * dbt's graph queue scores a node by its depth in the graph being run (0 for a node with no
 * dependency there, else one more than its deepest dependency) and gives out the ready node
 * with the lowest (score, unique_id). Returns each task's depth, by position.
 */
function taskDepths(waiting: Int32Array, dependents: readonly (number[] | undefined)[]): Int32Array {
  const total = waiting.length;
  const depth = new Int32Array(total);
  const left = Int32Array.from(waiting);
  const queue: number[] = [];
  for (let i = 0; i < total; i++) if (left[i] === 0) queue.push(i);
  for (let q = 0; q < queue.length; q++) {
    const i = queue[q]!;
    const below = dependents[i];
    if (!below) continue;
    for (const child of below) {
      if (depth[child]! < depth[i]! + 1) depth[child] = depth[i]! + 1;
      if ((left[child] = left[child]! - 1) === 0) queue.push(child);
    }
  }
  return depth;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Ready task positions, first in first out. */
class ReadyQueue {
  private items: number[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  /** Where the next position pushed will stand. */
  get end(): number {
    return this.items.length;
  }

  /** Adds a position at the back. */
  push(position: number): void {
    this.items.push(position);
  }

  /** Sorts the positions pushed since `end` was `from` (a batch that became ready together). */
  sortFrom(from: number, compare: (a: number, b: number) => number): void {
    const items = this.items;
    if (items.length - from < 2) return;
    const batch = items.slice(from).sort(compare);
    for (let k = 0; k < batch.length; k++) items[from + k] = batch[k]!;
  }

  /** The earliest ready task's position (only called when not empty). */
  pop(): number {
    const top = this.items[this.head++]!;
    // Drop the consumed front now and then so a long run does not keep every position.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return top;
  }
}
