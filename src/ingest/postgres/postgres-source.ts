import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Adapter } from '../../adapters/adapter.js';
import { isReelhouseError, userError } from '../../core/diagnostic.js';
import type { PostgresSourceConfig, PostgresTableConfig } from '../config/ingest-config.js';
import type { IngestSummary, RunContext } from '../ingest-summary.js';
import { mapPgColumn, type ColumnMapping } from './pg-types.js';

/** Column added to every extracted row: when the run loaded it. */
export const PG_LOADED_AT_COLUMN = '_loaded_at';

/**
 * Extracts tables or queries from Postgres into `<schema>.<table>`. Rows are streamed through a
 * server-side cursor in batches of `batch_size` (memory stays bounded however large the table),
 * staged in DuckDB, then published atomically: a full refresh swaps the staged table in; an
 * incremental load (by a cursor column such as `updated_at`) replaces re-extracted rows by
 * primary key and appends new ones, in one transaction.
 */
export async function runPostgresSource(source: PostgresSourceConfig, adapter: Adapter, context: RunContext = {}): Promise<IngestSummary> {
  const began = Date.now();
  const summary: IngestSummary = {
    name: source.name, type: 'postgres', status: 'success', tables: [], filesLoaded: 0, filesSkipped: 0,
    rowsLoaded: 0, rowsRejected: 0, elapsedMs: 0, messages: [],
  };
  const { connectionString, ...pieces } = source.connection;
  const client = new pg.Client(connectionString ? { connectionString } : pieces);
  try {
    await client.connect();
  } catch (error) {
    throw userError('postgres-connect-failed', `Cannot connect to the Postgres database of source '${source.name}': ${(error as Error).message}`,
      source.location, 'Check the connection settings (host, port, user, database; the password comes from the environment).');
  }
  client.on('error', () => undefined);
  const spoolDir = await mkdtemp(join(tmpdir(), 'reelhouse-pg-'));
  try {
    await adapter.createSchema({ schema: source.schema });
    await client.query(`SET TimeZone = 'UTC'`);
    await client.query(`SET extra_float_digits = 3`);
    for (const [index, table] of source.tables.entries()) {
      context.onProgress?.({ step: `${source.name}: ${table.table}`, done: index, total: source.tables.length });
      const rows = await extractTable(source, table, client, adapter, spoolDir, context).catch((error: unknown) => {
        throw tableFailure(source, table, error);
      });
      summary.rowsLoaded += rows;
      summary.tables.push(`${source.schema}.${table.table}`);
      context.log?.(`${source.name}: ${rows} row(s) into ${source.schema}.${table.table}`);
    }
  } catch (error) {
    if (isReelhouseError(error)) throw error;
    throw userError('postgres-extract-failed', `Source '${source.name}' failed: ${(error as Error).message}`, source.location);
  } finally {
    await client.end().catch(() => undefined);
    await rm(spoolDir, { recursive: true, force: true });
  }
  summary.elapsedMs = Date.now() - began;
  return summary;
}

