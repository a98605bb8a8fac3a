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
 * descendants. Ties are broken by input order, so output is stable across runs.
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

  // Ready tasks ordered by input position (a binary min-heap: thousands of tasks stay cheap).
  const ready = new RankQueue();
  for (let i = 0; i < total; i++) if (waiting[i] === 0) ready.push(i);
  const skipped = new Uint8Array(total);
  const finished = new Uint8Array(total);
  let running = 0;
  let settled = 0;

  const skipDescendants = (root: number): void => {
    const stack = [...(dependents[root] ?? [])];
    while (stack.length > 0) {
      const i = stack.pop()!;
      if (skipped[i]) continue;
      skipped[i] = 1;
      settled++;
      onSkip(tasks[i]!.id, tasks[root]!.id);
      const below = dependents[i];
      if (below) for (const child of below) stack.push(child);
    }
  };

  const release = (i: number): void => {
    const below = dependents[i];
    if (!below) return;
    for (const child of below) {
      const left = (waiting[child] = waiting[child]! - 1);
      if (left === 0 && !skipped[child]) ready.push(child);
    }
  };

  const settle = (i: number, outcome: TaskOutcome): void => {
    running--;
    finished[i] = 1;
    settled++;
    if (outcome.blocksDownstream) skipDescendants(i);
    else release(i);
  };

  // Work done at once, in the order it was started, waiting for its turn to finish.
  let waitingTasks: number[] = [];
  let waitingWork: FinishedWork[] = [];

  await new Promise<void>((resolve, reject) => {
    const start = (): void => {
      while (running < concurrency && ready.length > 0 && !shouldStop()) {
        const i = ready.pop();
        if (skipped[i]) continue;
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
            onSkip(tasks[i]!.id, '');
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

/** A min-heap of task positions: `pop` returns the earliest ready task. */
class RankQueue {
  private readonly heap: number[] = [];

  get length(): number {
    return this.heap.length;
  }

  push(rank: number): void {
    const heap = this.heap;
    let i = heap.length;
    heap.push(rank);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]! <= rank) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = rank;
  }

  /** The smallest position (only called when not empty). */
  pop(): number {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    const size = heap.length;
    if (size > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= size) break;
        if (child + 1 < size && heap[child + 1]! < heap[child]!) child++;
        if (heap[child]! >= last) break;
        heap[i] = heap[child]!;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}
