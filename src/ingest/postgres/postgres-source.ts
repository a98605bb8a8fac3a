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
      const rows = await extractTable(source, table, client, adapter, spoolDir, context);
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
  if (incremental) {
    const have = (await adapter.getColumns(target)).map((c) => c.name).filter((n) => n !== PG_LOADED_AT_COLUMN);
    const added = columns.map((c) => c.name).filter((n) => !have.includes(n));
    const removed = have.filter((n) => !columns.some((c) => c.name === n));
    if (added.length > 0 || removed.length > 0) {
      const parts = [added.length ? `new column(s) ${added.join(', ')}` : '', removed.length ? `missing column(s) ${removed.join(', ')}` : ''].filter(Boolean);
      throw userError('ingest-schema-drift', `The columns of ${table.source ?? 'the query'} changed: ${parts.join('; ')}, compared with ${source.schema}.${table.table}.`,
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
  const sql = `SELECT row_to_json(t)::text AS j FROM (SELECT ${selectList} FROM ${base} AS b${where}${order}) AS t`;

  const columnDefs = columns.map((c) => `${d.quoteIdentifier(c.name)} ${c.duckType}`).join(', ');
  await adapter.execute(`CREATE OR REPLACE TABLE ${d.renderRelation(stage)} (${columnDefs}, ${PG_LOADED_AT_COLUMN} TIMESTAMP WITH TIME ZONE)`);
  const jsonColumns = columns.map((c) => `${d.quoteString(c.name)}: ${d.quoteString(c.jsonType)}`).join(', ');
  const converted = columns.map((c) => `${c.duckExpr(d.quoteIdentifier(c.name))} AS ${d.quoteIdentifier(c.name)}`).join(', ');
  const spool = join(spoolDir, `${table.table}.ndjson`);

  let total = 0;
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
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

  if (!incremental) {
    await adapter.swapRelation(stage, target, 'table');
    return total;
  }
  const keys = table.primaryKey.map((k) => d.quoteIdentifier(k));
  await adapter.transaction(async (session) => {
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

function pgIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function pgLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
