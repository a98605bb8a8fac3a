import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Adapter } from '../../adapters/adapter.js';
import { openDuckDb } from '../../adapters/duckdb/index.js';
import { loadIngestConfig } from '../config/load-ingest-config.js';
import { startDemoApiServer, DEMO_API_KEY, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, type DemoApiOptions, type DemoApiServer } from '../demo-api/demo-api-server.js';
import { generateDemoData } from '../generate/generate-demo-data.js';
import { runIngest } from '../run-ingest.js';

let root: string;
let dataDir: string;
let firstSnapshot: Array<{ id: string }>;
let counter = 0;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'reelhouse-rest-'));
  dataDir = join(root, 'demo');
  await generateDemoData({ out: dataDir, seed: 3, scale: 1600, start: '2024-05-01', days: 2 });
  const rows = (await readFile(join(dataDir, 'api', 'streams.ndjson'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { id: string; snapshot_ts: string });
  firstSnapshot = rows.filter((r) => r.snapshot_ts === rows[0]?.snapshot_ts);
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function withServer<T>(options: Partial<DemoApiOptions>, work: (server: DemoApiServer, dir: string, db: Adapter) => Promise<T>): Promise<T> {
  const server = await startDemoApiServer({ dataDir, ...options });
  const dir = join(root, `p${++counter}`);
  await mkdir(dir, { recursive: true });
  const db = await openDuckDb({ path: join(dir, 'warehouse.duckdb') });
  try {
    return await work(server, dir, db);
  } finally {
    await db.close();
    await server.close();
  }
}

const env = { CLIENT_ID: DEMO_CLIENT_ID, CLIENT_SECRET: DEMO_CLIENT_SECRET, API_KEY: DEMO_API_KEY };

function helixYml(url: string, extra = ''): string {
  return `sources:
  twitch_streams:
    preset: helix_streams
    base_url: ${url}/helix
    auth:
      token_url: ${url}/oauth2/token
    pagination:
      page_size: 10
    output: data/twitch_streams
    backoff_ms: 5
${extra}`;
}

test('Helix streams: token, cursor pages, a 429 and a 500 mid-pagination, one snapshot with the drifted duplicate', async () => {
  await withServer({ faults: [{ request: 2, status: 429, retryAfter: 0 }, { request: 4, status: 500 }] }, async (server, dir, db) => {
    await writeFile(join(dir, 'ingest.yml'), helixYml(server.url));
    const logs: string[] = [];
    const [summary] = await runIngest(loadIngestConfig(dir, env), db, [], { log: (l) => logs.push(l) });
    assert.equal(summary?.status, 'success', JSON.stringify(summary?.error));
    assert.match(summary?.messages.join('\n') ?? '', /1 retry, 1 rate-limited/);
    const files = await readdir(join(dir, 'data', 'twitch_streams'));
    assert.equal(files.length, 1);
    assert.match(files[0] ?? '', /^twitch_streams_\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.parquet$/);
    const file = db.dialect.quoteString(join(dir, 'data', 'twitch_streams', files[0] ?? ''));
    const [total, distinct] = (await db.execute(`SELECT count(*), count(DISTINCT id) FROM read_parquet(${file})`)).rows[0] ?? [];
    assert.ok(Number(total) > Number(distinct), 'cursor drift served a stream twice');
    assert.equal(distinct, firstSnapshot.length);
    const types = (await db.execute(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(${file}))`)).rows;
    assert.deepEqual(types.find((r) => r[0] === 'started_at'), ['started_at', 'TIMESTAMP WITH TIME ZONE']);
    assert.deepEqual(types.find((r) => r[0] === 'tags'), ['tags', 'VARCHAR[]']);
    assert.deepEqual(types.find((r) => r[0] === 'viewer_count'), ['viewer_count', 'BIGINT']);
    const text = JSON.stringify({ logs, summary });
    assert.ok(!text.includes(DEMO_CLIENT_SECRET), 'the client secret never shows up');
    assert.equal(server.stats.token, 1);
  });
});

test('a request that times out is retried, and a rejected token is fetched again', async () => {
  await withServer({ faults: [{ request: 2, delayMs: 1500 }, { request: 3, status: 401 }] }, async (server, dir, db) => {
    await writeFile(join(dir, 'ingest.yml'), helixYml(server.url, '    timeout_seconds: 0.3\n'));
    const [summary] = await runIngest(loadIngestConfig(dir, env), db);
    assert.equal(summary?.status, 'success', JSON.stringify(summary?.error));
    assert.match(summary?.messages.join('\n') ?? '', /1 retry/);
    assert.equal(server.stats.token, 2);
    assert.ok((summary?.rowsLoaded ?? 0) > firstSnapshot.length);
  });
});

test('a run that fails midway writes no snapshot and reports the failure', async () => {
  await withServer({ faults: [{ request: 3, status: 500, times: 50 }] }, async (server, dir, db) => {
    await writeFile(join(dir, 'ingest.yml'), helixYml(server.url, '    max_attempts: 3\n'));
    const [summary] = await runIngest(loadIngestConfig(dir, env), db);
    assert.equal(summary?.status, 'error');
    assert.equal(summary?.error?.code, 'rest-request-failed');
    assert.match(summary?.error?.message ?? '', /HTTP 500/);
    assert.deepEqual(await readdir(join(dir, 'data', 'twitch_streams')), []);
    assert.equal(server.stats.streams, 2 + 3);
  });
});

test('wrong client credentials are refused without showing the secret', async () => {
  await withServer({}, async (server, dir, db) => {
    await writeFile(join(dir, 'ingest.yml'), helixYml(server.url));
    const [summary] = await runIngest(loadIngestConfig(dir, { CLIENT_ID: DEMO_CLIENT_ID, CLIENT_SECRET: 'hunter2-wrong' }), db);
    assert.equal(summary?.error?.code, 'rest-auth-failed');
    assert.ok(!JSON.stringify(summary).includes('hunter2-wrong'));
  });
});

test('catalog: API key, page and offset pagination, snapshots loaded into a raw table once each', async () => {
  await withServer({}, async (server, dir, db) => {
    await writeFile(join(dir, '.env'), `API_KEY=${DEMO_API_KEY}\n`);
    await writeFile(join(dir, 'ingest.yml'), `sources:
  catalog:
    type: rest
    base_url: ${server.url}
    endpoint: /catalog/titles
    auth: { type: api_key, header: X-API-Key, key: "\${API_KEY}" }
    pagination: { type: page, page_param: page, page_size_param: per_page, page_size: 25, total_pages_path: total_pages }
    table: titles
  catalog_offset:
    type: rest
    base_url: ${server.url}
    endpoint: /catalog/titles
    auth: { type: api_key, header: X-API-Key, key: "\${API_KEY}" }
    pagination: { type: offset, limit: 40, total_path: total }
`);
    const config = loadIngestConfig(dir, {});
    const titles = (await readFile(join(dataDir, 'catalog', 'titles.csv'), 'utf8')).trim().split('\n').length - 1;
    const [paged, offset] = await runIngest(config, db);
    assert.equal(paged?.status, 'success', JSON.stringify(paged?.error));
    assert.equal(paged?.rowsLoaded, titles);
    assert.equal(offset?.rowsLoaded, titles);
    assert.equal((await db.execute('SELECT count(*), count(DISTINCT title_id) FROM raw.titles')).rows[0]?.[1], titles);
    await new Promise((r) => setTimeout(r, 5));
    await runIngest(config, db, ['catalog']);
    assert.equal((await db.execute('SELECT count(*), count(DISTINCT _source_file) FROM raw.titles')).rows[0]?.[1], 2);
    assert.equal((await db.execute('SELECT count(*) FROM raw._ingest_manifest WHERE source = $1', { params: ['catalog'] })).rows[0]?.[0], 2);
  });
});
