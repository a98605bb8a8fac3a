import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuckDb } from '../../adapters/duckdb/index.js';
import { loadIngestConfig } from '../config/load-ingest-config.js';
import { runIngest } from '../run-ingest.js';

// Timestamps as APIs send them: offsets of several zones, `Z`, fractions of a second, and one without a zone.
const ORDERS = [
  { id: 1, created_at: '2026-03-01T10:00:00+02:00', paid_at: '2026-03-01T10:00:00+02:00' },
  { id: 2, created_at: '2026-03-01T08:00:00Z', paid_at: '2026-03-01T08:30:00Z' },
  { id: 3, created_at: '2026-03-01T10:00:00.5-05:30', paid_at: '2026-03-01T23:45:00-05:00' },
];

test('REST timestamps with offsets are the same instants in the raw table, declared or inferred', async () => {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ data: ORDERS }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = await mkdtemp(join(tmpdir(), 'reelhouse-rest-tz-'));
  // A session zone far from UTC: a value read as local time would shift by nine hours.
  const db = await openDuckDb({ path: join(dir, 'warehouse.duckdb'), settings: { TimeZone: 'Asia/Tokyo' } });
  try {
    await writeFile(
      join(dir, 'ingest.yml'),
      `sources:
  declared:
    type: rest
    base_url: ${url}
    endpoint: /orders
    table: orders_declared
    columns: { id: BIGINT, created_at: TIMESTAMP, paid_at: TIMESTAMPTZ }
  inferred:
    type: rest
    base_url: ${url}
    endpoint: /orders
    table: orders_inferred
`,
    );
    const summaries = await runIngest(loadIngestConfig(dir, {}), db);
    for (const s of summaries) assert.equal(s.status, 'success', JSON.stringify(s.error));
    const epochs = (key: 'created_at' | 'paid_at'): number[] => ORDERS.map((o) => Date.parse(o[key]) / 1000);
    const column = async (table: string, name: string): Promise<unknown[]> =>
      (await db.execute(`SELECT epoch(${name}) FROM raw.${table} ORDER BY id`)).rows.map((r) => r[0]);
    const typeOf = async (table: string, name: string): Promise<unknown> =>
      (await db.execute(`SELECT data_type FROM information_schema.columns WHERE table_schema = 'raw' AND table_name = $1 AND column_name = $2`, { params: [table, name] })).rows[0]?.[0];

    // Inferred: TIMESTAMPTZ, as CSV files and Postgres timestamptz columns load.
    assert.equal(await typeOf('orders_inferred', 'created_at'), 'TIMESTAMP WITH TIME ZONE');
    assert.equal(await typeOf('orders_inferred', 'paid_at'), 'TIMESTAMP WITH TIME ZONE');
    assert.deepEqual(await column('orders_inferred', 'created_at'), epochs('created_at'));
    assert.deepEqual(await column('orders_inferred', 'paid_at'), epochs('paid_at'));
    // Declared: the declared types, a TIMESTAMP holding UTC.
    assert.equal(await typeOf('orders_declared', 'created_at'), 'TIMESTAMP');
    assert.equal(await typeOf('orders_declared', 'paid_at'), 'TIMESTAMP WITH TIME ZONE');
    // epoch() of a TIMESTAMP reads it as UTC.
    assert.deepEqual(await column('orders_declared', 'created_at'), epochs('created_at'));
    assert.deepEqual(await column('orders_declared', 'paid_at'), epochs('paid_at'));
  } finally {
    await db.close();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  }
});
