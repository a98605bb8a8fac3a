// Test support: the quickstart example project copied to a temp folder and built for real.
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { executeInvocation } from '../../run/execute-invocation.js';
import { Logger, type LogSink } from '../../run/logger.js';
import { openSession, type ProjectSession } from '../../run/project-session.js';

/** The repository root, from this compiled file (dist/src/server/testing/). */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** A built copy of examples/quickstart and its open session (warehouse connected). */
export interface BuiltQuickstart {
  dir: string;
  session: ProjectSession;
  /** Rows of one of the example's seed CSVs, as objects of text (for computing expected numbers independently). */
  csv(name: string): Record<string, string>[];
  dispose(): Promise<void>;
}

/** Copies the quickstart to a temp folder, builds it (seeds, models, tests) and keeps the session open. */
export async function buildQuickstart(options: { sink?: LogSink } = {}): Promise<BuiltQuickstart> {
  const dir = await mkdtemp(join(tmpdir(), 'reelhouse-web-'));
  await cp(join(repoRoot, 'examples', 'quickstart'), dir, {
    recursive: true,
    filter: (src) => !/[\\/](target|dbt_packages|logs)$/.test(src) && !src.endsWith('.duckdb') && !src.endsWith('.wal'),
  });
  const quiet: LogSink = { out: () => undefined, err: () => undefined };
  const logger = new Logger({ format: options.sink ? 'json' : 'text', invocationId: 'web-test', sink: options.sink ?? quiet, timestamps: false });
  const env = process.env.QUICKSTART_DB_PATH;
  delete process.env.QUICKSTART_DB_PATH;
  let session: ProjectSession;
  try {
    session = await openSession({ projectDir: dir, flags: { WHICH: 'build' }, logger, connect: true, invocationId: 'web-test' });
  } finally {
    if (env !== undefined) process.env.QUICKSTART_DB_PATH = env;
  }
  const result = await executeInvocation(session, { command: 'build', fullRefresh: false, failFast: false, storeFailures: false, args: { which: 'build' } });
  if (!result.success) throw new Error(`the quickstart build failed: ${result.results.filter((r) => r.status !== 'success' && r.status !== 'pass').map((r) => `${r.unique_id}: ${r.message}`).join('; ')}`);
  return {
    dir,
    session,
    csv: (name) => parseCsv(readFileSync(join(dir, 'seeds', `${name}.csv`), 'utf8')),
    dispose: async () => {
      await session.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A plain CSV reader for the example's simple seed files (no quoted commas). */
export function parseCsv(text: string): Record<string, string>[] {
  const [head, ...lines] = text.trim().split(/\r?\n/);
  const cols = head!.split(',');
  return lines.map((l) => {
    const cells = l.split(',');
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
  });
}

/** Expected KPIs computed from the seed CSVs in plain TypeScript, with no SQL involved. */
export function expectedKpis(q: BuiltQuickstart, filter: { start: string; end: string; countries?: string[] }) {
  const users = new Map(q.csv('users_raw').map((u) => [u.user_id!, u]));
  const inScope = (userId: string, date: string): boolean => {
    const user = users.get(userId);
    if (!user) return false;
    if (filter.countries && !filter.countries.includes(user.country!.toUpperCase())) return false;
    const month = `${date.slice(0, 7)}-01`;
    return month >= filter.start && month <= filter.end;
  };
  const mau = new Map<string, Set<string>>();
  for (const v of q.csv('viewing_activity_raw')) {
    if (!inScope(v.user_id!, v.watch_date!)) continue;
    const m = `${v.watch_date!.slice(0, 7)}-01`;
    (mau.get(m) ?? mau.set(m, new Set()).get(m)!).add(v.user_id!);
  }
  const revenue = new Map<string, number>();
  for (const p of q.csv('payments_raw')) {
    if (!inScope(p.user_id!, p.payment_date!)) continue;
    const m = `${p.payment_date!.slice(0, 7)}-01`;
    revenue.set(m, Math.round(((revenue.get(m) ?? 0) + Number(p.amount)) * 100) / 100);
  }
  const months = [...new Set([...mau.keys(), ...revenue.keys()])].sort();
  return {
    months,
    mau: months.map((m) => mau.get(m)?.size ?? 0),
    revenue: months.map((m) => revenue.get(m) ?? 0),
    totalRevenue: Math.round([...revenue.values()].reduce((a, b) => a + b, 0) * 100) / 100,
  };
}
