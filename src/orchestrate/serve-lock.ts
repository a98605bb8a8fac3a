import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { userError } from '../core/diagnostic.js';
import { isProcessAlive } from './run-store.js';

/** What `<project>/.reelhouse/serve.json` says about the server that owns the warehouse. */
export interface ServeLock {
  pid: number;
  port: number;
  host: string;
  /** The command line that started it, to name it in messages. */
  command: string;
  startedAt: string;
}

/** Where a project's serve lock lives. */
export function serveLockPath(projectDir: string): string {
  return join(projectDir, '.reelhouse', 'serve.json');
}

/**
 * The lock of a live server, or undefined. A lock left by a process that no longer exists
 * (killed with SIGKILL, machine rebooted) is removed on the way.
 */
export function readLiveServeLock(projectDir: string): ServeLock | undefined {
  const file = serveLockPath(projectDir);
  let lock: ServeLock;
  try {
    lock = JSON.parse(readFileSync(file, 'utf8')) as ServeLock;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // Unreadable or half-written: treat as stale.
    rmSync(file, { force: true });
    return undefined;
  }
  if (lock.pid !== process.pid && !isProcessAlive(lock.pid)) {
    rmSync(file, { force: true });
    return undefined;
  }
  return lock;
}

/**
 * Claims the project for this process. Fails with `serve-running` when a live server holds it.
 * Returns the function that releases the claim (only if it is still ours).
 */
export function acquireServeLock(projectDir: string, lock: Omit<ServeLock, 'pid'>): () => void {
  const held = readLiveServeLock(projectDir);
  if (held && held.pid !== process.pid) {
    throw userError('serve-running', `reelhouse serve is already running for this project (pid ${held.pid}, port ${held.port}: ${held.command})`,
      { file: serveLockPath(projectDir) }, 'Stop that server first, or open it in the browser at the port above.');
  }
  const file = serveLockPath(projectDir);
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ ...lock, pid: process.pid }, null, 2)}\n`);
  renameSync(temp, file);
  return () => {
    const current = readLiveServeLock(projectDir);
    if (current?.pid === process.pid) rmSync(file, { force: true });
  };
}
