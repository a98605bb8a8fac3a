import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes one small file synchronously, creating its folder only when it is missing. A build
 * writes one file per node: synchronous writes cost a fraction of the CPU and time of
 * asynchronous ones (open, write and close are each a thread-pool round trip), and the
 * folder is usually there already.
 */
export function writeCreatingFolders(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A folder where the file goes is left by an earlier layout of target/ (a snapshot's run SQL
    // was once nested under a folder named after its file): target/ is regenerated, so it goes.
    if (code === 'EISDIR') rmSync(file, { recursive: true, force: true });
    else if (code === 'ENOENT') mkdirSync(dirname(file), { recursive: true });
    else throw error;
    writeFileSync(file, text);
  }
}
