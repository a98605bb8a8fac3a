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
  /** How the file was read (see readOptionsOf); undefined for files loaded before this was recorded. */
  readOptions: string | undefined;
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
    // Warehouses loaded by earlier versions have no read_options column yet (looked up first: DDL is not free).
    const has = await this.adapter.execute(
      `SELECT count(*) FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND column_name = 'read_options'`,
      { params: [this.schema, MANIFEST_TABLE] },
    );
    if (Number(has.rows[0]?.[0] ?? 0) === 0) {
      await this.adapter.execute(`ALTER TABLE ${this.rel(MANIFEST_TABLE)} ADD COLUMN IF NOT EXISTS read_options VARCHAR`);
    }
  }

  /** The files a source has loaded so far, by path. */
  async entries(source: string): Promise<Map<string, ManifestEntry>> {
    const result = await this.adapter.execute(
      `SELECT file_path, table_name, file_size, checksum, read_options FROM ${this.rel(MANIFEST_TABLE)} WHERE source = $1`,
      { params: [source] },
    );
    const map = new Map<string, ManifestEntry>();
    for (const row of result.rows) {
      map.set(String(row[0]), {
        filePath: String(row[0]), tableName: String(row[1]), fileSize: Number(row[2]), checksum: String(row[3]),
        readOptions: row[4] === null || row[4] === undefined ? undefined : String(row[4]),
      });
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
      `INSERT INTO ${this.rel(MANIFEST_TABLE)} (source, table_name, file_path, file_size, checksum, modified_at, loaded_at, rows_loaded, rows_rejected, read_options)
VALUES ($1, $2, $3, $4, $5, $6::TIMESTAMPTZ, now(), $7, $8, $9)`,
      {
        session,
        params: [
          entry.source, entry.tableName, entry.filePath, entry.fileSize, entry.checksum, entry.modifiedAt.toISOString(), entry.rowsLoaded,
          entry.rowsRejected, entry.readOptions ?? null,
        ],
      },
    );
  }

  /**
   * Records the read options of files loaded before they were kept, as the current ones: they
   * were read with the options in force then, which are taken to be today's, so upgrading
   * reloads nothing and a later change of options is seen.
   */
  async adoptReadOptions(source: string, files: Array<{ filePath: string; readOptions: string }>): Promise<void> {
    for (const file of files) {
      await this.adapter.execute(
        `UPDATE ${this.rel(MANIFEST_TABLE)} SET read_options = $1 WHERE source = $2 AND file_path = $3 AND read_options IS NULL`,
        { params: [file.readOptions, source, file.filePath] },
      );
    }
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
