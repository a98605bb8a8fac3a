import { resolve } from 'node:path';
import type { Command } from 'commander';
import { userError } from '../../core/diagnostic.js';
import { openDuckDb } from '../../adapters/duckdb/index.js';
import { loadProject } from '../../project/load/index.js';
import { makeLogger, projectDirOf, type CliIo } from '../cli-context.js';
import { withProjectFlags, type ProjectFlags } from '../global-options.js';
import { withServerFlag, withWarehouseOwner, type OwnerFlags } from './warehouse-owner.js';

interface GenerateFlags extends ProjectFlags {
  out?: string;
  seed?: string;
  scale?: string;
  start?: string;
  days?: string;
}

// The ingest layer is loaded by these two commands alone: the others start without its modules.
const ingest = () => import('../../ingest/index.js');

/** Registers `generate` (the demo service's data) and `ingest` (the project's raw sources). */
export function registerIngestCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  withProjectFlags(program.command('generate').description("generate the demo streaming service's data, deterministically"))
    .option('--out <dir>', "where to write the data (default: the project's data folder)")
    .option('--seed <n>', 'random seed: the same arguments give the same bytes', '42')
    .option('--scale <users>', 'how many users', '1000')
    .option('--start <date>', 'first day, YYYY-MM-DD', '2024-01-01')
    .option('--days <n>', 'how many days', '30')
    .action(async (flags: GenerateFlags) => setExit(await generateCommand(flags, io)));

  withServerFlag(withProjectFlags(program.command('ingest [names...]').description('load the sources declared in ingest.yml into raw tables')))
    .action(async (names: string[], flags: OwnerFlags, command: Command) =>
      setExit(await withWarehouseOwner(flags, io, command, () => ingestCommand(names, flags, io))));
}

function positiveInt(text: string | undefined, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw userError('usage', `${flag} must be a whole number, got '${text}'`);
  return n;
}

async function generateCommand(flags: GenerateFlags, io: CliIo): Promise<number> {
  const { createProgressRenderer, generateDemoData, loadIngestConfig } = await ingest();
  const logger = makeLogger(flags, io);
  const start = flags.start ?? '2024-01-01';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(start) || Number.isNaN(Date.parse(start))) {
    throw userError('usage', `--start must be a date YYYY-MM-DD, got '${start}'`);
  }
  const out = flags.out
    ? resolve(io.cwd ?? process.cwd(), flags.out)
    : loadIngestConfig(projectDirOf(flags, io), process.env).dataDir;
  const progress = io.sink ? undefined : createProgressRenderer(process.stdout);
  const summary = await generateDemoData({
    out,
    seed: positiveInt(flags.seed ?? '42', '--seed'),
    scale: positiveInt(flags.scale ?? '1000', '--scale'),
    start,
    days: positiveInt(flags.days ?? '30', '--days'),
    ...(progress ? { onProgress: (p) => progress.update(p) } : {}),
  });
  progress?.finish();
  logger.info(
    `Generated ${summary.users} users, ${summary.subscriptions} subscriptions, ${summary.payments} payments and ${summary.events} player events ` +
      `(${summary.start} to ${summary.end}) into ${out} in ${(summary.elapsedMs / 1000).toFixed(1)}s`,
    'GenerateDone',
  );
  return 0;
}

async function ingestCommand(names: string[], flags: ProjectFlags, io: CliIo): Promise<number> {
  const { createProgressRenderer, loadIngestConfig, runIngest } = await ingest();
  const logger = makeLogger(flags, io);
  const projectDir = projectDirOf(flags, io);
  const config = loadIngestConfig(projectDir, process.env);
  // The warehouse is the project's profile target unless ingest.yml names another file.
  const path =
    config.database ??
    (await loadProject({ projectDir, profilesDir: flags.profilesDir, target: flags.target, vars: {}, env: process.env })).target.path;
  const adapter = await openDuckDb({ path });
  const progress = io.sink ? undefined : createProgressRenderer(process.stdout);
  try {
    const summaries = await runIngest(config, adapter, names, {
      ...(progress ? { onProgress: (p) => progress.update(p) } : {}),
      log: (line) => logger.info(line, 'IngestLog'),
    });
    progress?.finish();
    let failed = 0;
    for (const s of summaries) {
      const counts =
        `${s.filesLoaded} file(s) loaded, ${s.filesSkipped} skipped, ${s.rowsLoaded} rows` +
        `${s.rowsRejected > 0 ? `, ${s.rowsRejected} rejected` : ''} in ${(s.elapsedMs / 1000).toFixed(2)}s`;
      if (s.status === 'error') {
        failed++;
        // A files source names each file that failed; its other files were loaded.
        const diagnostics = s.fileErrors && s.fileErrors.length > 0 ? s.fileErrors : s.error ? [s.error] : [];
        for (const diagnostic of diagnostics) logger.diagnostic(diagnostic);
        const failedFiles = s.fileErrors && s.fileErrors.length > 0 ? `, ${s.fileErrors.length} file(s) failed` : '';
        logger.event('error', 'IngestResult', `ERROR ${s.name} (${s.type}): ${counts}${failedFiles}`);
      } else {
        logger.info(`OK ${s.name} (${s.type}): ${counts}`, 'IngestResult');
      }
      for (const message of s.messages) logger.info(`  ${message}`, 'IngestLog');
    }
    return failed > 0 ? 1 : 0;
  } finally {
    await adapter.close();
  }
}
