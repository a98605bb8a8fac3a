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
  work: (id: string) => Promise<TaskOutcome>,
  onSkip: SkipHandler,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  const ids = new Set(tasks.map((t) => t.id));
  const order = new Map(tasks.map((t, i) => [t.id, i]));
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const task of tasks) {
    let count = 0;
    for (const dep of new Set(task.dependsOn)) {
      if (!ids.has(dep) || dep === task.id) continue;
      count++;
      let list = dependents.get(dep);
      if (!list) dependents.set(dep, (list = []));
      list.push(task.id);
    }
    waiting.set(task.id, count);
  }

  // Ready tasks ordered by input position (a binary min-heap: thousands of tasks stay cheap).
  const ready = new RankQueue();
  for (const t of tasks) if (waiting.get(t.id) === 0) ready.push(order.get(t.id) ?? 0, t.id);
  const skipped = new Set<string>();
  const finished = new Set<string>();
  let running = 0;
  let settled = 0;
  const total = tasks.length;

  const skipDescendants = (root: string): void => {
    const stack = [...(dependents.get(root) ?? [])];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (skipped.has(id)) continue;
      skipped.add(id);
      settled++;
      onSkip(id, root);
      stack.push(...(dependents.get(id) ?? []));
    }
  };

  const release = (id: string): void => {
    for (const child of dependents.get(id) ?? []) {
      const left = (waiting.get(child) ?? 0) - 1;
      waiting.set(child, left);
      if (left === 0 && !skipped.has(child)) ready.push(order.get(child) ?? 0, child);
    }
  };

  await new Promise<void>((resolve, reject) => {
    const pump = (): void => {
      while (running < concurrency && ready.length > 0 && !shouldStop()) {
        const id = ready.pop()!;
        if (skipped.has(id)) continue;
        running++;
        work(id).then(
          (outcome) => {
            running--;
            finished.add(id);
            settled++;
            if (outcome.blocksDownstream) skipDescendants(id);
            else release(id);
            pump();
          },
          (error: unknown) => reject(error),
        );
      }
      if (running === 0 && (ready.length === 0 || shouldStop())) {
        if (shouldStop()) {
          for (const task of tasks) {
            if (finished.has(task.id) || skipped.has(task.id)) continue;
            skipped.add(task.id);
            settled++;
            onSkip(task.id, '');
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

/** A min-heap of ids keyed by their input rank: `pop` returns the earliest ready task. */
class RankQueue {
  private readonly ranks: number[] = [];
  private readonly ids: string[] = [];

  get length(): number {
    return this.ids.length;
  }

  push(rank: number, id: string): void {
    let i = this.ids.length;
    this.ranks.push(rank);
    this.ids.push(id);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.ranks[parent]! <= rank) break;
      this.ranks[i] = this.ranks[parent]!;
      this.ids[i] = this.ids[parent]!;
      i = parent;
    }
    this.ranks[i] = rank;
    this.ids[i] = id;
  }

  pop(): string | undefined {
    const n = this.ids.length;
    if (n === 0) return undefined;
    const top = this.ids[0];
    const lastRank = this.ranks.pop()!;
    const lastId = this.ids.pop()!;
    if (n > 1) {
      const size = n - 1;
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= size) break;
        if (child + 1 < size && this.ranks[child + 1]! < this.ranks[child]!) child++;
        if (this.ranks[child]! >= lastRank) break;
        this.ranks[i] = this.ranks[child]!;
        this.ids[i] = this.ids[child]!;
        i = child;
      }
      this.ranks[i] = lastRank;
      this.ids[i] = lastId;
    }
    return top;
  }
}
