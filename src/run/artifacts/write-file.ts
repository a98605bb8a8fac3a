import { mkdirSync, writeFileSync } from 'node:fs';
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
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}
