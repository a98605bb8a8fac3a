// Helpers for end-to-end CLI tests: copy a project to a temp folder and run the CLI in-process.
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from './main.js';

/** The repository root, found from this compiled file (dist/src/cli/). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Copies a project folder (relative to the repo root) into a fresh temp folder. */
export async function copyProject(relativeDir: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'reelhouse-e2e-'));
  await cp(join(repoRoot, relativeDir), dir, {
    recursive: true,
    filter: (src) => !/[\\/](target|dbt_packages|logs)$/.test(src) && !src.endsWith('.duckdb') && !src.endsWith('.wal'),
  });
  return dir;
}

/** What one CLI invocation printed and returned. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in-process with the given arguments, capturing its output. */
export async function runCli(args: string[], cwd?: string): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { sink: { out: (l) => out.push(l), err: (l) => err.push(l) }, ...(cwd ? { cwd } : {}) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
