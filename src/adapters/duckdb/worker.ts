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
} from '@duckdb/node-api';
import { isReelhouseError, userError, type ReelhouseError } from '../../core/diagnostic.js';
import { serveWorkerRpc } from '../../core/sync-bridge.js';
import type { ExecuteOptions, QueryResult } from '../adapter.js';
import type { DuckDbOpenOptions, DuckDbOpened } from './protocol.js';
import { SessionPool, type SessionKind } from './session-pool.js';
import { TypeText } from './type-text.js';
import { toParam, toPlain } from './value-conversion.js';

// TIMESTAMPTZ values print in UTC with their offset (`2024-01-02 01:04:05+00`), whatever the
// machine's zone, so results are the same on every machine.
DuckDBTimestampTZValue.timezoneOffsetInMinutes = 0;

let instance: DuckDBInstance | undefined;
let pool: SessionPool | undefined;
let typeText = new TypeText([]);

serveWorkerRpc({
  open,
  execute,
  releaseSession: async (session: string) => pool?.release(session),
  close,
  simulateCrash: () => {
    // Lets tests prove that a dying worker fails calls clearly; inert unless asked for.
    if (process.env.REELHOUSE_TEST_HOOKS !== '1') throw new Error('simulateCrash is only available to tests');
    setImmediate(() => {
      throw new Error('simulated worker crash');
    });
  },
});

async function open(options: DuckDbOpenOptions): Promise<DuckDbOpened> {
  if (instance) throw new Error('this worker has already opened a database');
  const config: Record<string, string> = {
    // Never reach for the network to fetch an extension (see DESIGN: bundled extensions only).
    autoinstall_known_extensions: 'false',
  };
  if (options.threads !== undefined) config.threads = String(options.threads);
  if (options.readOnly) config.access_mode = 'READ_ONLY';
  try {
    instance = await DuckDBInstance.create(options.path, config);
  } catch (error) {
    throw openError(error, options.path);
  }
  const settings = Object.entries(options.settings ?? {});
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
    for (const name of options.extensions ?? []) {
      try {
        await connection.run(`LOAD ${quoteIdentifier(name)}`);
      } catch (error) {
        throw userError(
          'extension-unavailable',
          `The DuckDB extension "${name}" is not available: ${firstLine(messageOf(error))}`,
          undefined,
          'Only extensions bundled with DuckDB (parquet, json, icu) or installed beforehand can be loaded; Reelhouse never downloads extensions.',
        );
      }
    }
    const keywords = await connection.runAndReadAll('select keyword_name from duckdb_keywords()');
    typeText = new TypeText(keywords.getRows().map(([name]) => String(name)));
    const reader = await connection.runAndReadAll('select current_database(), version()');
    const [row] = reader.getRows();
    return { defaultDatabase: String(row?.[0]), version: String(row?.[1]) };
  } catch (error) {
    await close();
    throw error;
  } finally {
    pool?.give(connection);
  }
}

async function execute(sql: string, options: ExecuteOptions = {}): Promise<QueryResult> {
  if (!pool) throw new Error('the database is not open');
  return pool.run(options.session, (connection, kind) => runStatement(connection, sql, options, kind));
}

async function runStatement(connection: DuckDBConnection, sql: string, options: ExecuteOptions, kind: SessionKind): Promise<QueryResult> {
  const bound = options.params?.map(toParam);
  const values = bound?.map((p) => p.value);
  const types = bound?.map((p) => p.type);
  const streaming = options.maxRows !== undefined;
  let result: DuckDBResult;
  let rows: unknown[][] = [];
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
    if (result instanceof DuckDBMaterializedResult) {
      // A materialized result's chunks are read synchronously: no extra trip through libuv.
      for (let index = 0; index < result.chunkCount; index++) appendRows(rows, result.getChunk(index));
    } else {
      const limit = options.maxRows ?? Infinity;
      while (rows.length < limit) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        appendRows(rows, chunk);
      }
      if (rows.length > limit) rows = rows.slice(0, limit);
    }
  } catch (error) {
    throw databaseError(error);
  }
  const names = result.columnNames();
  const columnTypes = result.columnTypes();
  const columns = names.map((name, index) => {
    const type = columnTypes[index];
    return { name, dataType: type ? typeText.of(type) : 'UNKNOWN' };
  });
  return { columns, rows, rowsChanged: result.rowsChanged };
}

function appendRows(rows: unknown[][], chunk: DuckDBDataChunk): void {
  for (const row of chunk.convertRows((value, type) => toPlain(value, type) as never)) rows.push(row);
}

async function close(): Promise<void> {
  pool?.closeAll();
  pool = undefined;
  instance?.closeSync();
  instance = undefined;
}

function databaseError(error: unknown): ReelhouseError {
  if (isReelhouseError(error)) return error;
  return userError('database-error', messageOf(error));
}

/** Turns DuckDB's open failures into errors a user can act on. */
function openError(error: unknown, path: string): ReelhouseError {
  const message = messageOf(error);
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
  return userError('warehouse-open-failed', `Could not open the warehouse ${path}: ${firstLine(message)}`);
}

function settingLiteral(value: string | number | boolean): string {
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
  return String(value);
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
