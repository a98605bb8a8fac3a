import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Adapter } from '../../adapters/adapter.js';
import { openDuckDb } from '../../adapters/duckdb/index.js';
import { isReelhouseError } from '../../core/diagnostic.js';
import { loadIngestConfig } from '../config/load-ingest-config.js';
import type { FilesSourceConfig } from '../config/ingest-config.js';
import { runIngest } from '../run-ingest.js';
import type { IngestProgress } from '../ingest-summary.js';
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
    const summary = await loadFilesSource(source, db, dir);
    assert.equal(summary.status, 'error');
    const error = summary.error;
    assert.equal(error?.code, 'ingest-bad-row');
    assert.equal(error?.location?.line, 3);
    assert.match(error?.message ?? '', /payments\.csv/);
    assert.equal(error?.excerpt, 'P002,U001,2023-02-05,9.99,extra');
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

test('one unreadable file of a glob: the others load, it is named with its line, and each run tries it again until fixed', async () => {
  const { dir, db } = await project();
  try {
    await mkdir(join(dir, 'drops'));
    await writeFile(join(dir, 'drops', 'day1.csv'), 'id,v\n1,a\n2,b\n');
    await writeFile(join(dir, 'drops', 'day2.csv'), 'id,v\n3,c\n4,d,oops\n5,e\n');
    await writeFile(join(dir, 'drops', 'day3.csv'), 'id,v\n6,f\n');
    const source = filesSource(dir, { path: join(dir, 'drops', '*.csv'), table: 'drops' });
    const first = await loadFilesSource(source, db, dir);
    assert.equal(first.status, 'error');
    assert.equal(first.filesLoaded, 2);
    assert.equal(first.fileErrors?.length, 1);
    assert.equal(first.error?.code, 'ingest-bad-row');
    assert.equal(first.error?.location?.line, 3);
    assert.match(first.error?.message ?? '', /line 3 of drops\/day2\.csv/);
    assert.match(first.error?.hint ?? '', /on_bad_rows: reject/);
    // The file after the bad one is loaded too; the bad one is not in the manifest.
    assert.deepEqual((await db.execute('SELECT id FROM raw.drops ORDER BY id')).rows, [[1], [2], [6]]);
    assert.deepEqual((await db.execute('SELECT file_path FROM raw._ingest_manifest ORDER BY 1')).rows, [['drops/day1.csv'], ['drops/day3.csv']]);

    const again = await loadFilesSource(source, db, dir);
    assert.equal(again.status, 'error');
    assert.equal(again.filesSkipped, 2);
    assert.equal(again.fileErrors?.length, 1);

    await writeFile(join(dir, 'drops', 'day2.csv'), 'id,v\n3,c\n4,d\n5,e\n');
    const fixed = await loadFilesSource(source, db, dir);
    assert.equal(fixed.status, 'success', JSON.stringify(fixed.error));
    assert.equal(fixed.filesLoaded, 1);
    assert.deepEqual((await db.execute('SELECT id FROM raw.drops ORDER BY id')).rows, [[1], [2], [3], [4], [5], [6]]);
  } finally {
    await db.close();
  }
});

