// The thread behind SqlFileWriter: writes the batches of files it is sent, in order, and
// answers each batch with its id and the first failure, if any.
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { writeCreatingFolders } from './write-file.js';

/** The niceness of this thread: below the thread that renders and sends the batches. */
const WRITER_NICENESS = 10;

// When threads outnumber free cores, Linux runs a thread that has just woken ahead of the one
// that woke it: each batch posted would stop the rendering thread for as long as the batch's
// writes take, and a large project posts hundreds of batches. At a lower priority this thread
// writes whenever a core is free instead; at the final flush the sender is idle, so the
// remaining batches still get a core. Linux names the calling thread in /proc/thread-self;
// elsewhere the thread keeps its default priority.
function lowerOwnPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    // Only ever lowered: a process already started at a lower priority keeps it.
    if (Number.isInteger(tid) && tid > 0 && tid !== process.pid) setPriority(tid, Math.max(getPriority(tid), WRITER_NICENESS));
  } catch {
    // No per-thread names here, or not permitted: writing works the same, only less politely.
  }
}

lowerOwnPriority();

/** A batch of files to write, as SqlFileWriter posts it. */
export interface FileBatch {
  id: number;
  files: string[];
  texts: string[];
}

/** The answer to one batch. */
export interface BatchDone {
  id: number;
  error?: { file: string; message: string; code?: string | undefined };
}

parentPort?.on('message', (batch: FileBatch) => {
  const done: BatchDone = { id: batch.id };
  for (let i = 0; i < batch.files.length; i++) {
    try {
      writeCreatingFolders(batch.files[i]!, batch.texts[i]!);
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      done.error ??= { file: batch.files[i]!, message: e.message ?? String(error), code: e.code };
    }
  }
  parentPort!.postMessage(done);
});
