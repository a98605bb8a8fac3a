import { stat } from 'node:fs/promises';
import { basename, extname, relative, sep } from 'node:path';
import type { Adapter } from '../../adapters/adapter.js';
import { ReelhouseError, userError } from '../../core/diagnostic.js';
import type { FilesSourceConfig } from '../config/ingest-config.js';
import type { IngestSummary, RunContext } from '../ingest-summary.js';
import { sha256File } from './checksum.js';
import { expandGlob } from './glob.js';
import { FileManifest, type ManifestEntry } from './manifest.js';
import { describeColumns, fileReader, formatOf, type FileFormat } from './file-reader.js';

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
          const result = await loadOneFile(adapter, session, source, manifest, file);
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
): Promise<{ loaded: number; rejected: number }> {
  const target = rel(adapter, source.schema, file.table);
  const q = (text: string): string => adapter.dialect.quoteString(text);
  // Looked up on the load's own session: it must see what this transaction dropped or created.
  const described = await adapter.execute(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
    { session, params: [source.schema, file.table] },
  );
  const existing = described.rows.length > 0;
  const fileColumns = await describeColumns(adapter, session, file.path, file.format, source);
  let tableTypes: Map<string, string> | undefined;
  if (existing) {
    const tableColumns = described.rows
      .map((r) => ({ name: String(r[0]), dataType: String(r[1]) }))
      .filter((c) => c.name !== SOURCE_FILE_COLUMN && c.name !== LOADED_AT_COLUMN);
    checkDrift(file.key, `${source.schema}.${file.table}`, tableColumns, fileColumns, file.format);
    tableTypes = new Map(tableColumns.map((c) => [c.name, c.dataType]));
  }
  const reader = fileReader(adapter, file.path, file.format, source, tableTypes);
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

/** Stops a file whose columns differ from its table's, naming what was added and removed. */
function checkDrift(
  fileKey: string,
  table: string,
  tableColumns: Array<{ name: string; dataType: string }>,
  fileColumns: Array<{ name: string; dataType: string }>,
  format: FileFormat,
): void {
  const tableNames = new Set(tableColumns.map((c) => c.name.toLowerCase()));
  const fileNames = new Set(fileColumns.map((c) => c.name.toLowerCase()));
  const added = fileColumns.filter((c) => !tableNames.has(c.name.toLowerCase())).map((c) => c.name);
  const removed = tableColumns.filter((c) => !fileNames.has(c.name.toLowerCase())).map((c) => c.name);
  const retyped =
    format === 'csv'
      ? []
      : fileColumns
          .map((c) => ({ c, t: tableColumns.find((t) => t.name.toLowerCase() === c.name.toLowerCase()) }))
          .filter(({ c, t }) => t !== undefined && t.dataType !== c.dataType)
          .map(({ c, t }) => `${c.name} (${t?.dataType} -> ${c.dataType})`);
  if (added.length === 0 && removed.length === 0 && retyped.length === 0) return;
  const parts = [
    added.length ? `new column(s) ${added.join(', ')}` : '',
    removed.length ? `missing column(s) ${removed.join(', ')}` : '',
    retyped.length ? `changed type(s) ${retyped.join(', ')}` : '',
  ].filter(Boolean);
  throw userError(
    'ingest-schema-drift',
    `The columns of ${fileKey} changed: ${parts.join('; ')}, compared with ${table}.`,
    { file: fileKey },
    `Load it into another table, or drop ${table} to rebuild it from all its files.`,
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