async function extractTable(
  source: PostgresSourceConfig,
  table: PostgresTableConfig,
  client: pg.Client,
  adapter: Adapter,
  spoolDir: string,
  context: RunContext,
): Promise<number> {
  const d = adapter.dialect;
  const base = table.query !== undefined ? `(${table.query.replace(/;\s*$/, '')})` : table.source!.split('.').map(pgIdent).join('.');
  const columns = await describe(client, base);
  if (table.cursor && !columns.some((c) => c.name === table.cursor)) {
    throw userError('postgres-cursor-missing', `The cursor column '${table.cursor}' is not a column of ${table.source ?? 'the query'}.`, source.location);
  }
  for (const key of table.primaryKey) {
    if (!columns.some((c) => c.name === key)) throw userError('postgres-key-missing', `The primary key column '${key}' is not a column of ${table.source ?? 'the query'}.`, source.location);
  }
  const target = { schema: source.schema, identifier: table.table };
  const stage = { schema: source.schema, identifier: `${table.table}__reelhouse_stage` };
  const existing = await adapter.getRelation(target);
  const incremental = table.cursor !== undefined && existing !== undefined;
  // Columns added in Postgres since the last run are added to the table (earlier rows get NULL).
  let added: typeof columns = [];
  if (incremental) {
    const have = (await adapter.getColumns(target)).map((c) => c.name).filter((n) => n !== PG_LOADED_AT_COLUMN);
    added = columns.filter((c) => !have.includes(c.name));
    const removed = have.filter((n) => !columns.some((c) => c.name === n));
    if (added.length > 0) context.log?.(`${source.name}: ${table.source ?? 'the query'} has new column(s) ${added.map((c) => c.name).join(', ')}; adding them to ${source.schema}.${table.table}`);
    if (removed.length > 0) {
      // Columns that vanished mean another table or a breaking change upstream: refused rather than mixed.
      throw userError('ingest-schema-drift', `The columns of ${table.source ?? 'the query'} changed: missing column(s) ${removed.join(', ')}${added.length ? `; new column(s) ${added.map((c) => c.name).join(', ')}` : ''}, compared with ${source.schema}.${table.table}.`,
        source.location, `Drop ${source.schema}.${table.table} to reload it in full with the new columns.`);
    }
  }

  let where = '';
  if (incremental && table.cursor) {
    const cursorColumn = columns.find((c) => c.name === table.cursor)!;
    const max = (await adapter.execute(`SELECT max(${d.quoteIdentifier(table.cursor)})::VARCHAR FROM ${d.renderRelation(target)}`)).rows[0]?.[0];
    if (max !== null && max !== undefined) {
      // With a key, re-reading the boundary value is harmless and catches rows committed at the same instant.
      const op = table.primaryKey.length > 0 ? '>=' : '>';
      where = ` WHERE ${pgIdent(table.cursor)} ${op} ${pgLiteral(String(max))}::${cursorColumn.pgType}`;
    }
  }
  const selectList = columns.map((c) => `${c.pgExpr(pgIdent(c.name))} AS ${pgIdent(c.name)}`).join(', ');
  const order = table.cursor ? ` ORDER BY ${pgIdent(table.cursor)}` : '';
  // The row alias must not be a column name: row_to_json(t) on a table with a column `t` would read that column.
  const sql = `SELECT row_to_json(reelhouse_row)::text AS j FROM (SELECT ${selectList} FROM ${base} AS b${where}${order}) AS reelhouse_row`;

  const columnDefs = columns.map((c) => `${d.quoteIdentifier(c.name)} ${c.duckType}`).join(', ');
  await adapter.execute(`CREATE OR REPLACE TABLE ${d.renderRelation(stage)} (${columnDefs}, ${PG_LOADED_AT_COLUMN} TIMESTAMP WITH TIME ZONE)`);
  const jsonColumns = columns.map((c) => `${d.quoteString(c.name)}: ${d.quoteString(c.jsonType)}`).join(', ');
  const converted = columns.map((c) => `${c.duckExpr(d.quoteIdentifier(c.name))} AS ${d.quoteIdentifier(c.name)}`).join(', ');
  const spool = join(spoolDir, `${table.table}.ndjson`);

  let total = 0;
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    try {
      await client.query(`DECLARE reelhouse_extract NO SCROLL CURSOR FOR ${sql}`);
      for (;;) {
        const batch = await client.query<{ j: string }>(`FETCH FORWARD ${source.batchSize} FROM reelhouse_extract`);
        if (batch.rows.length === 0) break;
        await writeFile(spool, batch.rows.map((r) => r.j).join('\n') + '\n');
        await adapter.execute(
          `INSERT INTO ${d.renderRelation(stage)} SELECT ${converted}, now() FROM read_json(${d.quoteString(spool)}, format = 'newline_delimited', columns = {${jsonColumns}})`,
        );
        total += batch.rows.length;
        context.onProgress?.({ step: `${source.name}: ${table.table} (${total} rows)`, done: total, total: total + source.batchSize });
        if (batch.rows.length < source.batchSize) break;
      }
      await client.query('CLOSE reelhouse_extract');
    } finally {
      await client.query('COMMIT').catch(() => undefined);
    }
  } catch (error) {
    // A failed extract leaves neither its staging table nor a half-loaded target behind.
    await adapter.execute(`DROP TABLE IF EXISTS ${d.renderRelation(stage)}`).catch(() => undefined);
    throw error;
  }

  if (!incremental) {
    await adapter.swapRelation(stage, target, 'table');
    return total;
  }
  const keys = table.primaryKey.map((k) => d.quoteIdentifier(k));
  await adapter.transaction(async (session) => {
    for (const column of added) {
      await adapter.execute(`ALTER TABLE ${d.renderRelation(target)} ADD COLUMN ${d.quoteIdentifier(column.name)} ${column.duckType}`, { session });
    }
    if (keys.length > 0) {
      await adapter.execute(
        `DELETE FROM ${d.renderRelation(target)} WHERE (${keys.join(', ')}) IN (SELECT (${keys.join(', ')}) FROM ${d.renderRelation(stage)})`,
        { session },
      );
    }
    await adapter.execute(`INSERT INTO ${d.renderRelation(target)} BY NAME SELECT * FROM ${d.renderRelation(stage)}`, { session });
    await adapter.execute(`DROP TABLE ${d.renderRelation(stage)}`, { session });
  });
  return total;
}

