import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { userError } from '../../core/diagnostic.js';
import { executeInvocation, type NodeCommand } from '../../run/execute-invocation.js';
import { makeLogger, projectDirOf, sessionFor, type CliIo } from '../cli-context.js';
import type { SelectionFlags } from '../global-options.js';

interface PreviousRun {
  args?: { which?: string; full_refresh?: boolean };
  results: { unique_id: string; status: string; batch_results?: { successful: [string, string][]; failed: [string, string][] } | null }[];
}

const RETRYABLE = new Set(['error', 'fail', 'skipped', 'runtime error']);

/** dbt retry: reruns the previous command on the nodes that errored, failed or were skipped. */
export async function retryCommand(flags: SelectionFlags, io: CliIo): Promise<number> {
  const logger = makeLogger(flags, io);
  const projectDir = projectDirOf(flags, io);
  const session = await sessionFor(flags, io, logger, 'retry', true);
  try {
    const path = join(projectDir, session.loaded.project.targetPath, 'run_results.json');
    let previous: PreviousRun;
    try {
      previous = JSON.parse(await readFile(path, 'utf8')) as PreviousRun;
    } catch {
      throw userError('retry-no-results', `No run_results.json to retry from at ${path}`, { file: path },
        'Run a command such as `reelhouse build` first; retry reruns what it left failed or skipped.');
    }
    const which = (previous.args?.which ?? 'build') as NodeCommand;
    const ids = previous.results.filter((r) => RETRYABLE.has(r.status)).map((r) => r.unique_id);
    if (ids.length === 0) {
      logger.info('Nothing to retry: the previous invocation had no failed or skipped nodes.', 'NothingToDo');
      return 0;
    }
    // A microbatch model that failed part-way re-runs only its failed batches, as dbt retry does.
    const retryBatches = new Map<string, [string, string][]>();
    for (const r of previous.results) {
      const failed = r.batch_results?.failed ?? [];
      if (RETRYABLE.has(r.status) && failed.length > 0) retryBatches.set(r.unique_id, failed);
    }
    const names = ids.map((id) => session.manifest.nodes[id]?.name ?? session.manifest.unit_tests[id]?.name).filter((n): n is string => !!n);
    const result = await executeInvocation(session, {
      command: which === 'compile' ? 'compile' : which,
      select: names,
      fullRefresh: previous.args?.full_refresh ?? false,
      failFast: flags.failFast ?? false,
      storeFailures: flags.storeFailures ?? false,
      indirectSelection: 'empty',
      retryBatches,
      writeJson: flags.writeJson ?? true,
      warnErrorTests: logger.warnError.errors('LogTestResult'),
      args: { which, retry: true },
    });
    return result.success ? 0 : 1;
  } finally {
    await session.close();
  }
}