test('a truncated Parquet file and an invalid JSON file are each reported; the good files of the source load', async () => {
  const { dir, db } = await project();
  try {
    await mkdir(join(dir, 'drops'));
    const q = (s: string): string => db.dialect.quoteString(s);
    await db.execute(`COPY (SELECT range AS id FROM range(500)) TO ${q(join(dir, 'drops', 'a_whole.parquet'))} (FORMAT parquet)`);
    const whole = await readFile(join(dir, 'drops', 'a_whole.parquet'));
    await writeFile(join(dir, 'drops', 'b_cut.parquet'), whole.subarray(0, Math.floor(whole.length / 2)));
    await writeFile(join(dir, 'drops', 'c_broken.json'), '{"id": 1}\n{"id": 2\n{"id": 3}\n');
    await writeFile(join(dir, 'drops', 'd_fine.json'), '{"id": 7}\n');
    const source = filesSource(dir, { name: 'mixed', path: join(dir, 'drops', '*'), table: '{stem}' });
    const summary = await loadFilesSource(source, db, dir);
    assert.equal(summary.status, 'error');
    assert.equal(summary.filesLoaded, 2);
    assert.deepEqual(summary.fileErrors?.map((d) => d.code), ['ingest-file-unreadable', 'ingest-file-unreadable']);
    assert.match(summary.fileErrors?.[0]?.message ?? '', /^Cannot read drops\/b_cut\.parquet \(source 'mixed'\) as Parquet: .+read again on the next run\.$/);
    assert.match(summary.fileErrors?.[1]?.message ?? '', /^Cannot read drops\/c_broken\.json .*as JSON/);
    assert.equal(summary.fileErrors?.[1]?.location?.line, 3);
    assert.equal(summary.error?.code, 'ingest-files-failed');
    assert.match(summary.error?.message ?? '', /2 files of source 'mixed' could not be loaded: drops\/b_cut\.parquet, drops\/c_broken\.json \(line 3\)/);
    assert.equal(await scalar(db, 'SELECT count(*) FROM raw.a_whole'), 500);
    assert.equal(await scalar(db, 'SELECT id FROM raw.d_fine'), 7);
    assert.equal(await scalar(db, 'SELECT count(*) FROM raw._ingest_manifest'), 2);
  } finally {
    await db.close();
  }
});

test('without metadata columns a rebuild leaves a bad new file out, and keeps the table when a file it holds turns bad', async () => {
  const { dir, db } = await project();
  try {
    await mkdir(join(dir, 'drops'));
    await writeFile(join(dir, 'drops', 'day1.csv'), 'id,v\n1,a\n');
    await writeFile(join(dir, 'drops', 'day2.csv'), 'id,v\n2,b\n');
    const source = filesSource(dir, { path: join(dir, 'drops', '*.csv'), table: 'drops', metadataColumns: false });
    await loadFilesSource(source, db, dir);
    await writeFile(join(dir, 'drops', 'day1.csv'), 'id,v\n1,z\n');
    await writeFile(join(dir, 'drops', 'day3.csv'), 'id,v\n3,c,extra\n');
    const rebuilt = await loadFilesSource(source, db, dir);
    assert.equal(rebuilt.status, 'error');
    assert.deepEqual(rebuilt.fileErrors?.map((d) => d.location?.file), [join(dir, 'drops', 'day3.csv')]);
    assert.deepEqual((await db.execute('SELECT * FROM raw.drops ORDER BY id')).rows, [[1, 'z'], [2, 'b']]);

    await writeFile(join(dir, 'drops', 'day2.csv'), 'id,v\n2,b,extra\n');
    const kept = await loadFilesSource(source, db, dir);
    assert.equal(kept.status, 'error');
    assert.match(kept.messages.join('\n'), /raw\.drops was left as it was: rebuilding it needs drops\/day2\.csv/);
    assert.deepEqual((await db.execute('SELECT * FROM raw.drops ORDER BY id')).rows, [[1, 'z'], [2, 'b']]);
  } finally {
    await db.close();
  }
});

