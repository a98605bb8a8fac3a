import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join, relative, sep } from 'node:path';
import type { Adapter } from '../../adapters/adapter.js';
import { isReelhouseError, ReelhouseError, userError } from '../../core/diagnostic.js';
import type { FilesSourceConfig } from '../config/ingest-config.js';
import type { IngestSummary, RunContext } from '../ingest-summary.js';
import { sha256File } from './checksum.js';
import { expandGlob } from './glob.js';
import { FileManifest, type ManifestEntry } from './manifest.js';
import { describeColumns, fileReader, formatOf, type FileFormat } from './file-reader.js';
import { describePlan, planEvolution } from './schema-evolution.js';
import { isNativeEncoding, transcodeToUtf8 } from './transcode.js';
import { detectDelimiter } from './delimiter.js';

/** Columns the loader adds to every row when `metadata_columns` is on. */
export const SOURCE_FILE_COLUMN = '_source_file';
export const LOADED_AT_COLUMN = '_loaded_at';

interface FileToLoad {
  path: string;
  /** Path relative to the project, with `/`, as stored in the manifest and `_source_file`. */
  key: string;
  table: string;
  format: FileFormat;
  size: number;
  modifiedAt: Date;
  checksum: string;
  previous: ManifestEntry | undefined;
}

/**
 * Loads the files a source matches into `<schema>.<table>`, incrementally by file: a file whose
 * path, size and checksum are in the manifest is skipped, a changed file replaces its earlier
 * rows, and each file is loaded in one transaction together with its manifest entry.
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

  // Hash every file first: cheap next to loading, and it decides what needs loading.
  const files: FileToLoad[] = [];
  for (const [index, path] of paths.entries()) {
    context.onProgress?.({ step: `${source.name}: checking ${basename(path)}`, done: index, total: paths.length });
    const info = await stat(path);
    const key = relativeKey(projectDir, path);
    const format = source.format === 'auto' ? formatOf(path) : source.format;
    if (format === undefined) {
      summary.messages.push(`Skipped ${key}: not a CSV, Parquet or JSON file (set format: to read it anyway).`);
      continue;
    }
    files.push({
      path, key, format, size: info.size, modifiedAt: info.mtime, checksum: await sha256File(path),
      previous: known.get(key), table: tableNameFor(source, path),
    });
  }

  const byTable = new Map<string, FileToLoad[]>();
  for (const file of files) byTable.set(file.table, [...(byTable.get(file.table) ?? []), file]);
  let done = 0;
  // Converted copies of non-UTF-8 files live here for the length of the run.
  const scratch = await mkdtemp(join(tmpdir(), 'reelhouse-ingest-'));
  try {
    for (const [table, group] of byTable) {
      const qualified = `${source.schema}.${table}`;
      const pending = group.filter((f) => !(f.previous && f.previous.fileSize === f.size && f.previous.checksum === f.checksum));
      summary.filesSkipped += group.length - pending.length;
      if (pending.length === 0) continue;
      if (!summary.tables.includes(qualified)) summary.tables.push(qualified);
      const changed = pending.filter((f) => f.previous !== undefined);
      for (const file of changed) summary.messages.push(`${file.key} changed since it was loaded; reloading it.`);
      // Without a per-row file column, a changed file can only be replaced by rebuilding its table.
      const rebuild = !source.metadataColumns && changed.length > 0;
      const batches = rebuild ? [group] : pending.map((f) => [f]);
      for (const batch of batches) {
        context.onProgress?.({ step: `${source.name}: loading ${batch.length === 1 ? basename(batch[0]?.path ?? '') : table}`, done, total: pending.length });
        const counts = await adapter.transaction(async (session) => {
          let loaded = 0;
          let rejected = 0;
          if (rebuild) {
            await adapter.execute(`DROP TABLE IF EXISTS ${rel(adapter, source.schema, table)}`, { session });
          }
          for (const file of batch) {
            const result = await loadOneFile(adapter, session, source, manifest, file, scratch, summary.messages);
            loaded += result.loaded;
            rejected += result.rejected;
            await manifest.record(session, {
              source: source.name, tableName: table, filePath: file.key, fileSize: file.size, checksum: file.checksum,
              modifiedAt: file.modifiedAt, rowsLoaded: result.loaded, rowsRejected: result.rejected,
            });
          }
          return { loaded, rejected };
        });
        done += batch.length;
        summary.filesLoaded += batch.length;
        summary.rowsLoaded += counts.loaded;
        summary.rowsRejected += counts.rejected;
        if (counts.rejected > 0) {
          summary.messages.push(`${counts.rejected} bad row(s) of ${batch.map((f) => f.key).join(', ')} kept in ${source.schema}._rejects.`);
        }
        context.log?.(`${source.name}: loaded ${batch.map((f) => f.key).join(', ')} into ${qualified} (${counts.loaded} rows)`);
      }
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  context.onProgress?.({ step: `${source.name}: done`, done: files.length, total: files.length });
  summary.elapsedMs = Date.now() - began;
  return summary;
}

/** Loads one file inside the caller's transaction; returns the rows loaded and rejected. */
async function loadOneFile(
  adapter: Adapter,
  session: string,
  source: FilesSourceConfig,
  manifest: FileManifest,
  file: FileToLoad,
  scratch: string,
  notes: string[],
): Promise<{ loaded: number; rejected: number }> {
  if (file.size === 0) {
    notes.push(`${file.key} is empty (0 bytes); nothing loaded from it.`);
    return { loaded: 0, rejected: 0 };
  }
  try {
    return await loadFileRows(adapter, session, source, manifest, file, scratch, notes);
  } catch (error) {
    // DuckDB's own errors (database-error) are rewritten; the loader's are already worded for the user.
    if (isReelhouseError(error) && error.diagnostic.code !== 'database-error') throw error;
    throw unreadableFile(source, file, error);
  }
}

