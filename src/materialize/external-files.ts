// File operations of external models: writes land beside their destination and are moved
// into place by renames, with a journal so that a run killed between renames is completed
// by the next one. Partitions not listed in a replacement are never touched.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';

/** A pending move of staged files into a location: whole (`all`) or leaf partition folders. */
interface Journal {
  location: string;
  staging: string;
  trash: string;
  /** Partition folders relative to the location, or null for the whole location. */
  partitions: string[] | null;
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
  const journalPath = join(dir, `.${name}.rh_journal.json`);
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
  const journalPath = join(dirname(location), `.${basename(location)}.rh_journal.json`);
  const journal: Journal = { location, staging, trash, partitions };
  await writeFile(`${journalPath}.tmp`, JSON.stringify(journal));
  await rename(`${journalPath}.tmp`, journalPath);
  await applyMoves(journal);
  await rm(journalPath, { force: true });
  await rm(trash, { recursive: true, force: true });
  await rm(staging, { recursive: true, force: true });
}

/** Idempotent: each move is skipped when it already happened. */
async function applyMoves(journal: Journal): Promise<void> {
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

/** True when the path exists and is a folder. */
export async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
