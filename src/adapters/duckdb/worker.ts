/**
 * The DuckDB worker thread: owns the DuckDBInstance and its connections, and answers the
 * main thread's calls (asynchronous or synchronous, see core/sync-bridge.ts).
 */
import {
  DuckDBInstance,
  DuckDBMaterializedResult,
  DuckDBTimestampTZValue,
  type DuckDBConnection,
  type DuckDBDataChunk,
  type DuckDBResult,
  type DuckDBType,
  type DuckDBValue,
} from './duckdb-api.js';
import { isReelhouseError, userError, type ReelhouseError } from '../../core/diagnostic.js';
import { serveWorkerRpc } from '../../core/sync-bridge-serve.js';
import type { ExecuteOptions } from '../adapter.js';
import type { DuckDbAttachment, DuckDbOpenOptions, DuckDbOpened, WireResult } from './protocol.js';
import { createSecretSql } from './secret-sql.js';
import { firstLine, messageOf, openError, secretError } from './worker-errors.js';
import { SessionPool, type SessionKind } from './session-pool.js';
import { TypeText } from './type-text.js';
import { converterFor, toParam } from './value-conversion.js';

// TIMESTAMPTZ values print in UTC with their offset (`2024-01-02 01:04:05+00`), whatever the
// machine's zone, so results are the same on every machine.
DuckDBTimestampTZValue.timezoneOffsetInMinutes = 0;

let instance: DuckDBInstance | undefined;
let pool: SessionPool | undefined;
let typeText = new TypeText([]);
let queryRetries: DuckDbOpenOptions['queryRetries'];

serveWorkerRpc(
  {
    open,
    execute,
    executeEach,
    releaseSession: async (session: string) => pool?.release(session),
    interrupt: async () => pool?.interruptWriters() ?? 0,
    progress: async (session: string) => pool?.progress(session),
    close,
    simulateCrash: () => {
      // Lets tests prove that a dying worker fails calls clearly; inert unless asked for.
      if (process.env.REELHOUSE_TEST_HOOKS !== '1') throw new Error('simulateCrash is only available to tests');
      setImmediate(() => {
        throw new Error('simulated worker crash');
      });
    },
  },
  { beforeFatalExit: close },
);

/**
 * dbt runs from the project folder, so a model's relative file reads (`read_parquet('data/x.parquet')`,
 * a source's `external_location` written as a function call) name files there wherever the
 * command was started: DuckDB looks in the project folder after the working directory. The
 * working directory is listed too, first: once file_search_path is set DuckDB expands a glob
 * (`data/*.json`) only against the folders it lists, so leaving the working directory out would
 * lose the globs dbt-duckdb resolves from where the command was started. A profile's own
 * file_search_path is kept as written; a folder holding a comma cannot be listed.
 */
function withProjectSearchPath(settings: Record<string, string | number | boolean>, projectDir: string | undefined): Record<string, string | number | boolean> {
  if (!projectDir || projectDir.includes(',') || Object.keys(settings).some((key) => key.toLowerCase() === 'file_search_path')) return settings;
  const cwd = process.cwd();
  const folders = cwd === projectDir || cwd.includes(',') ? [projectDir] : [cwd, projectDir];
  return { file_search_path: folders.join(','), ...settings };
}

