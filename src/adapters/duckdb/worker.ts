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
import { dirname } from 'node:path';
import { isReelhouseError, userError, type ReelhouseError } from '../../core/diagnostic.js';
import { serveWorkerRpc } from '../../core/sync-bridge-serve.js';
import type { ExecuteOptions } from '../adapter.js';
import type { DuckDbAttachment, DuckDbOpenOptions, DuckDbOpened, DuckDbSecret, WireResult } from './protocol.js';
import { createSecretSql } from './secret-sql.js';
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
    const unavailableExtensions: DuckDbOpened['unavailableExtensions'] = [];
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
        throw userError(
          'attach-failed',
          `Could not attach "${attachment.path}"${attachment.alias ? ` as ${attachment.alias}` : ''}: ${firstLine(messageOf(error))}`,
          undefined,
          'Check the attach: entries of the profile (path, alias, type).',
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

/** Says which `secrets:` entry DuckDB refused, and how to get the extension its type needs. */
function secretError(error: unknown, secret: DuckDbSecret, index: number): ReelhouseError {
  // DuckDB may quote a value it could not use; a secret's values never reach the message.
  let message = firstLine(messageOf(error));
  for (const value of Object.values(secret.params).flatMap((v) => (typeof v === 'object' ? Object.values(v) : [String(v)]))) {
    if (value.length >= 4) message = message.split(value).join('*****');
  }
  const extension = /extension ["']([A-Za-z0-9_]+)["']/iu.exec(messageOf(error))?.[1];
  const missing = extension !== undefined && /autoloading|not found|install/iu.test(messageOf(error));
  // DuckDB's own first line ends in a colon, the reason on the lines after: say it in one.
  if (missing) message = `the ${secret.type} secret type needs DuckDB's ${extension} extension, which is not installed.`;
  const hint = missing
    ? `Reelhouse never downloads extensions: install ${extension} beforehand (INSTALL ${extension} with a DuckDB of the same version), or remove the secret from profiles.yml.`
    : 'Check the secrets: entries of the profile against DuckDB\'s CREATE SECRET parameters for that type.';
  const name = secret.name === null ? '' : ` (${secret.name})`;
  return userError('secret-failed', `Could not create secret ${index + 1}${name} of type ${secret.type} (profiles.yml secrets:): ${message}`, undefined, hint);
}

/** Turns DuckDB's open failures into errors a user can act on. */
function openError(error: unknown, path: string, configKeys: string[] = []): ReelhouseError {
  const message = messageOf(error);
  if (configKeys.length > 0 && /option|setting|config/iu.test(message) && !/lock|No such file|Permission denied|Read-only file system|Not a directory/iu.test(message)) {
    return userError('invalid-setting', `DuckDB refused the profile's config_options: ${firstLine(message)}`, undefined, 'Check config_options in profiles.yml against DuckDB\'s configuration reference.');
  }
  const lock = /Could not set lock on file "([^"]+)":\s*Conflicting lock is held in (.*?) \(PID (\d+)\)/.exec(message);
  if (lock) {
    const [, file, program, pid] = lock;
    return userError(
      'warehouse-locked',
      `The warehouse ${file} is in use by another process (PID ${pid}, ${program}).`,
      undefined,
      `DuckDB allows one writer per database file. Stop that process, or run this command through the running \`reelhouse serve\` (its server owns the file). To only read, open it read-only.`,
    );
  }
  // DuckDB creates the file but not its folder; say which folder, and where the path comes from.
  const folder = dirname(path);
  const hint = /No such file or directory/u.test(message)
    ? `The folder ${folder} does not exist: create it, or set path: in the target's output in profiles.yml to a file in a folder that exists.`
    : /Permission denied|Read-only file system/iu.test(message)
      ? `The warehouse file or its folder ${folder} cannot be written: fix its permissions, or set path: in the target's output in profiles.yml to a writable place.`
      : /Not a directory/u.test(message)
        ? `Part of the folder ${folder} is a file, not a folder: set path: in the target's output in profiles.yml to a file in a folder.`
        : undefined;
  return userError('warehouse-open-failed', `Could not open the warehouse ${path}: ${firstLine(message)}`, undefined, hint);
}

function settingLiteral(value: string | number | boolean): string {
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
  return String(value);
}

// dbt-duckdb's ATTACH statement for one `attach:` entry; a read-only warehouse attaches read-only too.
function attachSql(a: DuckDbAttachment, readOnly: boolean): string {
  const options: string[] = [];
  if (a.type) options.push(`TYPE ${a.type}`);
  if (a.readOnly || readOnly) options.push('READ_ONLY');
  for (const [key, value] of Object.entries(a.options ?? {})) options.push(`${key} ${typeof value === 'string' ? `'${value.replaceAll("'", "''")}'` : String(value)}`);
  return `ATTACH IF NOT EXISTS '${a.path.replaceAll("'", "''")}'${a.alias ? ` AS ${quoteIdentifier(a.alias)}` : ''}${options.length > 0 ? ` (${options.join(', ')})` : ''}`;
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
