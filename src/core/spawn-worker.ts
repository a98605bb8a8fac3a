// Starts the product's own worker threads with the parent's Node flags where a worker accepts
// them: a profiling or inspector flag then reaches the workers too, while a V8 flag that only a
// whole process can take (`node --max-semi-space-size=64 ...`, `--trace-gc`) is not passed on,
// where Node would refuse to start the worker at all.
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** Starts a worker thread on `url` with the parent's flags, or with none where Node refuses them. */
export function spawnWorker(url: URL, options: WorkerOptions = {}): Worker {
  const inherited = inheritableExecArgv();
  try {
    return new Worker(url, { ...options, execArgv: inherited });
  } catch (error) {
    // Node has no list of the flags a worker accepts; it says so only by refusing them.
    if ((error as { code?: string }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV' || inherited.length === 0) throw error;
    return new Worker(url, { ...options, execArgv: [] });
  }
}

/** The parent's Node flags minus those that only make sense for the main script (`-e`, `--input-type`). */
function inheritableExecArgv(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--input-type=')) continue;
    if (['--input-type', '-e', '--eval', '-p', '--print'].includes(arg)) {
      i++;
      continue;
    }
    out.push(arg);
  }
  return out;
}