async function loadFileRows(
  adapter: Adapter,
  session: string,
  source: FilesSourceConfig,
  manifest: FileManifest,
  file: FileToLoad,
  scratch: string,
  notes: string[],
): Promise<{ loaded: number; rejected: number }> {
  const target = rel(adapter, source.schema, file.table);
  const q = (text: string): string => adapter.dialect.quoteString(text);
  const encoding = file.format === 'csv' ? csvEncoding(source) : undefined;
  let readPath = file.path;
  if (encoding !== undefined && !isNativeEncoding(encoding)) {
    readPath = join(scratch, `${basename(file.table)}.csv`);
    await transcodeToUtf8(file.path, encoding, readPath);
  }
  // Looked up on the load's own session: it must see what this transaction dropped or created.
  const described = await adapter.execute(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
    { session, params: [source.schema, file.table] },
  );
  const existing = described.rows.length > 0;
  const configured = source.csvOptions.delim ?? source.csvOptions.sep ?? source.csvOptions.delimiter;
  const delim = typeof configured === 'string' ? configured : /\.tsv(\.gz)?$/i.test(file.path) ? '\t' : file.format === 'csv' ? await detectDelimiter(readPath) : ',';
  const fileColumns = await describeColumns(adapter, session, readPath, file.format, source, delim);
  let columnTypes = new Map(fileColumns.map((c) => [c.name, c.dataType]));
  if (existing) {
    const tableColumns = described.rows
      .map((r) => ({ name: String(r[0]), dataType: String(r[1]) }))
      .filter((c) => c.name !== SOURCE_FILE_COLUMN && c.name !== LOADED_AT_COLUMN);
    const plan = planEvolution(file.key, `${source.schema}.${file.table}`, tableColumns, fileColumns, file.format);
    for (const column of plan.add) {
      await adapter.execute(`ALTER TABLE ${target} ADD COLUMN ${adapter.dialect.quoteIdentifier(column.name)} ${column.dataType}`, { session });
    }
    for (const change of plan.widen) {
      await adapter.execute(`ALTER TABLE ${target} ALTER COLUMN ${adapter.dialect.quoteIdentifier(change.name)} TYPE ${change.to}`, { session });
    }
    const note = describePlan(file.key, `${source.schema}.${file.table}`, plan);
    if (note) notes.push(note);
    columnTypes = plan.readTypes;
  }
  const reader = fileReader(adapter, readPath, file.format, source, delim, columnTypes);
  const extra = source.metadataColumns ? `, ${q(file.key)} AS ${SOURCE_FILE_COLUMN}, now() AS ${LOADED_AT_COLUMN}` : '';
  if (reader.rejects) {
    await adapter.execute(`DROP TABLE IF EXISTS ${reader.rejects.table}`, { session });
    await adapter.execute(`DROP TABLE IF EXISTS ${reader.rejects.scan}`, { session });
  }
  let loaded: number;
  if (existing) {
    // Only a file loaded before has rows to replace; skipping the scan keeps big lakes linear.
    if (source.metadataColumns && file.previous !== undefined) {
      await adapter.execute(`DELETE FROM ${target} WHERE ${SOURCE_FILE_COLUMN} = ${q(file.key)}`, { session });
    }
    const result = await adapter.execute(`INSERT INTO ${target} BY NAME SELECT *${extra} FROM ${reader.sql}`, { session });
    loaded = result.rowsChanged;
  } else {
    await adapter.execute(`CREATE TABLE ${target} AS SELECT *${extra} FROM ${reader.sql}`, { session });
    loaded = Number((await adapter.execute(`SELECT count(*) FROM ${target}`, { session })).rows[0]?.[0] ?? 0);
  }
  let rejected = 0;
  if (reader.rejects) {
    const bad = await adapter.execute(
      `SELECT line, column_name, error_type, csv_line, error_message FROM ${reader.rejects.table} ORDER BY line`,
      { session },
    );
    rejected = bad.rows.length;
    const badEncoding = bad.rows.find((r) => String(r[2]) === 'INVALID ENCODING');
    if (badEncoding) {
      // Rejecting every line with an accent would lose data quietly: the whole file is refused instead.
      throw new ReelhouseError({
        code: 'ingest-file-encoding',
        severity: 'error',
        message: `${file.key} is not UTF-8: line ${String(badEncoding[0])} has bytes that are not valid UTF-8 text. Nothing from this file was loaded.`,
        hint: `Set the file's encoding on source '${source.name}', e.g. csv: { encoding: windows-1252 } for exports from Excel on Windows (latin1, iso-8859-15, utf-16le and other standard labels work too).`,
        location: { file: file.path, line: Number(badEncoding[0]) },
      });
    }
    if (rejected > 0 && source.onBadRows === 'fail') {
      const first = bad.rows[0] ?? [];
      const more = rejected > 1 ? ` (and ${rejected - 1} more bad row(s))` : '';
      throw new ReelhouseError({
        code: 'ingest-bad-row',
        severity: 'error',
        message: `Cannot read line ${String(first[0])} of ${file.key}: ${String(first[4] ?? first[2])}${more}. Nothing from this file was loaded.`,
        hint: `Fix the file, or set on_bad_rows: reject on source '${source.name}' to load the good rows and keep the bad ones in ${source.schema}._rejects.`,
        location: { file: file.path, line: Number(first[0]) },
        excerpt: String(first[3] ?? ''),
      });
    }
    await manifest.clearRejects(session, source.name, file.key);
    if (rejected > 0) {
      await adapter.execute(
        `INSERT INTO ${manifest.rejectsRelation()}
SELECT ${q(source.name)}, ${q(file.table)}, ${q(file.key)}, line, column_name, error_type::VARCHAR, error_message, csv_line, now()
FROM ${reader.rejects.table}`,
        { session },
      );
    }
  }
  return { loaded, rejected };
}

