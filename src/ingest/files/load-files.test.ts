import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Adapter } from '../../adapters/adapter.js';
import { openDuckDb } from '../../adapters/duckdb/index.js';
import { isReelhouseError } from '../../core/diagnostic.js';
import { loadIngestConfig } from '../config/load-ingest-config.js';
import type { FilesSourceConfig } from '../config/ingest-config.js';
import { runIngest } from '../run-ingest.js';
import { loadFilesSource } from './load-files.js';

const SAMPLE = fileURLToPath(new URL('../../../../test/fixtures/ingest/streaming-analytics/', import.meta.url));

let root: string;
let counter = 0;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'reelhouse-files-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A fresh project folder with the sample CSVs in data/ and its own warehouse. */
async function project(ingestYml?: string): Promise<{ dir: string; db: Adapter }> {
  const dir = join(root, `p${++counter}`);
  await mkdir(join(dir, 'data'), { recursive: true });
  await cp(SAMPLE, join(dir, 'data'), { recursive: true });
  if (ingestYml !== undefined) await writeFile(join(dir, 'ingest.yml'), ingestYml);
  const db = await openDuckDb({ path: join(dir, 'warehouse.duckdb') });
  return { dir, db };
}

function filesSource(dir: string, overrides: Partial<FilesSourceConfig> = {}): FilesSourceConfig {
  return {
    type: 'files', name: 'billing', location: { file: 'ingest.yml' }, schema: 'raw', path: join(dir, 'data', '*.csv'),
    format: 'auto', table: '{stem}_raw', hivePartitioning: false, onBadRows: 'fail', metadataColumns: true, csvOptions: {},
    ...overrides,
  };
}

async function scalar(db: Adapter, sql: string): Promise<unknown> {
  return (await db.execute(sql)).rows[0]?.[0];
}

test('the extract.py layout: .env DATA_DIR, one raw table per CSV, and a second run loads nothing twice', async () => {
  const { dir, db } = await project(`sources:\n  billing:\n    type: files\n    path: \${DATA_DIR}/*.csv\n    table: "{stem}_raw"\n`);
  try {
    await writeFile(join(dir, '.env'), 'DB_PATH=warehouse.duckdb\nDATA_DIR=./data\n');
    const config = loadIngestConfig(dir, {});
    assert.equal(config.database, join(dir, 'warehouse.duckdb'));
    const first = await runIngest(config, db);
    assert.equal(first[0]?.status, 'success', JSON.stringify(first[0]?.error));
    assert.equal(first[0]?.filesLoaded, 4);
    assert.deepEqual([...(first[0]?.tables ?? [])].sort(), ['raw.payments_raw', 'raw.subscriptions_raw', 'raw.users_raw', 'raw.viewing_activity_raw']);
    assert.equal(await scalar(db, 'SELECT count(*) FROM raw.users_raw'), 4);
    assert.equal(await scalar(db, 'SELECT count(*) FROM raw.payments_raw'), 5);

    const second = await runIngest(config, db);
    assert.equal(second[0]?.filesLoaded, 0);
    assert.equal(second[0]?.filesSkipped, 4);
    assert.equal(await scalar(db, 'SELECT count(*) FROM raw.users_raw'), 4);
    assert.equal(await scalar(db, 'SELECT count(*) - count(DISTINCT payment_id) FROM raw.payments_raw'), 0);
    const manifest = await db.execute('SELECT file_path, rows_loaded, length(checksum) FROM raw._ingest_manifest ORDER BY file_path');
    assert.deepEqual(manifest.rows.map((r) => r[0]), ['data/payments.csv', 'data/subscriptions.csv', 'data/users.csv', 'data/viewing_activity.csv']);
    assert.deepEqual(manifest.rows.map((r) => r[2]), [64, 64, 64, 64]);
    // The loaded values keep the sample's meaning: dates as dates, amounts as numbers.
    assert.equal(await scalar(db, `SELECT sum(amount) FROM raw.payments_raw WHERE payment_date < DATE '2023-02-01'`), 23.98);
  } finally {
    await db.close();
  }
});

test('a changed file replaces only its own rows; many files append into one table', async () => {
  const { dir, db } = await project();
  try {
    await mkdir(join(dir, 'drops'));
    await writeFile(join(dir, 'drops', 'day1.csv'), 'id,v\n1,a\n2,b\n');
    await writeFile(join(dir, 'drops', 'day2.csv'), 'id,v\n3,c\n');
    const source = filesSource(dir, { path: join(dir, 'drops', '*.csv'), table: 'drops' });
    await loadFilesSource(source, db, dir);
    assert.equal(await scalar(db, 'SELECT count(*) FROM raw.drops'), 3);
    await appendFile(join(dir, 'drops', 'day1.csv'), '4,d\n');
    const again = await loadFilesSource(source, db, dir);
    assert.equal(again.filesLoaded, 1);
    assert.equal(again.filesSkipped, 1);
    assert.match(again.messages.join('\n'), /drops\/day1\.csv changed/);
    assert.deepEqual((await db.execute('SELECT id, v, _source_file FROM raw.drops ORDER BY id')).rows, [
      [1, 'a', 'drops/day1.csv'], [2, 'b', 'drops/day1.csv'], [3, 'c', 'drops/day2.csv'], [4, 'd', 'drops/day1.csv'],
    ]);
  } finally {
    await db.close();
  }
});

