// Shared by the incremental, snapshot and external scenario tests: a throwaway dbt project in a
// temp folder whose input files change between CLI runs, and the warehouse read back as rows.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDb, runCli, writeProjectFile, type CliRun } from './test-helpers.js';

/** A scenario project: its folder, and helpers to change files, run the CLI and read tables. */
export interface ScenarioProject {
  dir: string;
  /** Writes (or overwrites) a file of the project. */
  write(relativePath: string, text: string): void;
  /** Runs `reelhouse <args> --project-dir <dir>`. */
  run(...args: string[]): Promise<CliRun>;
  /** Runs a command that must succeed; fails with its output otherwise. */
  ok(...args: string[]): Promise<CliRun>;
  /** The rows of a query on the project's warehouse, as arrays of plain values (dates as ISO text). */
  rows(sql: string): Promise<unknown[][]>;
  dispose(): Promise<void>;
}

/** Creates a project named `scenario` (schema `main`, warehouse `warehouse.duckdb`) with the given files. */
export async function scenarioProject(files: Record<string, string>, profileExtra = ''): Promise<ScenarioProject> {
  const dir = await mkdtemp(join(tmpdir(), 'reelhouse-scenario-'));
  const write = (rel: string, text: string) => writeProjectFile(dir, rel, text);
  write('dbt_project.yml', "name: scenario\nversion: '1.0'\nconfig-version: 2\nprofile: scenario\n");
  write(
    'profiles.yml',
    `scenario:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: warehouse.duckdb\n      schema: main\n      threads: 1\n${profileExtra}`,
  );
  for (const [rel, text] of Object.entries(files)) write(rel, text);
  const run = (...args: string[]) => runCli([...args, '--project-dir', dir], dir);
  return {
    dir,
    write,
    run,
    async ok(...args) {
      const result = await run(...args);
      if (result.code !== 0) throw new Error(`reelhouse ${args.join(' ')} failed (${result.code}):\n${result.out}\n${result.err}`);
      return result;
    },
    async rows(sql) {
      const [rows] = await queryDb(join(dir, 'warehouse.duckdb'), sql);
      return (rows ?? []).map((row) => row.map(plain));
    },
    async dispose() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  return value;
}

/** A CSV file's text from a header and rows (`null` becomes an empty field). */
export function csv(header: string, ...rows: (string | number | null)[][]): string {
  return `${header}\n${rows.map((r) => r.map((v) => (v === null ? '' : String(v))).join(',')).join('\n')}\n`;
}

const DAY_MS = 86_400_000;
const TODAY_MS = Math.floor(Date.now() / DAY_MS) * DAY_MS;

/** The UTC date `n` days from today, as YYYY-MM-DD: microbatch scenarios place their rows and `begin` around today. */
export function dayFromToday(n: number): string {
  return new Date(TODAY_MS + n * DAY_MS).toISOString().slice(0, 10);
}

/** A properties file declaring source shop.orders, read from data/orders.csv, with event_time sold_at: the microbatch scenarios' input. */
export const ORDERS_SOURCE_YML = `sources:
  - name: shop
    tables:
      - name: orders
        config:
          event_time: sold_at
          external_location: 'data/orders.csv'
`;
