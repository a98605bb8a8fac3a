import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import type { Adapter } from '../../adapters/adapter.js';
import { loadIngestConfig } from '../config/load-ingest-config.js';
import { runIngest } from '../run-ingest.js';
import { openPostgresIngestFixture, type PostgresIngestFixture, type TestPostgres } from './postgres-test-server.js';
import { generateDemoData } from '../generate/generate-demo-data.js';
import { seedDemoPostgres } from '../demo-api/seed-demo-postgres.js';

let server: TestPostgres;
let client: pg.Client;
let dir: string;
let db: Adapter;

let fixture: PostgresIngestFixture | undefined;

before(async () => {
  fixture = await openPostgresIngestFixture('reelhouse-pg-source-');
  ({ server, client, dir, db } = fixture);
  await client.query(`CREATE TYPE plan AS ENUM ('basic', 'standard', 'premium')`);
  await client.query(`CREATE TABLE app.customers (
    id integer PRIMARY KEY, email text NOT NULL, plan plan, balance numeric(12,2), lifetime numeric,
    created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, birthday date, active boolean,
    ratio double precision, profile jsonb, tags text[], scores integer[], external_id uuid, avatar bytea,
    grace interval, ip inet)`.replace('app.', ''));
  await client.query(`INSERT INTO customers
    SELECT i, 'user' || i || '@example.com', (ARRAY['basic','standard','premium']::plan[])[1 + i % 3],
      (i * 10.01)::numeric(12,2), ('123456789012345678.0123456789')::numeric + i,
      timestamptz '2024-01-01 00:00:00.123456+00' + i * interval '1 hour',
      timestamptz '2024-01-01 00:00:00+00' + i * interval '1 minute',
      date '1990-01-01' + i, i % 2 = 0, i / 3.0,
      jsonb_build_object('plan', 'p' || i, 'n', i), ARRAY['a' || i, 'b'], ARRAY[i, i + 1],
      ('00000000-0000-0000-0000-' || lpad(i::text, 12, '0'))::uuid, '\\x0102ff'::bytea,
      make_interval(days => i), '10.0.0.1'::inet
    FROM generate_series(1, 50) i`);
  await writeFile(join(dir, '.env'), `PG_URL=${server.connectionString}\n`);
  await writeFile(join(dir, 'ingest.yml'), `sources:
  app_db:
    type: postgres
    connection: \${PG_URL}
    batch_size: 7
    tables:
      - source: public.customers
        table: customers
        cursor: updated_at
        primary_key: [id]
      - query: select id, email from customers where active
        table: active_customers
`);
});

after(() => fixture?.close());

test('a table and a query land in raw tables with faithful types, in batches', async () => {
  const [summary] = await runIngest(loadIngestConfig(dir, {}), db);
  assert.equal(summary?.status, 'success', JSON.stringify(summary?.error));
  assert.deepEqual(summary?.tables, ['raw.customers', 'raw.active_customers']);
  const types = Object.fromEntries((await db.getColumns({ schema: 'raw', identifier: 'customers' })).map((c) => [c.name, c.dataType]));
  assert.deepEqual(types, {
    id: 'INTEGER', email: 'VARCHAR', plan: 'VARCHAR', balance: 'DECIMAL(12,2)', lifetime: 'DECIMAL(38,10)',
    created_at: 'TIMESTAMP WITH TIME ZONE', updated_at: 'TIMESTAMP WITH TIME ZONE', birthday: 'DATE', active: 'BOOLEAN',
    ratio: 'DOUBLE', profile: 'JSON', tags: 'VARCHAR[]', scores: 'INTEGER[]', external_id: 'UUID', avatar: 'BLOB',
    grace: 'INTERVAL', ip: 'VARCHAR', _loaded_at: 'TIMESTAMP WITH TIME ZONE',
  });
  const row = (await db.execute(`SELECT (SELECT count(*) FROM raw.customers), balance::VARCHAR, lifetime::VARCHAR, epoch_us(created_at), profile->>'plan', tags, scores,
    external_id::VARCHAR, hex(avatar), grace::VARCHAR, birthday::VARCHAR, plan FROM raw.customers WHERE id = 7`)).rows[0];
  assert.deepEqual(row, [
    50, '70.07', '123456789012345685.0123456789', Date.UTC(2024, 0, 1, 7) * 1000 + 123456, 'p7', ['a7', 'b'], [7, 8],
    '00000000-0000-0000-0000-000000000007', '0102FF', '7 days', '1990-01-08', 'standard',
  ]);
  assert.equal((await db.execute('SELECT count(*) FROM raw.active_customers')).rows[0]?.[0], 25);
  const extracted = (await client.query<{ n: string }>(`SELECT sum(balance)::text AS n FROM customers`)).rows[0]?.n;
  assert.equal((await db.execute('SELECT sum(balance)::VARCHAR FROM raw.customers')).rows[0]?.[0], extracted);
});