/** The columns of a table or query, with their mappings, from Postgres's own type names. */
async function describe(client: pg.Client, base: string): Promise<ColumnMapping[]> {
  const probe = await client.query(`SELECT * FROM ${base} AS b LIMIT 0`);
  if (probe.fields.length === 0) return [];
  const types = await client.query<{ t: string }>(
    `SELECT format_type(x.oid, CASE WHEN x.mod < 0 THEN NULL ELSE x.mod END) AS t
     FROM unnest($1::oid[], $2::int[]) WITH ORDINALITY AS x(oid, mod, n) ORDER BY x.n`,
    [probe.fields.map((f) => f.dataTypeID), probe.fields.map((f) => f.dataTypeModifier)],
  );
  return probe.fields.map((f, i) => mapPgColumn(f.name, types.rows[i]?.t ?? 'text'));
}

/** A failure while extracting one table, as one paragraph naming the source and table (DuckDB's SQL echo left out). */
function tableFailure(source: PostgresSourceConfig, table: PostgresTableConfig, error: unknown): unknown {
  if (isReelhouseError(error) && error.diagnostic.code !== 'database-error') return error;
  const text = error instanceof Error ? error.message : String(error);
  const first = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? text;
  const what = table.source ?? 'its query';
  const overflow = /Could not convert string "([^"]*)" to (DECIMAL\(\d+,\d+\))[^]*?source column (\S+)/.exec(first);
  if (overflow) {
    return userError('postgres-value-out-of-range',
      `Source '${source.name}' cannot load ${what}: column ${overflow[3]} holds ${overflow[1]}, which does not fit ${overflow[2]}. Tables extracted before it were kept; ${source.schema}.${table.table} is unchanged.`,
      source.location,
      `DuckDB decimals hold 38 digits. Give the column a precision in Postgres (numeric(p,s)), or extract it with a query that casts it (::text keeps every digit, ::double precision keeps the magnitude).`);
  }
  return userError('postgres-extract-failed',
    `Source '${source.name}' failed on ${what}: ${first.replace(/^[A-Za-z ]*Error: /, '')}. Tables extracted before it were kept; ${source.schema}.${table.table} is unchanged.`,
    source.location);
}

function pgIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function pgLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
