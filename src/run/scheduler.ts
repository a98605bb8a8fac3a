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

  const ready: string[] = tasks.filter((t) => waiting.get(t.id) === 0).map((t) => t.id);
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
      if (left === 0 && !skipped.has(child)) insertReady(child);
    }
  };

  const insertReady = (id: string): void => {
    const rank = order.get(id) ?? 0;
    let i = ready.length;
    while (i > 0 && (order.get(ready[i - 1]!) ?? 0) > rank) i--;
    ready.splice(i, 0, id);
  };

  await new Promise<void>((resolve, reject) => {
    const pump = (): void => {
      while (running < concurrency && ready.length > 0 && !shouldStop()) {
        const id = ready.shift()!;
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