async function open(options: DuckDbOpenOptions): Promise<DuckDbOpened> {
  if (instance) throw new Error('this worker has already opened a database');
  const config: Record<string, string> = {};
  // The profile's config_options first: Reelhouse's own choices below are not theirs to undo.
  for (const [key, value] of Object.entries(options.config ?? {})) config[key] = String(value);
  // Never reach for the network to fetch an extension (see DESIGN: bundled extensions only).
  config.autoinstall_known_extensions = 'false';
  if (options.threads !== undefined) config.threads = String(options.threads);
  if (options.readOnly) config.access_mode = 'READ_ONLY';
  try {
    instance = await withRetries(options.connectRetries, () => DuckDBInstance.create(options.path, config));
  } catch (error) {
    throw openError(error, options.path, Object.keys(options.config ?? {}));
  }
  queryRetries = options.queryRetries;
  const settings = Object.entries(withProjectSearchPath(options.settings ?? {}, options.projectDir));
  const badKey = settings.find(([key]) => !/^[A-Za-z_][A-Za-z0-9_.]*$/.test(key));
  if (badKey) {
    await close();
    throw userError('invalid-setting', `"${badKey[0]}" is not a DuckDB setting name.`);
  }
  const skippedSettings = options.extensionsOptional ? await settingsOfMissingExtensions(instance, settings) : [];
  pool = new SessionPool(instance, async (connection) => {
    for (const [key, value] of settings) await connection.run(`SET ${key} = ${settingLiteral(value)}`);
  });
  let connection: DuckDBConnection;
  try {
    connection = await pool.acquire();
  } catch (error) {
    await close();
    throw userError('invalid-setting', `DuckDB rejected a setting: ${messageOf(error)}`, undefined, 'Check the settings in profiles.yml against DuckDB\'s configuration reference.');
  }
  try {
    const unavailableExtensions: DuckDbOpened['unavailableExtensions'] = [...skippedSettings];
    for (const name of options.extensions ?? []) {
      try {
        await connection.run(`LOAD ${quoteIdentifier(name)}`);
      } catch (error) {
        if (options.extensionsOptional) {
          unavailableExtensions.push({ name, reason: firstLine(messageOf(error)) });
          continue;
        }
        throw userError(
          'extension-unavailable',
          `The DuckDB extension "${name}" is not available: ${firstLine(messageOf(error))}`,
          undefined,
          'Only extensions bundled with DuckDB (parquet, json, icu) or installed beforehand can be loaded; Reelhouse never downloads extensions.',
        );
      }
    }
    // As dbt-duckdb: secrets after extensions, before attaching (an attached file may need one).
    for (const [index, secret] of (options.secrets ?? []).entries()) {
      try {
        await connection.run(createSecretSql(secret));
      } catch (error) {
        throw secretError(error, secret, index);
      }
    }
    for (const attachment of options.attach ?? []) {
      try {
        await connection.run(attachSql(attachment, options.readOnly === true));
      } catch (error) {
        // A TYPE whose extension this machine lacks (sqlite, postgres...): say how to get it.
        const missing = /Extension "[^"]*?([A-Za-z0-9_]+)\.duckdb_extension" not found/u.exec(messageOf(error))?.[1];
        throw userError(
          'attach-failed',
          `Could not attach "${attachment.path}"${attachment.alias ? ` as ${attachment.alias}` : ''}: ${firstLine(messageOf(error))}`,
          undefined,
          missing
            ? `Attaching a ${attachment.type ?? 'database'} database needs DuckDB's ${missing} extension; Reelhouse never downloads extensions: install it beforehand (INSTALL ${missing} with a DuckDB of the same version), or remove the entry from attach:.`
            : 'Check the attach: entries of the profile (path, alias, type).',
        );
      }
    }
    const keywords = await connection.runAndReadAll('select keyword_name from duckdb_keywords()');
    typeText = new TypeText(keywords.getRows().map(([name]) => String(name)));
    const reader = await connection.runAndReadAll('select current_database(), version()');
    const [row] = reader.getRows();
    return { defaultDatabase: String(row?.[0]), version: String(row?.[1]), unavailableExtensions };
  } catch (error) {
    await close();
    throw error;
  } finally {
    pool?.give(connection);
  }
}

async function execute(sql: string, options: ExecuteOptions = {}): Promise<WireResult> {
  const open = pool;
  if (!open) throw new Error('the database is not open');
  return withRetries(queryRetries, () => open.run(options.session, (connection, kind) => runStatement(connection, sql, options, kind)));
}

