// The thread behind SqlFileWriter: writes the batches of files it is sent, in order, and
// answers each batch with its id and the first failure, if any.
import { parentPort } from 'node:worker_threads';
import { writeCreatingFolders } from './write-file.js';

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
