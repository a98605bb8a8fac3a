// Test helper: writes a project folder from a map of relative paths to file contents.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadProject } from './load-project.js';

/** A temporary project folder; call `cleanup` when done. */
export interface TempProject {
  dir: string;
  cleanup(): Promise<void>;
}

/** Writes `files` under a fresh temporary folder. */
export async function writeProject(files: Record<string, string>): Promise<TempProject> {
  const dir = await mkdtemp(join(tmpdir(), 'reelhouse-load-'));
  await writeFiles(dir, files);
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes files under an existing folder. */
export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  await Promise.all(
    Object.entries(files).map(async ([rel, text]) => {
      const path = join(dir, rel);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text);
    }),
  );
}

/** An environment without HOME profiles, so tests never read the developer's ~/.dbt. */
export const CLEAN_ENV: NodeJS.ProcessEnv = { HOME: '/nonexistent-home' };

/** A load error with the diagnostic the loader gives it. */
export type LoadError = Error & { diagnostic?: { code: string; location?: { file: string; line?: number } } };

/** Loads a project written from `files`: the error the load threw (none when it loaded) and the folder it was in. */
export async function loadError(files: Record<string, string>): Promise<{ error?: LoadError; dir: string }> {
  const p = await writeProject(files);
  try {
    await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    return { dir: p.dir };
  } catch (error) {
    return { error: error as LoadError, dir: p.dir };
  } finally {
    await p.cleanup();
  }
}