/** Runs the texts one after another on one connection; the first failure stops the rest (see Adapter.executeEach). */
async function executeEach(texts: string[], options: ExecuteOptions = {}): Promise<WireResult[]> {
  const open = pool;
  if (!open) throw new Error('the database is not open');
  return open.run(options.session, async (connection, kind) => {
    const results: WireResult[] = [];
    for (const sql of texts) results.push(await runStatement(connection, sql, options, kind));
    return results;
  });
}

/** Runs `attempt` until it succeeds, or fails with an exception `retries` does not name, or has been tried `retries.attempts` times. */
async function withRetries<T>(retries: { attempts: number; retryable: string[] } | undefined, attempt: () => Promise<T>): Promise<T> {
  for (let tried = 1; ; tried++) {
    try {
      return await attempt();
    } catch (error) {
      if (!retries || tried >= retries.attempts || !retryable(error, retries.retryable)) throw error;
      // dbt-duckdb's back-off between tries: 1s, 2s, 4s...
      await new Promise((resolve) => setTimeout(resolve, 1000 * 2 ** (tried - 1)));
    }
  }
}

async function runStatement(connection: DuckDBConnection, sql: string, options: ExecuteOptions, kind: SessionKind): Promise<WireResult> {
  const bound = options.params?.map(toParam);
  const values = bound?.map((p) => p.value);
  const types = bound?.map((p) => p.type);
  const streaming = options.maxRows !== undefined;
  let result: DuckDBResult;
  try {
    if (kind.reader) {
      // Dashboard queries: exactly one statement, so nothing can end the read-only transaction.
      const extracted = await connection.extractStatements(sql);
      if (extracted.count !== 1) {
        throw userError('reader-single-statement', `A read-only query must be exactly one statement; got ${extracted.count}.`);
      }
      const prepared = await extracted.prepare(0);
      try {
        if (values) prepared.bind(values, types);
        result = streaming ? await prepared.stream() : await prepared.run();
      } finally {
        prepared.destroySync();
      }
    } else {
      result = streaming ? await connection.stream(sql, values, types) : await connection.run(sql, values, types);
    }
    const columnTypes = result.columnTypes();
    const reader = new ColumnReader(columnTypes, options.exactDecimals === true);
    if (result instanceof DuckDBMaterializedResult) {
      // A materialized result's chunks are read synchronously: no extra trip through libuv.
      for (let index = 0; index < result.chunkCount; index++) reader.append(result.getChunk(index));
    } else {
      const limit = options.maxRows ?? Infinity;
      while (reader.rowCount < limit) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        reader.append(chunk);
      }
      reader.truncate(limit);
    }
    const columns = result.columnNames().map((name, index) => {
      const type = columnTypes[index];
      return { name, dataType: type ? typeText.of(type) : 'UNKNOWN' };
    });
    return { columns, data: reader.data, rowCount: reader.rowCount, rowsChanged: result.rowsChanged };
  } catch (error) {
    throw databaseError(error);
  }
}

/** Collects a result's values column by column, converted to plain data. */
class ColumnReader {
  readonly data: unknown[][];
  rowCount = 0;
  private readonly converters: (((value: DuckDBValue) => unknown) | undefined)[];

  constructor(types: DuckDBType[], exactDecimals: boolean) {
    this.data = types.map(() => []);
    this.converters = types.map((type) => converterFor(type, exactDecimals));
  }

  append(chunk: DuckDBDataChunk): void {
    for (let column = 0; column < this.data.length; column++) {
      const out = this.data[column] as unknown[];
      const convert = this.converters[column];
      const values = chunk.getColumnValues(column);
      if (convert) for (const value of values) out.push(value === null ? null : convert(value));
      else for (const value of values) out.push(value);
    }
    this.rowCount += chunk.rowCount;
  }

  truncate(limit: number): void {
    if (this.rowCount <= limit) return;
    for (const column of this.data) column.length = limit;
    this.rowCount = limit;
  }
}

