// Writes the many small SQL files of an invocation (target/compiled, target/run) off the main
// thread. Creating a file costs mostly kernel time; for a large project (one file per node,
// tens of thousands) that is seconds the main thread would otherwise spend blocked instead of
// rendering the next node. The first files are written inline, so small projects never start
// a thread; past that, files go in batches to a worker thread and `flush` waits for them.
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../../core/spawn-worker.js';
import { userError } from '../../core/diagnostic.js';
import { writeCreatingFolders } from './write-file.js';
import type { BatchDone, FileBatch } from './sql-file-worker.js';

/** Files written on the calling thread before a worker is worth starting. */
const INLINE_FILES = 256;
/** Files per message to the worker. */
const BATCH_FILES = 64;

/** Queues small file writes for one invocation; `flush` before relying on the files. */
export class SqlFileWriter {
  private worker: Worker | undefined;
  private workerFailed = false;
  private closed = false;
  private written = 0;
  private nextId = 0;
  private batch: FileBatch = { id: 0, files: [], texts: [] };
  /** Batches posted and not yet answered, by id: rewritten inline if the worker dies. */
  private readonly inFlight = new Map<number, FileBatch>();
  private failure: Error | undefined;
  private drained: (() => void) | undefined;

  constructor(private readonly inlineFiles: number = INLINE_FILES) {}

  /** Writes `text` to `file` (folders created as needed), now or in the background. */
  write(file: string, text: string): void {
    if (this.written++ < this.inlineFiles || this.workerFailed) {
      writeCreatingFolders(file, text);
      return;
    }
    this.batch.files.push(file);
    this.batch.texts.push(text);
    if (this.batch.files.length >= BATCH_FILES) this.post();
  }

  /** Resolves once every queued file is written; rejects with the first write that failed. */
  async flush(): Promise<void> {
    this.post();
    if (this.inFlight.size > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    this.drained = undefined;
    await this.close();
    if (this.failure) throw this.failure;
  }

  /** Stops the worker thread (queued files not yet written are dropped). */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  private post(): void {
    const batch = this.batch;
    if (batch.files.length === 0) return;
    this.batch = { id: ++this.nextId, files: [], texts: [] };
    const worker = this.workerFailed ? undefined : this.ensureWorker();
    if (!worker) {
      this.writeInline(batch);
      return;
    }
    // Referenced only while it has work, so an idle writer never keeps the process alive.
    if (this.inFlight.size === 0) worker.ref();
    this.inFlight.set(batch.id, batch);
    worker.postMessage(batch);
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker) return this.worker;
    try {
      const worker = spawnWorker(new URL('./sql-file-worker.js', import.meta.url));
      worker.on('message', (done: BatchDone) => this.answered(done));
      worker.on('error', () => this.workerDied());
      worker.on('exit', () => this.workerDied());
      this.worker = worker;
      this.closed = false;
      return worker;
    } catch {
      this.workerFailed = true;
      return undefined;
    }
  }

  private answered(done: BatchDone): void {
    this.inFlight.delete(done.id);
    if (done.error && !this.failure) {
      const { file, message, code } = done.error;
      this.failure = userError('write-failed', `Could not write ${file}: ${message}${code ? ` (${code})` : ''}`, { file }, 'Check that the target folder is writable and has space left.');
    }
    if (this.inFlight.size === 0) {
      this.worker?.unref();
      this.drained?.();
    }
  }

  // A worker that stops while batches are in flight (out of memory, terminated from outside)
  // must not lose files: whatever it did not confirm is written here instead.
  private workerDied(): void {
    if (this.closed || (this.worker === undefined && this.inFlight.size === 0)) return;
    this.worker = undefined;
    this.workerFailed = true;
    const left = [...this.inFlight.values()];
    this.inFlight.clear();
    for (const batch of left) this.writeInline(batch);
    this.drained?.();
  }

  private writeInline(batch: FileBatch): void {
    for (let i = 0; i < batch.files.length; i++) {
      try {
        writeCreatingFolders(batch.files[i]!, batch.texts[i]!);
      } catch (error) {
        const e = error as NodeJS.ErrnoException;
        this.failure ??= userError('write-failed', `Could not write ${batch.files[i]!}: ${e.message ?? String(error)}`, { file: batch.files[i]! }, 'Check that the target folder is writable and has space left.');
      }
    }
  }
}
