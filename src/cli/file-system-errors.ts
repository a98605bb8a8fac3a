// A file system refusal (a file where a folder should be, no permission, a read-only or full
// disk) comes from the user's machine or flags, not from a bug: it reads as a project error that
// names the path and says what to change.
import { userError, type ReelhouseError } from '../core/diagnostic.js';

const REASONS: Record<string, { what: string; hint: string }> = {
  EEXIST: { what: 'a file with that name is in the way', hint: 'Remove or rename that file, or point the flag or setting that names this path (--target-path, --log-path, ...) elsewhere.' },
  ENOTDIR: { what: 'a part of the path is a file, not a folder', hint: 'Remove or rename that file, or point the flag or setting that names this path elsewhere.' },
  EISDIR: { what: 'it is a folder, not a file', hint: 'Remove or rename the folder, or point the flag or setting that names this path elsewhere.' },
  EACCES: { what: 'permission denied', hint: 'Give your user access to the path, or point the flag or setting that names it elsewhere.' },
  EPERM: { what: 'operation not permitted', hint: 'Give your user access to the path, or point the flag or setting that names it elsewhere.' },
  EROFS: { what: 'the file system is read-only', hint: 'Point the flag or setting that names this path at a writable folder.' },
  ENOSPC: { what: 'the disk is full', hint: 'Free some disk space and run again.' },
};

const VERBS: Record<string, string> = {
  mkdir: 'create the folder', open: 'open', write: 'write', rename: 'move', unlink: 'remove', rmdir: 'remove', rm: 'remove',
  scandir: 'read the folder', copyfile: 'copy', symlink: 'link', access: 'access',
};

/** The project error a Node file system error stands for, or undefined for any other error. */
export function fileSystemError(error: unknown): ReelhouseError | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, syscall, path } = error as NodeJS.ErrnoException;
  const reason = code === undefined ? undefined : REASONS[code];
  if (!reason || typeof path !== 'string') return undefined;
  const verb = syscall === undefined ? 'use' : (VERBS[syscall] ?? syscall);
  return userError('file-system', `Could not ${verb} ${path}: ${reason.what} (${code}).`, undefined, reason.hint, error);
}
