// Test support: the flagship project (examples/streaming) built for real at a small scale in a
// temp folder, the way `npm start` does it: the demo service lives its days (demo-service.mjs),
// its APIs listen on loopback, then the CLI runs the hourly pipeline (ingest.yml, build, source
// freshness). The CLI runs as a child process, so each step is exactly what a user runs.
import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger, type LogSink } from '../../run/logger.js';
import { openSession, type ProjectSession } from '../../run/project-session.js';
import { repoRoot } from './built-quickstart.js';

interface DemoService {
  advanceDemoService(o: { project: string; through?: string; log?: (line: string) => void }): Promise<{ end: string; days: number }>;
  startDemoServiceApi(o: { project: string; port?: number }): Promise<{ url: string; close(): Promise<void> }>;
}

/** A built copy of examples/streaming: its folders, the demo service's data and its open session. */
export interface BuiltFlagship {
  dir: string;
  /** The demo service's data folder (the project's `data_dir`). */
  dataDir: string;
  outputDir: string;
  /** The last day the demo service lived (YYYY-MM-DD). */
  through: string;
  session: ProjectSession;
  dispose(): Promise<void>;
}

const slash = (p: string): string => p.replaceAll('\\', '/');

/** Runs the CLI in the project folder; rejects with its output when it fails. */
async function cli(dir: string, args: string[], env: Record<string, string>): Promise<string> {
  // The project's own defaults, never a developer's settings for their copy of the flagship.
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const k of ['STREAMING_DATA_DIR', 'STREAMING_DB_PATH', 'STREAMING_PG_URL']) delete childEnv[k];
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'reelhouse'), ...args], { cwd: dir, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number>((done) => child.on('close', (c) => done(c ?? 1)));
  if (code !== 0) throw new Error(`reelhouse ${args.join(' ')} failed (${code}):\n${out.slice(-4000)}`);
  return out;
}

/** Lets the demo service live `days` days (small scale) and runs the hourly pipeline in a temp copy. */
export async function buildFlagship(options: { scale?: number; days?: number; sink?: LogSink } = {}): Promise<BuiltFlagship> {
  const work = await mkdtemp(join(tmpdir(), 'reelhouse-flagship-web-'));
  const dir = join(work, 'project');
  await cp(join(repoRoot, 'examples', 'streaming'), dir, {
    recursive: true,
    filter: (src) => !/[\\/](target|dbt_packages|logs|data|output|\.generated|\.reelhouse|\.demo-service\.json)$/.test(src) && !src.endsWith('.duckdb') && !src.endsWith('.wal'),
  });
  const service = (await import(new URL('../../../../examples/streaming/demo-service.mjs', import.meta.url).href)) as DemoService;
  // The service reads its settings from the environment on its first day only.
  const settings: Record<string, string> = { FLAGSHIP_SEED: '11', FLAGSHIP_SCALE: String(options.scale ?? 150), FLAGSHIP_START: '2024-01-01', FLAGSHIP_DAYS: String(options.days ?? 40) };
  const saved = Object.fromEntries(['STREAMING_DATA_DIR', 'STREAMING_DB_PATH', 'STREAMING_PG_URL', ...Object.keys(settings)].map((k) => [k, process.env[k]]));
  for (const k of ['STREAMING_DATA_DIR', 'STREAMING_DB_PATH', 'STREAMING_PG_URL']) delete process.env[k];
  Object.assign(process.env, settings);
  let lived: { end: string };
  try {
    lived = await service.advanceDemoService({ project: dir, log: () => undefined });
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  const api = await service.startDemoServiceApi({ project: dir });
  const env: Record<string, string> = { STREAMING_API_URL: api.url };
  let session: ProjectSession | undefined;
  try {
    // As `npm start`: the hourly pipeline ingests, builds and checks source freshness (one
    // recorded run), then the platform marts model the run history it exported.
    // Absolute folders: the views over the lake embed data_dir, and this process (which queries
    // them for the web app) does not run in the project folder.
    const vars = JSON.stringify({ data_dir: slash(join(dir, 'data')), output_dir: slash(join(dir, 'output')) });
    await cli(dir, ['pipeline', 'run', 'hourly', '--vars', vars], env);
    await cli(dir, ['build', '--select', 'tag:platform', '--quiet', '--vars', vars], env);
    const quiet: LogSink = { out: () => undefined, err: () => undefined };
    const logger = new Logger({ format: 'text', invocationId: 'flagship-web-test', sink: options.sink ?? quiet, timestamps: false });
    const db = process.env.STREAMING_DB_PATH;
    delete process.env.STREAMING_DB_PATH;
    try {
      session = await openSession({
        projectDir: dir,
        flags: { WHICH: 'serve' },
        vars: { data_dir: slash(join(dir, 'data')), output_dir: slash(join(dir, 'output')) },
        logger,
        connect: true,
        invocationId: 'flagship-web-test',
      });
    } finally {
      if (db !== undefined) process.env.STREAMING_DB_PATH = db;
    }
  } catch (error) {
    await api.close();
    await rm(work, { recursive: true, force: true });
    throw error;
  }
  const opened = session;
  return {
    dir,
    dataDir: join(dir, 'data'),
    outputDir: join(dir, 'output'),
    through: lived.end,
    session: opened,
    dispose: async () => {
      await opened.close();
      await api.close();
      await rm(work, { recursive: true, force: true });
    },
  };
}
