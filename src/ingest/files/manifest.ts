import type { Adapter } from '../../adapters/adapter.js';

/** Name of the table, in each raw schema, that records every file loaded into it. */
export const MANIFEST_TABLE = '_ingest_manifest';
/** Name of the table, in each raw schema, that keeps rows that could not be read. */
export const REJECTS_TABLE = '_rejects';

/** One loaded file as the manifest remembers it. */
export interface ManifestEntry {
  filePath: string;
  tableName: string;
  fileSize: number;
  checksum: string;
}

/** SQL helpers bound to one schema of one adapter. */
export class FileManifest {
  constructor(
    private readonly adapter: Adapter,
    private readonly schema: string,
  ) {}

  private rel(name: string): string {
    return this.adapter.dialect.renderRelation({ schema: this.schema, identifier: name });
  }

  /** Creates the schema, the manifest and the rejects table when they are missing. */
  async ensure(): Promise<void> {
    await this.adapter.createSchema({ schema: this.schema });
    await this.adapter.execute(`CREATE TABLE IF NOT EXISTS ${this.rel(MANIFEST_TABLE)} (
  source VARCHAR NOT NULL, table_name VARCHAR NOT NULL, file_path VARCHAR NOT NULL,
  file_size BIGINT NOT NULL, checksum VARCHAR NOT NULL, modified_at TIMESTAMP WITH TIME ZONE,
  loaded_at TIMESTAMP WITH TIME ZONE NOT NULL, rows_loaded BIGINT NOT NULL, rows_rejected BIGINT NOT NULL)`);
    await this.adapter.execute(`CREATE TABLE IF NOT EXISTS ${this.rel(REJECTS_TABLE)} (
  source VARCHAR NOT NULL, table_name VARCHAR NOT NULL, file_path VARCHAR NOT NULL, line BIGINT,
  column_name VARCHAR, error_type VARCHAR, error_message VARCHAR, raw_line VARCHAR,
  rejected_at TIMESTAMP WITH TIME ZONE NOT NULL)`);
  }

  /** The files a source has loaded so far, by path. */
  async entries(source: string): Promise<Map<string, ManifestEntry>> {
    const result = await this.adapter.execute(
      `SELECT file_path, table_name, file_size, checksum FROM ${this.rel(MANIFEST_TABLE)} WHERE source = $1`,
      { params: [source] },
    );
    const map = new Map<string, ManifestEntry>();
    for (const row of result.rows) {
      map.set(String(row[0]), { filePath: String(row[0]), tableName: String(row[1]), fileSize: Number(row[2]), checksum: String(row[3]) });
    }
    return map;
  }

  /** Records a load inside the caller's transaction, replacing any earlier entry of the file. */
  async record(
    session: string,
    entry: ManifestEntry & { source: string; modifiedAt: Date; rowsLoaded: number; rowsRejected: number },
  ): Promise<void> {
    await this.adapter.execute(`DELETE FROM ${this.rel(MANIFEST_TABLE)} WHERE source = $1 AND file_path = $2`, {
      session,
      params: [entry.source, entry.filePath],
    });
    await this.adapter.execute(
      `INSERT INTO ${this.rel(MANIFEST_TABLE)} VALUES ($1, $2, $3, $4, $5, $6::TIMESTAMPTZ, now(), $7, $8)`,
      {
        session,
        params: [entry.source, entry.tableName, entry.filePath, entry.fileSize, entry.checksum, entry.modifiedAt.toISOString(), entry.rowsLoaded, entry.rowsRejected],
      },
    );
  }

  /** Forgets the rejected rows of a file (it is being reloaded). */
  async clearRejects(session: string, source: string, filePath: string): Promise<void> {
    await this.adapter.execute(`DELETE FROM ${this.rel(REJECTS_TABLE)} WHERE source = $1 AND file_path = $2`, {
      session,
      params: [source, filePath],
    });
  }

  /** The fully quoted name of the rejects table. */
  rejectsRelation(): string {
    return this.rel(REJECTS_TABLE);
  }
}
