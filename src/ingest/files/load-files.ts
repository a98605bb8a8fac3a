import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join, relative, sep } from 'node:path';
import type { Adapter } from '../../adapters/adapter.js';
import type { Diagnostic } from '../../core/diagnostic.js';
import type { FilesSourceConfig } from '../config/ingest-config.js';
import type { IngestSummary, RunContext } from '../ingest-summary.js';
import { sha256File } from './checksum.js';
import { fileDiagnostic, sourceFailure, unopenableFile } from './file-errors.js';
import { formatOf } from './file-reader.js';
import { expandGlob } from './glob.js';
import { loadOneFile, type FileToLoad, type LoadStage } from './load-one-file.js';
import { FileManifest } from './manifest.js';
import { describeReadOptionsChange, readOptionsOf } from './read-options.js';
import { withStatementProgress } from './statement-progress.js';

export { LOADED_AT_COLUMN, SOURCE_FILE_COLUMN } from './load-one-file.js';

/** A file whose load failed, carried out of the transaction it rolled back. */
class FileFailure extends Error {
  constructor(
    readonly file: FileToLoad,
    readonly diagnostic: Diagnostic,
  ) {
    super(diagnostic.message);
  }
}

/** What one source's loads share while they run. */
interface LoadRun {
  source: FilesSourceConfig;
  adapter: Adapter;
  manifest: FileManifest;
  context: RunContext;
  summary: IngestSummary;
  failures: Array<{ key: string; diagnostic: Diagnostic }>;
  scratch: string;
  /** Files handled so far and in all, for the progress bar. */
  done: number;
  total: number;
}

/**
 * Loads the files a source matches into `<schema>.<table>`, incrementally by file: a file whose
 * path, size, checksum and read options are in the manifest is skipped, a changed file replaces
 * its earlier rows, and each file is loaded in one transaction together with its manifest entry.
 * A file that cannot be read is reported (summary.fileErrors) and left out of the manifest, so
 * the next run tries it again; the source's other files load all the same.
 */
