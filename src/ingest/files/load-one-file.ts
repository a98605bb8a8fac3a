// One file's load: its columns compared with its table's, the table evolved, the rows copied, bad rows kept.
import { basename, join } from 'node:path';
import type { Adapter } from '../../adapters/adapter.js';
import { ReelhouseError } from '../../core/diagnostic.js';
import type { FilesSourceConfig } from '../config/ingest-config.js';
import { detectDelimiter } from './delimiter.js';
import { describeColumns, fileReader, type FileFormat } from './file-reader.js';
import { offsetTimestampColumns, starWithConversions, TIMESTAMPTZ } from './json-timestamps.js';
import type { FileManifest, ManifestEntry } from './manifest.js';
import { describePlan, planEvolution } from './schema-evolution.js';
import { isNativeEncoding, transcodeToUtf8 } from './transcode.js';

/** Columns the loader adds to every row when `metadata_columns` is on. */
export const SOURCE_FILE_COLUMN = '_source_file';
export const LOADED_AT_COLUMN = '_loaded_at';

/** One file of a source as the loader sees it: where it is, where it goes, what the manifest knew of it. */
export interface FileToLoad {
  path: string;
  /** Path relative to the project, with `/`, as stored in the manifest and `_source_file`. */
  key: string;
  table: string;
  format: FileFormat;
  size: number;
  modifiedAt: Date;
  checksum: string;
  /** How the file is read now (see readOptionsOf). */
  readOptions: string;
  previous: ManifestEntry | undefined;
}

/** Which statements of a file's load run now: checks of the file, or the load itself. */
export interface LoadStage {
  loading: boolean;
}

/** Loads one file inside the caller's transaction; returns the rows loaded and rejected. */
export async function loadOneFile(
  adapter: Adapter,
  session: string,
  source: FilesSourceConfig,
  manifest: FileManifest,
  file: FileToLoad,
  scratch: string,
  notes: string[],
  stage: LoadStage,
): Promise<{ loaded: number; rejected: number }> {
  if (file.size === 0) {
    notes.push(`${file.key} is empty (0 bytes); nothing loaded from it.`);
    return { loaded: 0, rejected: 0 };
  }
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
  // JSON timestamps with offsets load as TIMESTAMPTZ, as CSV's and Postgres's do.
  const conversions = file.format === 'json' ? await offsetTimestampColumns(adapter, session, readPath, fileColumns) : new Map<string, string>();
  const rawTypes = new Map(fileColumns.map((c) => [c.name, c.dataType]));
  for (const column of fileColumns) if (conversions.has(column.name)) column.dataType = TIMESTAMPTZ;
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
      const column = adapter.dialect.quoteIdentifier(change.name);
      // Zone-less timestamps are UTC here: the session's own zone must not shift them.
      const using = change.from === 'TIMESTAMP' && change.to === TIMESTAMPTZ ? ` USING timezone('UTC', ${column})` : '';
      await adapter.execute(`ALTER TABLE ${target} ALTER COLUMN ${column} TYPE ${change.to}${using}`, { session });
    }
    const note = describePlan(file.key, `${source.schema}.${file.table}`, plan);
    if (note) notes.push(note);
    columnTypes = new Map(plan.readTypes);
    // A zone-less timestamp going into a TIMESTAMPTZ column is UTC, as above, not the session's local time.
    for (const [name, type] of plan.readTypes) {
      if (type === TIMESTAMPTZ && rawTypes.get(name) === 'TIMESTAMP' && !conversions.has(name)) {
        if (file.format === 'csv') columnTypes.set(name, 'TIMESTAMP');
        conversions.set(name, `timezone('UTC', ${adapter.dialect.quoteIdentifier(name)})`);
      }
    }
  }
  const columns = starWithConversions(adapter, conversions);
  const reader = fileReader(adapter, readPath, file.format, source, delim, columnTypes);
  const extra = source.metadataColumns ? `, ${q(file.key)} AS ${SOURCE_FILE_COLUMN}, now() AS ${LOADED_AT_COLUMN}` : '';
  if (reader.rejects) {
    await adapter.execute(`DROP TABLE IF EXISTS ${reader.rejects.table}`, { session });
    await adapter.execute(`DROP TABLE IF EXISTS ${reader.rejects.scan}`, { session });
  }
  let loaded: number;
  stage.loading = true;
  if (existing) {
    // Only a file loaded before has rows to replace; skipping the scan keeps big lakes linear.
    if (source.metadataColumns && file.previous !== undefined) {
      await adapter.execute(`DELETE FROM ${target} WHERE ${SOURCE_FILE_COLUMN} = ${q(file.key)}`, { session });
    }
    const result = await adapter.execute(`INSERT INTO ${target} BY NAME SELECT ${columns}${extra} FROM ${reader.sql}`, { session });
    loaded = result.rowsChanged;
  } else {
    await adapter.execute(`CREATE TABLE ${target} AS SELECT ${columns}${extra} FROM ${reader.sql}`, { session });
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

function rel(adapter: Adapter, schema: string, table: string): string {
  return adapter.dialect.renderRelation({ schema, identifier: table });
}

