import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import type { Adapter } from '../../adapters/adapter.js';
import { loadIngestConfig } from '../config/load-ingest-config.js';
import { runIngest } from '../run-ingest.js';
import { openPostgresIngestFixture, type PostgresIngestFixture, type TestPostgres } from './postgres-test-server.js';

// Operational tables as they are, not as a loader would like them: odd column names, money, wide numbers, new columns.

let server: TestPostgres;
let client: pg.Client;
let dir: string;
let db: Adapter;

let fixture: PostgresIngestFixture | undefined;

before(async () => {
  fixture = await openPostgresIngestFixture('reelhouse-pg-real-');
  ({ server, client, dir, db } = fixture);
  await client.query(`CREATE TABLE invoices (id int PRIMARY KEY, t text, total money, updated_at timestamptz NOT NULL)`);
  await client.query(`INSERT INTO invoices VALUES (1, 'first', 1234.56, '2024-05-01T10:00:00Z'), (2, NULL, -0.5, '2024-05-01T11:00:00Z')`);
  await client.query(`CREATE TABLE ledger (id int, amount numeric)`);
  await client.query(`INSERT INTO ledger VALUES (1, 10.5), (2, 123456789012345678901234567890.5)`);
});

after(() => fixture?.close());

async function ingest(tables: string): Promise<Awaited<ReturnType<typeof runIngest>>[number] | undefined> {
  await writeFile(join(dir, 'ingest.yml'), `sources:\n  app:\n    type: postgres\n    connection: ${server.connectionString}\n    tables:\n${tables}`);
  const [summary] = await runIngest(loadIngestConfig(dir, {}), db);
  return summary;
}

test('a column named t and a money column load; a column added upstream is added on the next incremental run', async () => {
  const invoices = '      - { source: public.invoices, cursor: updated_at, primary_key: [id] }\n';
  const first = await ingest(invoices);
  assert.equal(first?.status, 'success', JSON.stringify(first?.error));
  assert.deepEqual((await db.execute(`SELECT id, t, total::VARCHAR, typeof(total) FROM raw.invoices ORDER BY id`)).rows, [
    [1, 'first', '1234.56', 'DECIMAL(19,2)'],
    [2, null, '-0.50', 'DECIMAL(19,2)'],
  ]);

  await client.query(`ALTER TABLE invoices ADD COLUMN currency text`);
  await client.query(`UPDATE invoices SET currency = 'EUR', updated_at = '2024-05-02T09:00:00Z' WHERE id = 2`);
  await client.query(`INSERT INTO invoices VALUES (3, 'third', 7, '2024-05-02T10:00:00Z', 'USD')`);
  const second = await ingest(invoices);
  assert.equal(second?.status, 'success', JSON.stringify(second?.error));
  assert.deepEqual((await db.execute(`SELECT id, currency, total::VARCHAR FROM raw.invoices ORDER BY id`)).rows, [
    [1, null, '1234.56'], [2, 'EUR', '-0.50'], [3, 'USD', '7.00'],
  ]);
});

test('a numeric too wide for DuckDB is one error naming the column and value; no staging table is left and the target is untouched', async () => {
  const summary = await ingest('      - public.invoices\n      - public.ledger\n');
  assert.equal(summary?.status, 'error');
  assert.equal(summary?.error?.code, 'postgres-value-out-of-range');
  assert.match(summary?.error?.message ?? '', /public\.ledger: column amount holds 123456789012345678901234567890\.5, which does not fit DECIMAL\(38,10\)/);
  assert.doesNotMatch(summary?.error?.message ?? '', /\n|LINE 1|SELECT/);
  const left = await db.execute(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'raw' ORDER BY 1`);
  assert.deepEqual(left.rows, [['invoices']]);
  // The table extracted before the failure was published.
  assert.equal((await db.execute(`SELECT count(*) FROM raw.invoices`)).rows[0]?.[0], 3);
});