/** The `csv.encoding` a source sets, if any. */
function csvEncoding(source: FilesSourceConfig): string | undefined {
  const value = source.csvOptions.encoding;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const FORMAT_HINTS: Record<FileFormat, string> = {
  csv: 'Check it is a CSV file with balanced quotes; a different delimiter, quote or escape character can be set under csv: on the source.',
  parquet: 'The file may be truncated or not Parquet at all: export it again, or move it out of the source\'s path.',
  json: 'Each line must hold one JSON object (newline-delimited JSON), or the whole file one JSON array of objects.',
};

/** A reader failure as one paragraph naming the file (and line when DuckDB gives it), without SQL or paths of scratch copies. */
function unreadableFile(source: FilesSourceConfig, file: FileToLoad, error: unknown): ReelhouseError {
  const raw = error instanceof Error ? error.message : String(error);
  const firstLine = raw.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? raw;
  let reason = firstLine
    .replace(/^[A-Za-z ]*Error: /, '')
    .replaceAll(`"${file.path}"`, '').replaceAll(file.path, file.key)
    .replace(/\s+in file\s*[",]?/i, ' ').replace(/\s+/g, ' ').trim();
  if (/sniffing file/i.test(firstLine)) reason = 'its delimiter and quoting could not be worked out (often a quote that is never closed)';
  const line = /\bline (\d+)/.exec(firstLine)?.[1];
  const format = file.format === 'csv' ? 'CSV' : file.format === 'json' ? 'JSON' : 'Parquet';
  return userError(
    'ingest-file-unreadable',
    `Cannot read ${file.key} (source '${source.name}') as ${format}: ${reason.replace(/[.:]\s*$/, '')}. Nothing from this file was loaded; files loaded before it are kept.`,
    line !== undefined ? { file: file.path, line: Number(line) } : { file: file.path },
    FORMAT_HINTS[file.format],
  );
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
