import { writeManifest } from '../../run/artifacts/index.js';
import { targetDirOf } from '../../run/project-session.js';
import { perfInfoJson, writePerfInfo } from '../../run/artifacts/perf-info.js';
import { makeLogger, sessionFor, type CliIo } from '../cli-context.js';
import type { ProjectFlags } from '../global-options.js';

/** dbt parse: reads and links the project and writes target/manifest.json. */
export async function parseCommand(flags: ProjectFlags, io: CliIo): Promise<number> {
  const logger = makeLogger(flags, io);
  const started = Date.now();
  const session = await sessionFor(flags, io, logger, 'parse', false);
  try {
    const targetDir = targetDirOf(session);
    const write = flags.writeJson ?? true;
    if (write) await writeManifest(session.manifest, targetDir);
    // As dbt's parse: the performance summary beside the manifest, named by its absolute path.
    const staticParser = session.flags['STATIC_PARSER'] !== false;
    const perfInfo = perfInfoJson(session.manifest, (Date.now() - started) / 1000, staticParser);
    const path = await writePerfInfo(targetDir, perfInfo);
    logger.info(`Performance info: ${path}`, 'ParsePerfInfoPath', { path });
    return 0;
  } finally {
    await session.close();
  }
}
