import { join } from 'node:path';
import { writeManifest } from '../../run/artifacts/index.js';
import { makeLogger, sessionFor, type CliIo } from '../cli-context.js';
import type { ProjectFlags } from '../global-options.js';

/** dbt parse: reads and links the project and writes target/manifest.json. */
export async function parseCommand(flags: ProjectFlags, io: CliIo): Promise<number> {
  const logger = makeLogger(flags, io);
  const started = Date.now();
  const session = await sessionFor(flags, io, logger, 'parse', false);
  try {
    const targetDir = join(session.loaded.projectDir, session.loaded.project.targetPath);
    const write = flags.writeJson ?? true;
    if (write) await writeManifest(session.manifest, targetDir);
    const m = session.manifest;
    logger.info(
      `Parsed ${Object.keys(m.nodes).length} nodes, ${Object.keys(m.sources).length} sources and ${Object.keys(m.macros).length} macros in ${((Date.now() - started) / 1000).toFixed(2)}s; ${write ? `wrote ${join(session.loaded.project.targetPath, 'manifest.json')}` : 'no manifest.json written (--no-write-json)'}`,
      'ParseCmdPerfInfoPath',
    );
    return 0;
  } finally {
    await session.close();
  }
}