export async function loadFilesSource(
  source: FilesSourceConfig,
  adapter: Adapter,
  projectDir: string,
  context: RunContext = {},
): Promise<IngestSummary> {
  const began = Date.now();
  const summary: IngestSummary = {
    name: source.name, type: 'files', status: 'success', tables: [], filesLoaded: 0, filesSkipped: 0,
    rowsLoaded: 0, rowsRejected: 0, elapsedMs: 0, messages: [],
  };
  const manifest = new FileManifest(adapter, source.schema);
  await manifest.ensure();
  const known = await manifest.entries(source.name);
  const paths = await expandGlob(source.path);
  if (paths.length === 0) {
    summary.messages.push(`No files match ${relativeKey(projectDir, source.path)}.`);
  }
  const failures: LoadRun['failures'] = [];

  // Hash every file first: cheap next to loading, and it decides what needs loading.
  const files: FileToLoad[] = [];
  const unopened = new Set<string>();
  for (const [index, path] of paths.entries()) {
    context.onProgress?.({ step: `${source.name}: checking ${basename(path)}`, done: index, total: paths.length });
    const key = relativeKey(projectDir, path);
    const format = source.format === 'auto' ? formatOf(path) : source.format;
    if (format === undefined) {
      summary.messages.push(`Skipped ${key}: not a CSV, Parquet or JSON file (set format: to read it anyway).`);
      continue;
    }
    try {
      const info = await stat(path);
      files.push({
        path, key, format, size: info.size, modifiedAt: info.mtime, checksum: await sha256File(path),
        readOptions: readOptionsOf(source, format), previous: known.get(key), table: tableNameFor(source, path),
      });
    } catch (error) {
      failures.push({ key, diagnostic: unopenableFile(source, { path, key }, error) });
      unopened.add(key);
    }
  }
  const sameBytes = (f: FileToLoad): boolean => f.previous !== undefined && f.previous.fileSize === f.size && f.previous.checksum === f.checksum;
  const adopt = files.filter((f) => f.previous !== undefined && f.previous.readOptions === undefined);
  if (adopt.length > 0) {
    await manifest.adoptReadOptions(source.name, adopt.map((f) => ({ filePath: f.key, readOptions: f.readOptions })));
    for (const file of adopt) if (file.previous) file.previous.readOptions = file.readOptions;
  }

  const byTable = new Map<string, FileToLoad[]>();
  for (const file of files) byTable.set(file.table, [...(byTable.get(file.table) ?? []), file]);
  // Converted copies of non-UTF-8 files live here for the length of the run.
  const scratch = await mkdtemp(join(tmpdir(), 'reelhouse-ingest-'));
  const run: LoadRun = { source, adapter, manifest, context, summary, failures, scratch, done: 0, total: 0 };
  try {
    const plans = [...byTable].map(([table, group]) => {
      const reread = group.filter((f) => sameBytes(f) && f.previous?.readOptions !== f.readOptions);
      const pending = group.filter((f) => !sameBytes(f) || reread.includes(f));
      const changed = pending.filter((f) => f.previous !== undefined && !reread.includes(f));
      // Other read options can give other columns, and without a per-row file column a changed
      // file can only be replaced by rebuilding its table: either way the table is rebuilt.
      const rebuild = reread.length > 0 || (!source.metadataColumns && changed.length > 0);
      return { table, group, reread, pending, changed, rebuild };
    });
    run.total = plans.reduce((sum, p) => sum + (p.rebuild ? p.group.length : p.pending.length), 0);
    for (const { table, group, reread, pending, changed, rebuild } of plans) {
      const qualified = `${source.schema}.${table}`;
      if (pending.length === 0 || !rebuild) summary.filesSkipped += group.length - pending.length;
      if (pending.length === 0) continue;
      if (!summary.tables.includes(qualified)) summary.tables.push(qualified);
      for (const file of changed) summary.messages.push(`${file.key} changed since it was loaded; reloading it.`);
      const first = reread[0];
      if (first?.previous?.readOptions !== undefined) {
        summary.messages.push(
          `The read options of source '${source.name}' changed (${describeReadOptionsChange(first.previous.readOptions, first.readOptions)}); ` +
            `reloading ${qualified} from its ${group.length} file(s).`,
        );
      }
      if (!rebuild) {
        for (const file of pending) await loadAlone(run, file);
        continue;
      }
      const blocked = [...unopened].find((key) => known.get(key)?.tableName === table);
      if (blocked !== undefined) {
        summary.messages.push(`${qualified} was left as it was: rebuilding it needs ${blocked}, which it holds rows of and which cannot be opened now.`);
        run.done += group.length;
        continue;
      }
      await rebuildTable(run, table, group);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  if (failures.length > 0) {
    summary.status = 'error';
    summary.fileErrors = failures.map((f) => f.diagnostic);
    summary.error = sourceFailure(source, failures);
  }
  context.onProgress?.({ step: `${source.name}: done`, done: run.total, total: run.total });
  summary.elapsedMs = Date.now() - began;
  return summary;
}

/** Loads one file in its own transaction; a failure is recorded and the run goes on. */
async function loadAlone(run: LoadRun, file: FileToLoad): Promise<void> {
  run.context.onProgress?.({ step: `${run.source.name}: loading ${basename(file.path)}`, done: run.done, total: run.total });
  const notes: string[] = [];
  try {
    const counts = await run.adapter.transaction(async (session) => {
      const result = await loadRecorded(run, session, file, run.done, notes);
      return result;
    });
    account(run, [file], file.table, counts, notes);
  } catch (error) {
    if (!(error instanceof FileFailure)) throw error;
    run.failures.push({ key: file.key, diagnostic: error.diagnostic });
  }
  run.done++;
}

/**
 * Drops a table and loads all its files again, in one transaction. A new file that fails is
 * left out and the rebuild tried again without it; a file the table already holds rows of that
 * fails stops the rebuild, and the table keeps what it had.
 */
async function rebuildTable(run: LoadRun, table: string, group: FileToLoad[]): Promise<void> {
  const { adapter, source } = run;
  let members = group;
  run.context.onProgress?.({ step: `${source.name}: loading ${table}`, done: run.done, total: run.total });
  while (members.length > 0) {
    const notes: string[] = [];
    try {
      const counts = await adapter.transaction(async (session) => {
        await adapter.execute(`DROP TABLE IF EXISTS ${rel(adapter, source.schema, table)}`, { session });
        let loaded = 0;
        let rejected = 0;
        for (const [index, file] of members.entries()) {
          const result = await loadRecorded(run, session, file, run.done + index, notes);
          loaded += result.loaded;
          rejected += result.rejected;
        }
        return { loaded, rejected };
      });
      account(run, members, table, counts, notes);
      break;
    } catch (error) {
      if (!(error instanceof FileFailure)) throw error;
      run.failures.push({ key: error.file.key, diagnostic: error.diagnostic });
      if (error.file.previous !== undefined) {
        run.summary.messages.push(
          `${source.schema}.${table} was left as it was: rebuilding it needs ${error.file.key}, which it holds rows of and which cannot be read now.`,
        );
        break;
      }
      members = members.filter((f) => f !== error.file);
    }
  }
  run.done += group.length;
}

/**
 * Loads a file and records it in the manifest, inside the caller's transaction; a file's own
 * failure becomes a FileFailure. `position` is the file's place in the run's progress: the bar
 * moves through the file while DuckDB reads it.
 */
async function loadRecorded(run: LoadRun, session: string, file: FileToLoad, position: number, notes: string[]): Promise<{ loaded: number; rejected: number }> {
  const { onProgress } = run.context;
  const stage: LoadStage = { loading: false };
  const name = basename(file.path);
  const report = onProgress
    ? (percentage: number): void => {
        const pct = Math.min(100, Math.max(0, percentage));
        // Passes that only check the file (column types) do not move the bar; the load does.
        onProgress({
          step: `${run.source.name}: ${stage.loading ? 'loading' : 'checking'} ${name} ${Math.floor(pct)}%`,
          done: position + (stage.loading ? pct / 100 : 0),
          total: run.total,
        });
      }
    : undefined;
  let result: { loaded: number; rejected: number };
  try {
    result = await withStatementProgress(run.adapter, session, report, () =>
      loadOneFile(run.adapter, session, run.source, run.manifest, file, run.scratch, notes, stage),
    );
  } catch (error) {
    throw new FileFailure(file, fileDiagnostic(run.source, file, error));
  }
  await run.manifest.record(session, {
    source: run.source.name, tableName: file.table, filePath: file.key, fileSize: file.size, checksum: file.checksum,
    modifiedAt: file.modifiedAt, rowsLoaded: result.loaded, rowsRejected: result.rejected, readOptions: file.readOptions,
  });
  return result;
}

/** Adds a committed load to the summary and the log. */
function account(run: LoadRun, batch: FileToLoad[], table: string, counts: { loaded: number; rejected: number }, notes: string[]): void {
  const { summary, source } = run;
  summary.messages.push(...notes);
  summary.filesLoaded += batch.length;
  summary.rowsLoaded += counts.loaded;
  summary.rowsRejected += counts.rejected;
  const names = batch.map((f) => f.key).join(', ');
  if (counts.rejected > 0) summary.messages.push(`${counts.rejected} bad row(s) of ${names} kept in ${source.schema}._rejects.`);
  run.context.log?.(`${source.name}: loaded ${names} into ${source.schema}.${table} (${counts.loaded} rows)`);
}

/** The target table of one file: the source's `table`, with `{stem}` replaced. */
function tableNameFor(source: FilesSourceConfig, path: string): string {
  const stem = basename(path).replace(/\.(csv|tsv|txt|parquet|json|jsonl|ndjson)(\.gz|\.zst)?$/i, '') || basename(path, extname(path));
  return source.table.replaceAll('{stem}', stem.replace(/[^A-Za-z0-9_]/g, '_'));
}

function relativeKey(projectDir: string, path: string): string {
  const rel = relative(projectDir, path);
  return (rel.startsWith('..') ? path : rel).split(sep).join('/');
}

function rel(adapter: Adapter, schema: string, table: string): string {
  return adapter.dialect.renderRelation({ schema, identifier: table });
}
