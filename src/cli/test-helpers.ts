// Helpers for end-to-end CLI tests: copy a project to a temp folder and run the CLI in-process.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
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

/** Copies several project folders side by side into one fresh temp folder (for `local:` packages); returns it. */
export async function copyProjectsSideBySide(...relativeDirs: string[]): Promise<string> {
  const base = await mkdtemp(join(tmpdir(), 'reelhouse-e2e-'));
  for (const rel of relativeDirs) {
    await cp(join(repoRoot, rel), join(base, basename(rel)), {
      recursive: true,
      filter: (src) => !/[\\/](target|dbt_packages|logs)$/.test(src) && !src.endsWith('.duckdb') && !src.endsWith('.wal'),
    });
  }
  return base;
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

/** `ls -q` of a project whose profiles.yml sits in it, with extra arguments: the printed lines (the command must succeed). */
export async function listLines(projectDir: string, ...args: string[]): Promise<string[]> {
  const run = await runCli(['ls', '--project-dir', projectDir, '--profiles-dir', projectDir, '-q', ...args]);
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  return run.out.split('\n').filter(Boolean);
}

/** Runs queries on a project's DuckDB file (opened and closed around them) and returns each query's rows. */
export async function queryDb<const Q extends readonly string[]>(path: string, ...sqls: Q): Promise<{ -readonly [K in keyof Q]: unknown[][] }> {
  const { openDuckDb } = await import('../adapters/duckdb/index.js');
  const db = await openDuckDb({ path });
  try {
    const out: unknown[][][] = [];
    for (const sql of sqls) out.push((await db.execute(sql)).rows);
    return out as { -readonly [K in keyof Q]: unknown[][] };
  } finally {
    await db.close();
  }
}

/** Reads a JSON artifact from a project's target folder. */
export function readArtifact<T = Record<string, unknown>>(projectDir: string, name: string): T {
  return JSON.parse(readFileSync(join(projectDir, 'target', name), 'utf8')) as T;
}

/** The statuses of a run_results.json, by unique_id. */
export function resultStatuses(projectDir: string): Map<string, string> {
  const results = readArtifact<{ results: { unique_id: string; status: string }[] }>(projectDir, 'run_results.json');
  return new Map(results.results.map((r) => [r.unique_id, r.status]));
}

/** Asserts the text is free of stack-trace lines (`    at fn (file:1:2)`). */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+[:(]/m.test(text);
}

/**
 * The promises every bad-input report keeps: the exit code, the place named, one paragraph, no
 * stack trace, and no internal words (an object's default text, a JavaScript error class).
 */
export function assertReported(run: CliRun, code: number, where: string, ...parts: RegExp[]): void {
  const text = `${run.err}\n${run.out}`;
  assert.equal(run.code, code, `expected exit ${code}\n${text}`);
  assert.ok(text.includes(where), `names ${where}:\n${text}`);
  for (const part of parts) assert.match(text, part);
  assert.ok(!hasStackTrace(text), `no stack trace:\n${text}`);
  assert.doesNotMatch(run.err.trim(), /\n\s*\n/u, 'one paragraph');
  assert.doesNotMatch(text, /\[object Object\]|(?<!found |is |-)\bundefined\b|TypeError|This is a bug in Reelhouse/u);
}

/** Writes a file under a project folder, creating folders. */
export function writeProjectFile(projectDir: string, relativePath: string, text: string): void {
  const path = join(projectDir, relativePath);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** The daily time spine dbt requires of a project with a semantic layer: models/days.sql and its YAML. */
export function writeDailyTimeSpine(projectDir: string): void {
  writeProjectFile(projectDir, 'models/days.sql', "select date '2024-01-01' as date_day\n");
  writeProjectFile(projectDir, 'models/days.yml', 'models:\n  - name: days\n    time_spine: {standard_granularity_column: date_day}\n    columns: [{name: date_day, granularity: day}]\n');
}

/** A project in a fresh temp folder: the `base` files, with `files` added or replaced. */
export function projectWith(base: Record<string, string>, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'reelhouse-project-'));
  for (const [rel, text] of Object.entries({ ...base, ...files })) writeProjectFile(dir, rel, text);
  return dir;
}

/** Runs `body` on projectWith(base, files), then removes the folder. */
export async function withProjectFiles(base: Record<string, string>, files: Record<string, string>, body: (dir: string) => Promise<void>): Promise<void> {
  const dir = projectWith(base, files);
  try {
    await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A new project in a fresh temp folder: a dbt_project.yml named `name` (with `projectYaml`
 * appended, e.g. a `models:` block) and a profiles.yml that builds `<name>.duckdb` beside it.
 */
export async function newProject(name: string, projectYaml = ''): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `reelhouse-${name}-`));
  writeProjectFile(dir, 'dbt_project.yml', `name: ${name}\nversion: '1.0.0'\nprofile: ${name}\n${projectYaml}`);
  writeProjectFile(dir, 'profiles.yml', `${name}:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ${name}.duckdb\n`);
  return dir;
}