test('without metadata columns a changed file rebuilds its table from all its files', async () => {
  const { dir, db } = await project();
  try {
    await mkdir(join(dir, 'drops'));
    await writeFile(join(dir, 'drops', 'day1.csv'), 'id,v\n1,a\n');
    await writeFile(join(dir, 'drops', 'day2.csv'), 'id,v\n2,b\n');
    const source = filesSource(dir, { path: join(dir, 'drops', '*.csv'), table: 'drops', metadataColumns: false });
    await loadFilesSource(source, db, dir);
    await writeFile(join(dir, 'drops', 'day1.csv'), 'id,v\n1,z\n');
    const again = await loadFilesSource(source, db, dir);
    assert.equal(again.filesLoaded, 2);
    assert.deepEqual((await db.execute('SELECT * FROM raw.drops ORDER BY id')).rows, [[1, 'z'], [2, 'b']]);
  } finally {
    await db.close();
  }
});

test('a malformed CSV row fails the file with its line, and nothing of it is loaded', async () => {
  const { dir, db } = await project();
  try {
    await writeFile(join(dir, 'data', 'payments.csv'), 'payment_id,user_id,payment_date,amount\nP001,U001,2023-01-05,9.99\nP002,U001,2023-02-05,9.99,extra\nP003,U001,2023-03-05,9.99\n');
    const source = filesSource(dir, { path: join(dir, 'data', 'payments.csv') });
    await assert.rejects(loadFilesSource(source, db, dir), (error: unknown) => {
      assert.ok(isReelhouseError(error));
      assert.equal(error.diagnostic.code, 'ingest-bad-row');
      assert.equal(error.diagnostic.location?.line, 3);
      assert.match(error.diagnostic.message, /payments\.csv/);
      assert.equal(error.diagnostic.excerpt, 'P002,U001,2023-02-05,9.99,extra');
      return true;
    });
    assert.equal(await db.getRelation({ schema: 'raw', identifier: 'payments_raw' }), undefined);
    assert.equal(await scalar(db, 'SELECT count(*) FROM raw._ingest_manifest'), 0);
  } finally {
    await db.close();
  }
});

test('on_bad_rows: reject loads the good rows and keeps the bad ones with file and line', async () => {
  const { dir, db } = await project();
  try {
    await writeFile(join(dir, 'data', 'payments.csv'), 'payment_id,user_id,payment_date,amount\nP001,U001,2023-01-05,9.99\nP002,U001,2023-02-05,9.99,extra\nP003,U001,2023-03-05,9.99\n');
    const good = filesSource(dir, { path: join(dir, 'data', 'payments.csv'), onBadRows: 'reject' });
    const summary = await loadFilesSource(good, db, dir);
    assert.equal(summary.rowsLoaded, 2);
    assert.equal(summary.rowsRejected, 1);
    assert.deepEqual((await db.execute('SELECT payment_id FROM raw.payments_raw ORDER BY 1')).rows, [['P001'], ['P003']]);
    assert.deepEqual((await db.execute('SELECT file_path, line, raw_line FROM raw._rejects')).rows, [['data/payments.csv', 3, 'P002,U001,2023-02-05,9.99,extra']]);
    // A later file whose value does not fit the table's column type is a bad row too.
    await writeFile(join(dir, 'data', 'payments.csv'), 'payment_id,user_id,payment_date,amount\nP001,U001,2023-01-05,9.99\nP004,U002,not-a-date,13.99\n');
    const reloaded = await loadFilesSource(good, db, dir);
    assert.equal(reloaded.rowsRejected, 1);
    assert.deepEqual((await db.execute('SELECT line, column_name FROM raw._rejects')).rows, [[3, 'payment_date']]);
  } finally {
    await db.close();
  }
});

test('a Parquet partition that gains a column adds it to the table; hive partitions become columns', async () => {
  const { dir, db } = await project();
  try {
    const lake = join(dir, 'lake', 'events');
    await mkdir(join(lake, 'event_date=2024-01-01'), { recursive: true });
    await mkdir(join(lake, 'event_date=2024-01-02'), { recursive: true });
    const q = (s: string): string => db.dialect.quoteString(s);
    await db.execute(`COPY (SELECT 1 AS event_id, 'play' AS event_type) TO ${q(join(lake, 'event_date=2024-01-01', 'part-0.parquet'))} (FORMAT parquet)`);
    await db.execute(`COPY (SELECT 2 AS event_id, 'stop' AS event_type, 'tv' AS device) TO ${q(join(lake, 'event_date=2024-01-02', 'part-0.parquet'))} (FORMAT parquet)`);
    const source = filesSource(dir, { name: 'events', path: join(lake, '**', '*.parquet'), table: 'events', hivePartitioning: true });
    const summary = await loadFilesSource(source, db, dir);
    assert.equal(summary.filesLoaded, 2);
    assert.match(summary.messages.join('\n'), /lake\/events\/event_date=2024-01-02\/part-0\.parquet changed shape; raw\.events: added column\(s\) device VARCHAR/);
    // Each partition carries its date; the earlier one has no device.
    assert.deepEqual((await db.execute('SELECT event_id, event_date::VARCHAR, device FROM raw.events ORDER BY event_id')).rows, [[1, '2024-01-01', null], [2, '2024-01-02', 'tv']]);
  } finally {
    await db.close();
  }
});

test('JSON files load, and an unknown source name is a user error', async () => {
  const { dir, db } = await project(`sources:\n  api_dump:\n    type: files\n    path: dumps/*.json\n    table: titles\n`);
  try {
    await mkdir(join(dir, 'dumps'));
    await writeFile(join(dir, 'dumps', 'a.json'), '{"title_id": 1, "title": "A"}\n{"title_id": 2, "title": "B"}\n');
    const config = loadIngestConfig(dir, {});
    const [summary] = await runIngest(config, db, ['api_dump']);
    assert.equal(summary?.rowsLoaded, 2);
    await assert.rejects(runIngest(config, db, ['nope']), (e: unknown) => isReelhouseError(e) && e.diagnostic.code === 'ingest-source-not-found');
  } finally {
    await db.close();
  }
});
