// File operations of external models: writes land beside their destination and are moved
// into place by renames, with a journal so that a run killed between renames is completed
// by the next one. Partitions not listed in a replacement are never touched; files merged
// into a location (overwrite_or_ignore, append) leave its other files alone.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative } from 'node:path';

/** A pending move of staged files into a location: whole (`all`) or leaf partition folders. */
interface Journal {
  location: string;
  staging: string;
  trash: string;
  /** Partition folders relative to the location, or null for the whole location. */
  partitions: string[] | null;
  /** File moves (staged name, name in the location), both relative: set when files merge into the location. */
  files?: [string, string][];
}

// Writes in progress per location: models sharing a folder (each with its own
// filename_pattern) take turns, so one's recovery never discards another's staged files
// and their journals, which share a name, never cross.
const writing = new Map<string, Promise<void>>();

/** Runs `fn` when no other write of this process to `location` is in progress. */
export async function withLocationLock<T>(location: string, fn: () => Promise<T>): Promise<T> {
  const before = writing.get(location) ?? Promise.resolve();
  let release: () => void = () => undefined;
  const mine = before.then(() => new Promise<void>((resolve) => (release = resolve)));
  writing.set(location, mine);
  await before;
  try {
    return await fn();
  } finally {
    release();
    if (writing.get(location) === mine) writing.delete(location);
  }
}

/** Where an external location's staging, trash and journal live: hidden siblings of it. */
export function sidecars(location: string, runId: string): { staging: string; trash: string; journal: string } {
  const dir = dirname(location);
  const name = basename(location);
  return { staging: join(dir, `.${name}.rh_staging-${runId}`), trash: join(dir, `.${name}.rh_trash-${runId}`), journal: join(dir, `.${name}.rh_journal.json`) };
}

/**
 * Finishes or discards what a killed run left: a journal means every staged file was
 * complete, so the moves are completed; staging folders without a journal are discarded.
 */
export async function recoverLocation(location: string): Promise<void> {
  const dir = dirname(location);
  const name = basename(location);
  const journalPath = sidecars(location, '').journal;
  if (existsSync(journalPath)) {
    const journal = JSON.parse(await readFile(journalPath, 'utf8')) as Journal;
    await applyMoves(journal);
    await rm(journalPath, { force: true });
  }
  if (!existsSync(dir)) return;
  for (const entry of await readdir(dir)) {
    if (entry.startsWith(`.${name}.rh_staging-`) || entry.startsWith(`.${name}.rh_trash-`) || entry.startsWith(`.${name}.rh_tmp-`)) {
      await rm(join(dir, entry), { recursive: true, force: true });
    }
  }
}

/** Puts a fully written staging file or folder in place of `location`, keeping the journal until done. */
export async function commitStaged(location: string, staging: string, trash: string, partitions: string[] | null): Promise<void> {
  await journaledMoves({ location, staging, trash, partitions });
}

/**
 * Moves every staged file into `location` at the same relative path: a file of that name is
 * replaced (kept in the trash until done), every other file of the location stays. With
 * `appendId`, a name already taken gets the id appended instead, so no file is replaced.
 */
export async function commitFiles(location: string, staging: string, trash: string, appendId: string | null): Promise<void> {
  const files: [string, string][] = [];
  for (const file of await leafFiles(staging)) {
    let target = file;
    if (appendId !== null && existsSync(join(location, file))) {
      const ext = extname(file);
      target = `${file.slice(0, file.length - ext.length)}_${appendId}${ext}`;
    }
    files.push([file, target]);
  }
  await journaledMoves({ location, staging, trash, partitions: null, files });
}

/** Writes the journal, makes its moves, then removes the journal, the trash and the staging area. */
async function journaledMoves(journal: Journal): Promise<void> {
  const journalPath = sidecars(journal.location, '').journal;
  await writeFile(`${journalPath}.tmp`, JSON.stringify(journal));
  await rename(`${journalPath}.tmp`, journalPath);
  await applyMoves(journal);
  await rm(journalPath, { force: true });
  await rm(journal.trash, { recursive: true, force: true });
  await rm(journal.staging, { recursive: true, force: true });
}

/** Idempotent: each move is skipped when it already happened. */
async function applyMoves(journal: Journal): Promise<void> {
  if (journal.files) {
    for (const [staged, placed] of journal.files) {
      const from = join(journal.staging, staged);
      if (!existsSync(from)) continue;
      const to = join(journal.location, placed);
      if (existsSync(to)) {
        const old = join(journal.trash, placed);
        await mkdir(dirname(old), { recursive: true });
        await rm(old, { force: true });
        await rename(to, old);
      }
      await mkdir(dirname(to), { recursive: true });
      await rename(from, to);
    }
    return;
  }
  if (journal.partitions === null) {
    if (!existsSync(journal.staging)) return;
    if (existsSync(journal.location)) {
      await rm(journal.trash, { recursive: true, force: true });
      await rename(journal.location, journal.trash);
    }
    await rename(journal.staging, journal.location);
    return;
  }
  for (const part of journal.partitions) {
    const from = join(journal.staging, part);
    if (!existsSync(from)) continue;
    const to = join(journal.location, part);
    if (existsSync(to)) {
      const old = join(journal.trash, part);
      await mkdir(dirname(old), { recursive: true });
      await rm(old, { recursive: true, force: true });
      await rename(to, old);
    }
    await mkdir(dirname(to), { recursive: true });
    await rename(from, to);
  }
}

/** Leaf folders (holding files) under `root`, relative to it: the partitions a write produced. */
export async function leafFolders(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    if (entries.some((e) => e.isFile())) out.push(relative(root, dir));
    for (const e of entries) if (e.isDirectory()) await walk(join(dir, e.name));
  };
  if (existsSync(root)) await walk(root);
  return out.sort();
}

/** Every file under `root`, relative to it. */
async function leafFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      if (e.isDirectory()) await walk(join(dir, e.name));
      else out.push(relative(root, join(dir, e.name)));
    }
  };
  if (existsSync(root)) await walk(root);
  return out.sort();
}

/** True when the path exists and is a folder. */
export async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
