import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Adapter } from '../../adapters/adapter.js';
import type { FilesSourceConfig, RestSourceConfig } from '../config/ingest-config.js';
import { declaredTimestampColumn, offsetTimestampColumns, starWithConversions } from '../files/json-timestamps.js';
import { loadFilesSource } from '../files/load-files.js';
import type { IngestSummary, RunContext } from '../ingest-summary.js';
import { RestClient } from './rest-client.js';

/** Column every snapshot carries: when the run started (UTC). */
export const EXTRACTED_AT_COLUMN = '_extracted_at';

/** The snapshot file name of a run started at `at`: `<prefix>2024-05-01T12-00-00-000Z.parquet`. */
export function snapshotFileName(prefix: string, at: Date): string {
  return `${prefix}${at.toISOString().replace(/[:.]/g, '-')}.parquet`;
}

/**
 * Pulls every page of a REST source and writes them as one Parquet snapshot file named by the
 * run's start time. Records are spooled to a temporary NDJSON file and converted once all pages
 * arrived, then renamed into place: a run that fails midway leaves no snapshot behind. With
 * `table:` set, the snapshots are then loaded into the raw table, incrementally by file.
 */
export async function runRestSource(
  source: RestSourceConfig,
  adapter: Adapter,
  projectDir: string,
  context: RunContext = {},
): Promise<IngestSummary> {
  const began = new Date();
  const summary: IngestSummary = {
    name: source.name, type: 'rest', status: 'success', tables: [], filesLoaded: 0, filesSkipped: 0,
    rowsLoaded: 0, rowsRejected: 0, elapsedMs: 0, messages: [],
  };
  await mkdir(source.output, { recursive: true });
  const finalName = snapshotFileName(source.filePrefix, began);
  const finalPath = join(source.output, finalName);
  const spool = join(source.output, `.${finalName}.ndjson.tmp`);
  const parquetTemp = join(source.output, `.${finalName}.tmp`);
  const client = new RestClient(source, context.log);
  let records = 0;
  try {
    const out = createWriteStream(spool);
    try {
      let page = 0;
      for await (const batch of client.pages()) {
        page++;
        let chunk = '';
        for (const record of batch) chunk += `${JSON.stringify(record)}\n`;
        records += batch.length;
        if (!out.write(chunk)) await once(out, 'drain');
        context.onProgress?.({ step: `${source.name}: page ${page} (${records} records)`, done: page, total: page + 1 });
      }
    } finally {
      out.end();
      await once(out, 'close');
    }
    if (records === 0 && source.columns.length === 0) {
      summary.messages.push('The API returned no records and the source declares no columns; no snapshot written.');
    } else {
      const q = (s: string): string => adapter.dialect.quoteString(s);
      const extractedAt = `${q(began.toISOString())}::TIMESTAMPTZ AS ${EXTRACTED_AT_COLUMN}`;
      let select: string;
      if (source.columns.length > 0) {
        // Declared timestamps are read as text and converted one by one, so that offsets count.
        const timestamps = source.columns.map((c) => declaredTimestampColumn(adapter, c.name, c.type));
        const columns = source.columns.map((c, i) => `${q(c.name)}: ${q(timestamps[i]?.readType ?? c.type)}`).join(', ');
        const names = source.columns
          .map((c, i) => {
            const name = adapter.dialect.quoteIdentifier(c.name);
            const timestamp = timestamps[i];
            return timestamp ? `${timestamp.expr} AS ${name}` : name;
          })
          .join(', ');
        select = `SELECT ${names}, ${extractedAt} FROM read_json(${q(spool)}, format = 'newline_delimited', columns = {${columns}})`;
      } else {
        // Inferred timestamps with offsets become TIMESTAMPTZ, as in JSON files.
        const reader = `read_json_auto(${q(spool)}, format = 'newline_delimited')`;
        const described = await adapter.execute(`DESCRIBE SELECT * FROM ${reader}`);
        const inferred = described.rows.map((r) => ({ name: String(r[0]), dataType: String(r[1]) }));
        const conversions = await offsetTimestampColumns(adapter, undefined, spool, inferred, 'newline_delimited');
        select = `SELECT ${starWithConversions(adapter, conversions)}, ${extractedAt} FROM ${reader}`;
      }
      await adapter.execute(`COPY (${select}) TO ${q(parquetTemp)} (FORMAT parquet)`);
      await rename(parquetTemp, finalPath);
      summary.snapshot = finalPath;
      summary.filesLoaded = 1;
      summary.rowsLoaded = records;
    }
  } finally {
    await rm(spool, { force: true });
    await rm(parquetTemp, { force: true });
  }
  summary.messages.push(
    `${client.stats.requests} request(s), ${client.stats.retries} retr${client.stats.retries === 1 ? 'y' : 'ies'}, ${client.stats.rateLimited} rate-limited.`,
  );
  if (summary.snapshot !== undefined) context.log?.(`${source.name}: wrote ${records} record(s) to ${finalName}`);

  if (source.table !== undefined) {
    const files: FilesSourceConfig = {
      type: 'files', name: source.name, location: source.location, schema: source.schema,
      path: join(source.output, `${source.filePrefix}*.parquet`), format: 'parquet', table: source.table,
      hivePartitioning: false, onBadRows: 'fail', metadataColumns: true, csvOptions: {},
    };
    const loaded = await loadFilesSource(files, adapter, projectDir, context);
    summary.tables = loaded.tables.length ? loaded.tables : [`${source.schema}.${source.table}`];
    summary.messages.push(...loaded.messages, `Loaded ${loaded.filesLoaded} snapshot file(s) (${loaded.rowsLoaded} rows) into ${source.schema}.${source.table}.`);
    if (loaded.status === 'error') {
      summary.status = 'error';
      if (loaded.error) summary.error = loaded.error;
      if (loaded.fileErrors) summary.fileErrors = loaded.fileErrors;
    }
  }
  summary.elapsedMs = Date.now() - began.getTime();
  return summary;
}
