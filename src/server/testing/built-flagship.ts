// Test support: the flagship project (examples/streaming) built for real at a small scale in a temp folder.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemoData } from '../../ingest/index.js';
import { executeInvocation } from '../../run/execute-invocation.js';
import { Logger, type LogSink } from '../../run/logger.js';
import { openSession, type ProjectSession } from '../../run/project-session.js';
import { repoRoot } from './built-quickstart.js';

interface Lander {
  landDemoData(o: { generated: string; dataDir: string; through: string }): Promise<{ partitions: string[]; streamFiles: string[] }>;
}

/** A built copy of examples/streaming: its folders, the landed data and its open session. */
export interface BuiltFlagship {
  dir: string;
  dataDir: string;
  outputDir: string;
  /** The last landed day (YYYY-MM-DD). */
  through: string;
  session: ProjectSession;
  dispose(): Promise<void>;
}

const slash = (p: string): string => p.replaceAll('\\', '/');

/** Generates the demo data (small scale), lands it, copies the flagship to a temp folder and builds it. */
export async function buildFlagship(options: { scale?: number; days?: number; sink?: LogSink } = {}): Promise<BuiltFlagship> {
  const work = await mkdtemp(join(tmpdir(), 'reelhouse-flagship-web-'));
  const dir = join(work, 'project');
  await cp(join(repoRoot, 'examples', 'streaming'), dir, {
    recursive: true,
    filter: (src) => !/[\\/](target|dbt_packages|logs|data|output|\.generated|\.reelhouse)$/.test(src) && !src.endsWith('.duckdb') && !src.endsWith('.wal'),
  });
  const generated = join(work, 'generated');
  const dataDir = join(work, 'data');
  const outputDir = join(work, 'output');
  const summary = await generateDemoData({ out: generated, seed: 11, scale: options.scale ?? 150, start: '2024-01-01', days: options.days ?? 40 });
  const lander = (await import(new URL('../../../../examples/streaming/land-data.mjs', import.meta.url).href)) as Lander;
  await lander.landDemoData({ generated, dataDir, through: summary.end });

  const quiet: LogSink = { out: () => undefined, err: () => undefined };
  const logger = new Logger({ format: 'text', invocationId: 'flagship-web-test', sink: options.sink ?? quiet, timestamps: false });
  const env = process.env.STREAMING_DB_PATH;
  delete process.env.STREAMING_DB_PATH;
  let session: ProjectSession;
  try {
    session = await openSession({
      projectDir: dir,
      flags: { WHICH: 'build' },
      vars: { data_dir: slash(dataDir), output_dir: slash(outputDir) },
      logger,
      connect: true,
      invocationId: 'flagship-web-test',
    });
  } finally {
    if (env !== undefined) process.env.STREAMING_DB_PATH = env;
  }
  const result = await executeInvocation(session, { command: 'build', fullRefresh: false, failFast: false, storeFailures: false, args: { which: 'build' } });
  if (!result.success) {
    await session.close();
    throw new Error(`the flagship build failed: ${result.results.filter((r) => r.status !== 'success' && r.status !== 'pass').map((r) => `${r.unique_id}: ${r.message}`).join('; ')}`);
  }
  return {
    dir,
    dataDir,
    outputDir,
    through: summary.end,
    session,
    dispose: async () => {
      await session.close();
      await rm(work, { recursive: true, force: true });
    },
  };
}