test('changed CSV options reload the files they read, with the reason; Parquet files of the source stay', async () => {
  const { dir, db } = await project();
  try {
    await mkdir(join(dir, 'drops'));
    await writeFile(join(dir, 'drops', 'eu.csv'), 'id;name;day\n1;Ann;01/03/2026\n2;Bo;02/03/2026\n');
    const q = (s: string): string => db.dialect.quoteString(s);
    await db.execute(`COPY (SELECT 1 AS id) TO ${q(join(dir, 'drops', 'lake.parquet'))} (FORMAT parquet)`);
    const source = (csvOptions: FilesSourceConfig['csvOptions']): FilesSourceConfig =>
      filesSource(dir, { name: 'exports', path: join(dir, 'drops', '*'), table: '{stem}', csvOptions });
    await loadFilesSource(source({ delim: ',' }), db, dir);
    assert.deepEqual((await db.execute('SELECT * FROM raw.eu ORDER BY 1')).rows.map((r) => r.slice(0, 1)), [['1;Ann;01/03/2026'], ['2;Bo;02/03/2026']]);

    const fixed = await loadFilesSource(source({ delim: ';', dateformat: '%d/%m/%Y' }), db, dir);
    assert.equal(fixed.status, 'success', JSON.stringify(fixed.error));
    assert.equal(fixed.filesLoaded, 1);
    assert.equal(fixed.filesSkipped, 1);
    assert.match(
      fixed.messages.join('\n'),
      /The read options of source 'exports' changed \(csv\.dateformat set to "%d\/%m\/%Y", csv\.delim "," -> ";"\); reloading raw\.eu from its 1 file\(s\)\./,
    );
    assert.deepEqual((await db.execute(`SELECT id, name, day::VARCHAR FROM raw.eu ORDER BY id`)).rows, [[1, 'Ann', '2026-03-01'], [2, 'Bo', '2026-03-02']]);

    // Same options again: nothing to do. Key order and case do not matter.
    const same = await loadFilesSource(source({ DateFormat: '%d/%m/%Y', delim: ';' }), db, dir);
    assert.equal(same.filesLoaded, 0);
    assert.equal(same.filesSkipped, 2);
  } finally {
    await db.close();
  }
});

test('files loaded before read options were recorded are not reloaded on upgrade, and a later change is still seen', async () => {
  const { dir, db } = await project();
  try {
    await mkdir(join(dir, 'drops'));
    await writeFile(join(dir, 'drops', 'a.csv'), 'id|v\n1|x\n');
    const source = (csvOptions: FilesSourceConfig['csvOptions']): FilesSourceConfig =>
      filesSource(dir, { path: join(dir, 'drops', '*.csv'), table: 'a', csvOptions });
    await loadFilesSource(source({ header: true }), db, dir);
    // A manifest written before the column existed.
    await db.execute('ALTER TABLE raw._ingest_manifest DROP COLUMN read_options');
    const upgraded = await loadFilesSource(source({ header: true }), db, dir);
    assert.equal(upgraded.filesLoaded, 0);
    assert.equal(upgraded.filesSkipped, 1);
    const changed = await loadFilesSource(source({ header: false }), db, dir);
    assert.equal(changed.filesLoaded, 1);
    assert.match(changed.messages.join('\n'), /csv\.header true -> false/);
    assert.equal(await scalar(db, 'SELECT count(*) FROM raw.a'), 2);
  } finally {
    await db.close();
  }
});

test('a large single CSV moves the progress bar while DuckDB reads it', async () => {
  const { dir, db: fast } = await project();
  await fast.close();
  // One thread: the load lasts long enough to be seen in progress on any machine.
  const db = await openDuckDb({ path: join(dir, 'warehouse.duckdb'), threads: 1 });
  try {
    await mkdir(join(dir, 'big'));
    const path = join(dir, 'big', 'events.csv');
    await db.execute(
      `COPY (SELECT range AS id, 'title ' || (range % 977) AS title, range * 0.25 AS amount, TIMESTAMP '2024-01-01' + INTERVAL (range) SECOND AS at FROM range(1000000)) TO ${db.dialect.quoteString(path)} (HEADER)`,
    );
    const seen: IngestProgress[] = [];
    const summary = await loadFilesSource(filesSource(dir, { path, table: 'events' }), db, dir, { onProgress: (p) => seen.push(p) });
    assert.equal(summary.rowsLoaded, 1_000_000);
    const inside = seen.filter((p) => /^billing: loading events\.csv \d+%$/.test(p.step));
    assert.ok(inside.some((p) => p.done > 0 && p.done < 1), `no progress inside the file: ${JSON.stringify(seen)}`);
    const dones = seen.map((p) => p.done);
    assert.deepEqual(dones, [...dones].sort((a, b) => a - b), 'the bar never moves back');
    assert.deepEqual(seen.at(-1), { step: 'billing: done', done: 1, total: 1 });
  } finally {
    await db.close();
  }
});