/** Interrupts what still runs, waits for it, then closes connections and the database. */
async function close(): Promise<void> {
  await pool?.drain();
  // Let the interrupted statements' replies go out before this one.
  await new Promise((resolve) => setImmediate(resolve));
  pool?.closeAll();
  pool = undefined;
  queryRetries = undefined;
  instance?.closeSync();
  instance = undefined;
}

function databaseError(error: unknown): ReelhouseError {
  if (isReelhouseError(error)) return error;
  return userError('database-error', messageOf(error));
}

/**
 * dbt-duckdb retries on Python exception class names (IOException); DuckDB's messages start with
 * the same name worded as an error ("IO Error: Could not set lock on file ...").
 */
function retryable(error: unknown, names: string[]): boolean {
  const kind = /^([A-Za-z ]+) Error:/u.exec(messageOf(error))?.[1]?.replaceAll(' ', '').toLowerCase();
  return kind !== undefined && names.some((name) => name.replace(/Exception$/u, '').toLowerCase() === kind);
}

/**
 * Takes out of `settings` (in place) those that belong to an extension this machine lacks, as
 * dbt-duckdb profiles' s3_region with httpfs: like the missing extension itself, they leave the
 * project running and a query that needs them failing. Any other refusal stays an error.
 */
async function settingsOfMissingExtensions(db: DuckDBInstance, settings: [string, string | number | boolean][]): Promise<DuckDbOpened['unavailableExtensions']> {
  if (settings.length === 0) return [];
  const skipped: DuckDbOpened['unavailableExtensions'] = [];
  const probe = await db.connect();
  try {
    for (const [key, value] of [...settings]) {
      try {
        await probe.run(`SET ${key} = ${settingLiteral(value)}`);
      } catch (error) {
        const extension = /required extension '([^']+)'/u.exec(messageOf(error))?.[1];
        if (extension === undefined) continue;
        settings.splice(settings.findIndex(([k]) => k === key), 1);
        skipped.push({ name: extension, reason: `needed by the setting ${key}`, setting: key });
      }
    }
  } finally {
    probe.closeSync();
  }
  return skipped;
}

function settingLiteral(value: string | number | boolean): string {
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
  return String(value);
}

// dbt-duckdb's ATTACH statement for one `attach:` entry (a read-only warehouse attaches read-only
// too): TYPE, SECRET and READ_ONLY from their own keys or from options:, then the other options
// upper-cased, a true flag alone, a false one left out, a string quoted unless the profile quoted
// it. A query string on the path is not ATTACH's.
function attachSql(a: DuckDbAttachment, readOnly: boolean): string {
  const extra = { ...(a.options ?? {}) };
  const take = (key: string) => {
    const found = Object.keys(extra).find((k) => k.toLowerCase() === key);
    const value = found === undefined ? undefined : extra[found];
    if (found !== undefined) delete extra[found];
    return value;
  };
  const type = a.type ?? take('type');
  const secret = a.secret ?? take('secret');
  const readOnlyOption = take('read_only');
  const options: string[] = [];
  if (type !== undefined && type !== '') options.push(`TYPE ${String(type)}`);
  if (secret !== undefined && secret !== '') options.push(`SECRET ${String(secret)}`);
  if (a.readOnly || readOnly || readOnlyOption === true) options.push('READ_ONLY');
  for (const [key, value] of Object.entries(extra)) {
    if (value === false || value === null || value === undefined) continue;
    if (value === true) options.push(key.toUpperCase());
    else if (typeof value === 'string') options.push(`${key.toUpperCase()} ${/^\s*(['"]).*\1\s*$/su.test(value) ? value : `'${value.replaceAll("'", "''")}'`}`);
    else options.push(`${key.toUpperCase()} ${String(value)}`);
  }
  const path = a.path.replace(/\?[^/]*$/u, '');
  return `ATTACH IF NOT EXISTS '${path.replaceAll("'", "''")}'${a.alias ? ` AS ${quoteIdentifier(a.alias)}` : ''}${options.length > 0 ? ` (${options.join(', ')})` : ''}`;
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
