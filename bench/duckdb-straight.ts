// The benchmarks' same-run baseline: compiled table statements sent straight to DuckDB on one
// connection, with nothing of Reelhouse around them. The targets were set on a machine
// where the 1,000-table project's statements took REFERENCE_SECONDS this way, so timing the same
// statements here tells a slow day on a shared host from a slower product. It is a yardstick, not
// a conversion factor: DuckDB's statements and Reelhouse's JavaScript do not slow down alike.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openDuckDb } from '../src/adapters/duckdb/index.js';
import type { CompiledNode } from '../src/project/types.js';
import { Logger } from '../src/run/logger.js';
import { openSession } from '../src/run/project-session.js';
import { executeInvocation } from '../src/run/execute-invocation.js';
import { writeSyntheticProject } from './generate-project.js';

/** Seconds the 1,000 tables' statements took straight into DuckDB on the machine the targets were set on. */
export const REFERENCE_SECONDS = 1.2;

/** One table's relation name and compiled select. */
export interface TableStatement {
  rel: string;
  sql: string;
}

/** Times `create or replace table … as (…)` for each statement, in order, on a fresh file at `dbPath`. */
export async function runStraight(statements: TableStatement[], dbPath: string): Promise<{ seconds: number; closedSeconds: number; cpu: number }> {
  const db = await openDuckDb({ path: dbPath });
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (const { rel, sql } of statements) await db.execute(`create or replace table ${rel} as (${sql})`);
  const t1 = performance.now();
  const c1 = process.cpuUsage(c0);
  await db.close();
  return { seconds: (t1 - t0) / 1000, closedSeconds: (performance.now() - t0) / 1000, cpu: (c1.user + c1.system) / 1e6 };
}

/** The relation name and compiled select of each node an invocation ran or compiled. */
export function tableStatements(nodes: CompiledNode[]): TableStatement[] {
  return nodes.map((n) => ({ rel: n.relation_name ?? '', sql: n.compiled_code ?? '' }));
}

/**
 * This machine's yardstick: the run-tables benchmark's 1,000 tables are compiled (untimed) in
 * `dir`, then their statements are timed straight into DuckDB. The factor is today's seconds
 * over REFERENCE_SECONDS (above 1: slower today).
 */
export async function machineFactor(dir: string): Promise<{ seconds: number; factor: number }> {
  await writeSyntheticProject(dir, { models: 1000, testsPerModel: 0, materialized: 'table', fanIn: 2, dbPath: join(dir, 'bench.duckdb') });
  const logger = new Logger({ format: 'text', quiet: true, invocationId: 'bench' });
  const session = await openSession({ projectDir: dir, flags: { WHICH: 'compile' }, logger, connect: true });
  const result = await executeInvocation(session, { command: 'compile', fullRefresh: false, failFast: false, storeFailures: false, args: {} });
  await session.close();
  const statements = tableStatements(result.results.map((r) => r.node as CompiledNode));
  // Same file name in another folder, so the catalog name (and every compiled reference) matches.
  await mkdir(join(dir, 'baseline'));
  const { seconds } = await runStraight(statements, join(dir, 'baseline', 'bench.duckdb'));
  return { seconds, factor: seconds / REFERENCE_SECONDS };
}
