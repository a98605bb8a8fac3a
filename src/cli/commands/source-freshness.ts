import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { selectNodes } from '../../graph/index.js';
import type { FreshnessRule, SourceNode } from '../../project/types.js';
import { DBT_VERSION } from '../../run/artifacts/index.js';
import { progressLine } from '../../run/logger.js';
import { makeLogger, sessionFor, type CliIo } from '../cli-context.js';
import type { SelectionFlags } from '../global-options.js';
import { stateOf } from './node-commands.js';

const PERIOD_SECONDS = { minute: 60, hour: 3600, day: 86400 } as const;
/** 0001-01-01T00:00:00Z: the max_loaded_at dbt reports for a source with no loaded_at value. */
const YEAR_ONE_MS = Date.parse('0001-01-01T00:00:00Z');

type Threshold = NonNullable<FreshnessRule['warn_after']>;

function limitSeconds(t: Threshold | null | undefined): number | undefined {
  if (!t || t.count === null || t.count === undefined || !t.period) return undefined;
  return t.count * PERIOD_SECONDS[t.period];
}

/** dbt source freshness: compares each source's newest loaded_at_field with its thresholds. */
export async function sourceFreshnessCommand(flags: SelectionFlags & { output?: string; outputPath?: string }, io: CliIo): Promise<number> {
  const logger = makeLogger(flags, io);
  const session = await sessionFor(flags, io, logger, 'source-freshness', true);
  try {
    // --state makes `state:modified` and friends usable, as on every dbt command.
    const state = await stateOf(flags, io);
    const { selected, warnings } = selectNodes(session.manifest, session.graph, {
      select: [...(flags.select ?? []), ...(flags.models ?? [])],
      exclude: flags.exclude,
      selector: flags.selector,
      selectors: session.loaded.selectors,
      state: state?.manifest,
      previousResults: state?.runResults,
      resourceTypes: ['source'],
    });
    for (const w of warnings) logger.diagnostic(w);
    const sources = selected
      .map((id) => session.manifest.sources[id])
      .filter((s): s is SourceNode => !!s && !!s.loaded_at_field && !!s.freshness && (limitSeconds(s.freshness.warn_after) !== undefined || limitSeconds(s.freshness.error_after) !== undefined));
    const started = Date.now();
    const results: Record<string, unknown>[] = [];
    let anyError = false;
    let index = 0;
    for (const source of sources) {
      index++;
      const label = `freshness of ${source.source_name}.${source.name}`;
      logger.info(progressLine(index, sources.length, `START ${label}`, 'RUN'), 'LogStartLine');
      const t0 = Date.now();
      const startedAt = new Date().toISOString();
      const filter = source.freshness?.filter ? ` where ${source.freshness.filter}` : '';
      const field = source.loaded_at_field!;
      try {
        const res = await session.adapter!.execute(
          `select cast(max(${field}) as varchar) as max_loaded_at, cast(now() as varchar) as snapshotted_at, epoch(now()) - epoch(max(${field})) as age from ${source.relation_name}${filter}`,
        );
        const row = res.rows[0] ?? [];
        // No loaded_at value at all (an empty table) is "infinitely long ago", as dbt has it: the
        // start of year 1, so sources.json still holds a timestamp and a finite age.
        const empty = row[2] === null || row[2] === undefined;
        const age = empty ? (Date.now() - YEAR_ONE_MS) / 1000 : Number(row[2]);
        const warn = limitSeconds(source.freshness!.warn_after);
        const err = limitSeconds(source.freshness!.error_after);
        const status = err !== undefined && age > err ? 'error' : warn !== undefined && age > warn ? 'warn' : 'pass';
        if (status === 'error') anyError = true;
        const secs = (Date.now() - t0) / 1000;
        const word = status === 'pass' ? 'PASS' : status === 'warn' ? 'WARN' : 'ERROR STALE';
        logger.event(status === 'error' ? 'error' : status === 'warn' ? 'warn' : 'info', 'LogFreshnessResult',
          progressLine(index, sources.length, `${word} ${label}`, `${word} in ${secs.toFixed(2)}s`));
        results.push({
          unique_id: source.unique_id,
          max_loaded_at: empty ? '0001-01-01T00:00:00+00:00' : row[0],
          snapshotted_at: row[1],
          max_loaded_at_time_ago_in_s: age,
          status,
          criteria: source.freshness,
          adapter_response: {},
          timing: [{ name: 'execute', started_at: startedAt, completed_at: new Date().toISOString() }],
          thread_id: 'Thread-1',
          execution_time: secs,
        });
      } catch (error) {
        anyError = true;
        const msg = error instanceof Error ? error.message : String(error);
        logger.event('error', 'LogFreshnessResult', progressLine(index, sources.length, `ERROR ${label}`, 'ERROR'));
        logger.event('error', 'RunResultError', `Runtime Error in source ${source.source_name}.${source.name} (${source.original_file_path})\n  ${msg}`);
        // dbt's SourceFreshnessRuntimeError has exactly these three members (no timing or thread).
        results.push({ unique_id: source.unique_id, error: msg, status: 'runtime error' });
      }
    }
    const outputPath = flags.outputPath ?? flags.output;
    const out = outputPath
      ? resolve(io.cwd ?? process.cwd(), outputPath)
      : join(session.loaded.projectDir, session.loaded.project.targetPath, 'sources.json');
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, JSON.stringify({
      metadata: {
        dbt_schema_version: 'https://schemas.getdbt.com/dbt/sources/v3.json',
        dbt_version: DBT_VERSION,
        generated_at: new Date().toISOString(),
        invocation_id: session.invocationId,
        env: {},
      },
      results,
      elapsed_time: (Date.now() - started) / 1000,
    }, null, 2));
    if (sources.length === 0) logger.warn('No sources with freshness rules (loaded_at_field plus warn_after or error_after) were selected.', 'NothingToDo');
    return anyError ? 1 : 0;
  } finally {
    await session.close();
  }
}