test('incremental by updated_at: changed rows replace their old versions, new rows are added', async () => {
  await client.query(`UPDATE customers SET email = 'changed@example.com', updated_at = timestamptz '2030-01-01 00:00:00+00' WHERE id IN (3, 4)`);
  await client.query(`INSERT INTO customers (id, email, created_at, updated_at) VALUES
    (51, 'new51@example.com', now(), timestamptz '2030-01-02 00:00:00+00'), (52, 'new52@example.com', now(), timestamptz '2030-01-02 00:00:00+00')`);
  const [summary] = await runIngest(loadIngestConfig(dir, {}), db, ['app_db']);
  assert.equal(summary?.status, 'success', JSON.stringify(summary?.error));
  // Only rows at or after the previous high-water mark travel again.
  assert.ok((summary?.rowsLoaded ?? 0) < 52 + 25, `rows loaded: ${summary?.rowsLoaded}`);
  const [count, distinct] = (await db.execute('SELECT count(*), count(DISTINCT id) FROM raw.customers')).rows[0] ?? [];
  assert.equal(count, 52);
  assert.equal(distinct, 52);
  assert.deepEqual((await db.execute(`SELECT id FROM raw.customers WHERE email = 'changed@example.com' ORDER BY id`)).rows, [[3], [4]]);
  // A second run with nothing new changes nothing.
  await runIngest(loadIngestConfig(dir, {}), db, ['app_db']);
  assert.equal((await db.execute('SELECT count(*) FROM raw.customers')).rows[0]?.[0], 52);
});

test('a wrong password is a clear connection error', async () => {
  const config = loadIngestConfig(dir, { PG_URL: server.connectionString.replace('reelhouse-test', 'wrong') });
  const [summary] = await runIngest(config, db);
  assert.equal(summary?.status, 'error');
  assert.equal(summary?.error?.code, 'postgres-connect-failed');
  assert.ok(!summary?.error?.message.includes('wrong@'), 'the connection string is not echoed');
});

test('the demo operational database: seeded from generated files, then extracted', async () => {
  const demo = join(dir, 'demo');
  const generated = await generateDemoData({ out: demo, seed: 5, scale: 300, start: '2024-01-01', days: 3 });
  const seeded = await seedDemoPostgres(server.connectionString, demo);
  assert.deepEqual(seeded.tables, {
    customers: generated.users,
    subscriptions: generated.subscriptions,
    viewing_activity: generated.files.find((f) => f.path === 'viewing_activity.csv')?.rows,
    titles: generated.titles,
  });
  const project = join(dir, 'demo-project');
  await mkdir(project);
  await writeFile(join(project, 'ingest.yml'), `sources:
  app:
    type: postgres
    schema: demo_raw
    connection: ${server.connectionString}
    tables:
      - { source: app.customers, cursor: updated_at, primary_key: [user_id] }
      - { source: app.subscriptions, cursor: updated_at, primary_key: [subscription_id] }
`);
  const [summary] = await runIngest(loadIngestConfig(project, {}), db);
  assert.equal(summary?.status, 'success', JSON.stringify(summary?.error));
  // The same table name with other columns is refused by name rather than mixed.
  await writeFile(join(project, 'ingest.yml'), `sources:\n  app:\n    type: postgres\n    connection: ${server.connectionString}\n    tables:\n      - { source: app.customers, cursor: updated_at, primary_key: [user_id] }\n`);
  const [drifted] = await runIngest(loadIngestConfig(project, {}), db);
  assert.equal(drifted?.error?.code, 'ingest-schema-drift');
  assert.match(drifted?.error?.message ?? '', /raw\.customers/);
  assert.equal((await db.execute(`SELECT count(*) FROM demo_raw.subscriptions WHERE monthly_price IN (9.99, 13.99, 17.99)`)).rows[0]?.[0], generated.subscriptions);
});
