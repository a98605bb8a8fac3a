import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Adapter } from '../../adapters/adapter.js';
import { openDuckDb } from '../../adapters/duckdb/index.js';
import type { IngestSummary } from '../ingest-summary.js';
import type { FilesSourceConfig } from '../config/ingest-config.js';
import { loadFilesSource } from './load-files.js';

// Files as real exports write them: other encodings, delimiters, late types, growing columns, damage.

let root: string;
let counter = 0;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'reelhouse-realfiles-'));
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function project(): Promise<{ dir: string; db: Adapter }> {
  const dir = join(root, `p${++counter}`);
  await mkdir(join(dir, 'drops'), { recursive: true });
  return { dir, db: await openDuckDb({ path: join(dir, 'warehouse.duckdb') }) };
}

function source(dir: string, overrides: Partial<FilesSourceConfig> = {}): FilesSourceConfig {
  return {
    type: 'files', name: 'exports', location: { file: 'ingest.yml' }, schema: 'raw', path: join(dir, 'drops', '*'),
    format: 'auto', table: 'exports', hivePartitioning: false, onBadRows: 'fail', metadataColumns: true, csvOptions: {},
    ...overrides,
  };
}

async function rows(db: Adapter, sql: string): Promise<unknown[][]> {
  return (await db.execute(sql)).rows;
}

async function types(db: Adapter, table = 'exports'): Promise<string[]> {
  const result = await db.execute(
    `SELECT column_name || ' ' || data_type FROM information_schema.columns WHERE table_schema = 'raw' AND table_name = $1 AND column_name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY ordinal_position`,
    { params: [table] },
  );
  return result.rows.map((r) => String(r[0]));
}

/** The one file error of a load that must fail: the run reports it and does not throw. */
async function failure(promise: Promise<IngestSummary>): Promise<{ code: string; message: string; hint: string; line: number | undefined }> {
  const summary = await promise;
  assert.equal(summary.status, 'error', 'expected the load to fail');
  assert.equal(summary.fileErrors?.length, 1, JSON.stringify(summary.fileErrors));
  const d = summary.error;
  assert.ok(d);
  return { code: d.code, message: d.message, hint: d.hint ?? '', line: d.location?.line };
}

test('a Windows-1252 export is refused with its line and the encoding to set, then loads intact with csv.encoding', async () => {
  const { dir, db } = await project();
  try {
    const bytes = Buffer.from('id,title,price\n1,Caf\xe9 \x93Noir\x94,\x805\n2,plain,3\n', 'latin1');
    await writeFile(join(dir, 'drops', 'titles.csv'), bytes);
    const refused = await failure(loadFilesSource(source(dir), db, dir));
    assert.equal(refused.code, 'ingest-file-encoding');
    assert.equal(refused.line, 2);
    assert.match(refused.message, /drops\/titles\.csv is not UTF-8/);
    assert.match(refused.hint, /encoding: windows-1252/);
    assert.equal(await db.getRelation({ schema: 'raw', identifier: 'exports' }), undefined);

    const loaded = await loadFilesSource(source(dir, { onBadRows: 'reject', csvOptions: { encoding: 'windows-1252' } }), db, dir);
    assert.equal(loaded.rowsLoaded, 2);
    assert.deepEqual(await rows(db, 'SELECT id, title, price FROM raw.exports ORDER BY id'), [[1, 'Café “Noir”', '€5'], [2, 'plain', '3']]);
  } finally {
    await db.close();
  }
});

test('a gzip-compressed Latin-1 CSV is converted too', async () => {
  const { dir, db } = await project();
  try {
    await writeFile(join(dir, 'drops', 'cities.csv.gz'), gzipSync(Buffer.from('id,city\n1,Z\xfcrich\n2,M\xe1laga\n', 'latin1')));
    await loadFilesSource(source(dir, { csvOptions: { encoding: 'latin1' } }), db, dir);
    assert.deepEqual(await rows(db, 'SELECT id, city FROM raw.exports ORDER BY id'), [[1, 'Zürich'], [2, 'Málaga']]);
  } finally {
    await db.close();
  }
});

test('the delimiter comes from the header: semicolon exports and tab-separated .txt files load as columns', async () => {
  const { dir, db } = await project();
  try {
    await writeFile(join(dir, 'drops', 'eu.csv'), 'id;name;amount\n1;"Smith, J";1,50\n2;Lee;2,75\n');
    await writeFile(join(dir, 'drops', 'tabs.txt'), 'id\tname\n1\ta\n');
    await loadFilesSource(source(dir, { table: '{stem}' }), db, dir);
    assert.deepEqual(await types(db, 'eu'), ['id BIGINT', 'name VARCHAR', 'amount VARCHAR']);
    assert.deepEqual(await rows(db, 'SELECT id, name, amount FROM raw.eu ORDER BY id'), [[1, 'Smith, J', '1,50'], [2, 'Lee', '2,75']]);
    assert.deepEqual(await rows(db, 'SELECT id, name FROM raw.tabs'), [[1, 'a']]);
  } finally {
    await db.close();
  }
});

test('a decimal after 25,000 whole numbers types the column DOUBLE instead of rounding it', async () => {
  const { dir, db } = await project();
  try {
    let text = 'id,amount\n';
    for (let i = 1; i <= 25_000; i++) text += `${i},${i}\n`;
    text += '25001,3.5\n';
    await writeFile(join(dir, 'drops', 'big.csv'), text);
    await loadFilesSource(source(dir), db, dir);
    assert.deepEqual(await types(db), ['id BIGINT', 'amount DOUBLE']);
    assert.deepEqual(await rows(db, 'SELECT amount FROM raw.exports WHERE id = 25001'), [[3.5]]);
  } finally {
    await db.close();
  }
});

test('a later file with decimals in a BIGINT column widens it; a file that gains a column adds it, one that loses one is refused', async () => {
  const { dir, db } = await project();
  try {
    await writeFile(join(dir, 'drops', 'day1.csv'), 'id,amount\n1,10\n');
    await loadFilesSource(source(dir), db, dir);
    await writeFile(join(dir, 'drops', 'day2.csv'), 'id,amount,currency\n2,3.5,EUR\n');
    const summary = await loadFilesSource(source(dir), db, dir);
    assert.match(summary.messages.join('\n'), /drops\/day2\.csv changed shape; raw\.exports: added column\(s\) currency VARCHAR; widened amount BIGINT -> DOUBLE/);
    assert.deepEqual(await types(db), ['id BIGINT', 'amount DOUBLE', 'currency VARCHAR']);
    assert.deepEqual(await rows(db, 'SELECT id, amount, currency FROM raw.exports ORDER BY id'), [[1, 10, null], [2, 3.5, 'EUR']]);
    // A file without one of the table's columns is refused by name rather than mixed in.
    await writeFile(join(dir, 'drops', 'day3.csv'), 'id,amount\n3,7\n');
    const refused = await failure(loadFilesSource(source(dir), db, dir));
    assert.equal(refused.code, 'ingest-schema-drift');
    assert.match(refused.message, /drops\/day3\.csv changed: missing column\(s\) currency/);
    assert.equal((await rows(db, 'SELECT count(*) FROM raw.exports'))[0]?.[0], 2);
  } finally {
    await db.close();
  }
});

test('Parquet files whose INTEGER became BIGINT widen the table; a column turned text is refused by name', async () => {
  const { dir, db } = await project();
  try {
    const q = (s: string): string => db.dialect.quoteString(s);
    await db.execute(`COPY (SELECT 1::INTEGER AS id, 'a' AS v) TO ${q(join(dir, 'drops', 'p1.parquet'))} (FORMAT parquet)`);
    await db.execute(`COPY (SELECT 3000000000::BIGINT AS id, 'b' AS v) TO ${q(join(dir, 'drops', 'p2.parquet'))} (FORMAT parquet)`);
    await loadFilesSource(source(dir), db, dir);
    assert.deepEqual(await types(db), ['id BIGINT', 'v VARCHAR']);
    assert.deepEqual(await rows(db, 'SELECT id FROM raw.exports ORDER BY id'), [[1], [3000000000]]);
    await db.execute(`COPY (SELECT 'x' AS id, 'c' AS v) TO ${q(join(dir, 'drops', 'p3.parquet'))} (FORMAT parquet)`);
    const refused = await failure(loadFilesSource(source(dir), db, dir));
    assert.equal(refused.code, 'ingest-schema-drift');
    assert.match(refused.message, /drops\/p3\.parquet changed type: id \(BIGINT -> VARCHAR\)/);
    assert.equal((await rows(db, 'SELECT count(*) FROM raw.exports'))[0]?.[0], 2);
  } finally {
    await db.close();
  }
});

test('damaged files are one plain error each naming the file and line, and the good files load', async () => {
  const { dir, db } = await project();
  try {
    const q = (s: string): string => db.dialect.quoteString(s);
    await db.execute(`COPY (SELECT range AS id FROM range(1000)) TO ${q(join(dir, 'drops', 'a.parquet'))} (FORMAT parquet)`);
    await writeFile(join(dir, 'drops', 'b.parquet'), 'PAR1 this is not a whole file');
    const parquet = await failure(loadFilesSource(source(dir), db, dir));
    assert.equal(parquet.code, 'ingest-file-unreadable');
    assert.match(parquet.message, /^Cannot read drops\/b\.parquet \(source 'exports'\) as Parquet: .+\. Nothing from this file was loaded/);
    assert.doesNotMatch(parquet.message, /\n|SELECT|read_parquet/);
    assert.equal((await rows(db, 'SELECT count(*) FROM raw.exports'))[0]?.[0], 1000);

    await writeFile(join(dir, 'drops', 'quote.csv'), 'id,name\n1,"abc\n2,b\n3,c\n');
    const csv = await failure(loadFilesSource(source(dir, { path: join(dir, 'drops', '*.csv'), table: 'q' }), db, dir));
    assert.equal(csv.code, 'ingest-file-unreadable');
    assert.match(csv.message, /drops\/quote\.csv .*as CSV: .*quote that is never closed/);
    assert.equal(await db.getRelation({ schema: 'raw', identifier: 'q' }), undefined);

    await writeFile(join(dir, 'drops', 'events.ndjson'), '{"id": 1}\n{"id": 2\n{"id": 3}\n');
    const json = await failure(loadFilesSource(source(dir, { path: join(dir, 'drops', '*.ndjson'), table: 'j' }), db, dir));
    assert.equal(json.code, 'ingest-file-unreadable');
    assert.equal(json.line, 3);
    assert.doesNotMatch(json.message, /\n|DESCRIBE|LINE 1/);
  } finally {
    await db.close();
  }
});

test('a key that first appears late in a JSON file is a column; an empty file creates nothing', async () => {
  const { dir, db } = await project();
  try {
    let text = '';
    for (let i = 1; i < 30_000; i++) text += `{"id": ${i}}\n`;
    text += '{"id": 30000, "promo": "SUMMER"}\n';
    await writeFile(join(dir, 'drops', 'late.ndjson'), text);
    await writeFile(join(dir, 'drops', 'empty.csv'), '');
    const summary = await loadFilesSource(source(dir, { table: '{stem}' }), db, dir);
    assert.deepEqual(await rows(db, `SELECT count(*), max(promo) FROM raw.late`), [[30000, 'SUMMER']]);
    assert.equal(await db.getRelation({ schema: 'raw', identifier: 'empty' }), undefined);
    assert.match(summary.messages.join('\n'), /drops\/empty\.csv is empty/);
    const again = await loadFilesSource(source(dir, { table: '{stem}' }), db, dir);
    assert.equal(again.filesSkipped, 2);
  } finally {
    await db.close();
  }
});

test('JSON timestamps keep their UTC offsets as TIMESTAMPTZ, like CSV, whatever the session time zone', async () => {
  const dir = join(root, `p${++counter}`);
  await mkdir(join(dir, 'drops'), { recursive: true });
  // A session zone far from UTC: a value read as local time would shift by nine hours.
  const db = await openDuckDb({ path: join(dir, 'warehouse.duckdb'), settings: { TimeZone: 'Asia/Tokyo' } });
  try {
    const values = ['2026-03-01T10:00:00+02:00', '2026-03-01T08:00:00Z', '2026-03-01T10:00:00.5-05:30'];
    const uniform = ['2026-03-01T10:00:00+02:00', '2026-03-01T12:00:00+02:00', '2026-03-01T09:00:00Z'];
    const lines = values.map((v, i) => JSON.stringify({ id: i + 1, mixed: v, uniform: uniform[i], naive: '2026-03-01T10:00:00' }));
    await writeFile(join(dir, 'drops', 'events.ndjson'), `${lines.join('\n')}\n`);
    await writeFile(join(dir, 'drops', 'events.csv'), `id,mixed\n${values.map((v, i) => `${i + 1},${v}`).join('\n')}\n`);
    const summary = await loadFilesSource(source(dir, { table: 'events', path: join(dir, 'drops', 'events.ndjson') }), db, dir);
    assert.equal(summary.status, 'success', JSON.stringify(summary.error));
    await loadFilesSource(source(dir, { name: 'csv', table: 'events_csv', path: join(dir, 'drops', 'events.csv') }), db, dir);
    assert.deepEqual(await types(db, 'events'), ['id BIGINT', 'mixed TIMESTAMP WITH TIME ZONE', 'uniform TIMESTAMP WITH TIME ZONE', 'naive TIMESTAMP']);
    const epochs = (list: string[]): number[] => list.map((v) => Date.parse(v) / 1000);
    assert.deepEqual((await rows(db, 'SELECT epoch(mixed) FROM raw.events ORDER BY id')).map((r) => r[0]), epochs(values));
    assert.deepEqual((await rows(db, 'SELECT epoch(uniform) FROM raw.events ORDER BY id')).map((r) => r[0]), epochs(uniform));
    // CSV reads the same text to the same instants and the same type.
    assert.deepEqual(await types(db, 'events_csv'), ['id BIGINT', 'mixed TIMESTAMP WITH TIME ZONE']);
    assert.deepEqual((await rows(db, 'SELECT epoch(mixed) FROM raw.events_csv ORDER BY id')).map((r) => r[0]), epochs(values));
  } finally {
    await db.close();
  }
});

test('a JSON table whose timestamps had no zone widens to TIMESTAMPTZ when a file brings offsets; earlier values stay UTC', async () => {
  const dir = join(root, `p${++counter}`);
  await mkdir(join(dir, 'drops'), { recursive: true });
  const db = await openDuckDb({ path: join(dir, 'warehouse.duckdb'), settings: { TimeZone: 'America/Los_Angeles' } });
  try {
    await writeFile(join(dir, 'drops', 'a.json'), '{"id": 1, "at": "2026-03-01T08:00:00"}\n');
    await loadFilesSource(source(dir, { table: 'events' }), db, dir);
    assert.deepEqual(await types(db, 'events'), ['id BIGINT', 'at TIMESTAMP']);
    await writeFile(join(dir, 'drops', 'b.json'), '{"id": 2, "at": "2026-03-01T10:00:00+02:00"}\n');
    const summary = await loadFilesSource(source(dir, { table: 'events' }), db, dir);
    assert.equal(summary.status, 'success', JSON.stringify(summary.error));
    assert.match(summary.messages.join('\n'), /widened at TIMESTAMP -> TIMESTAMP WITH TIME ZONE/);
    assert.deepEqual(await types(db, 'events'), ['id BIGINT', 'at TIMESTAMP WITH TIME ZONE']);
    const eight = Date.parse('2026-03-01T08:00:00Z') / 1000;
    assert.deepEqual(await rows(db, 'SELECT id, epoch("at") FROM raw.events ORDER BY id'), [[1, eight], [2, eight]]);
  } finally {
    await db.close();
  }
});

test('CSV timestamps without a zone are UTC next to ones with offsets, in either order of files', async () => {
  const dir = join(root, `p${++counter}`);
  await mkdir(join(dir, 'drops'), { recursive: true });
  const db = await openDuckDb({ path: join(dir, 'warehouse.duckdb'), settings: { TimeZone: 'America/Los_Angeles' } });
  try {
    await writeFile(join(dir, 'drops', 'a.csv'), 'id,at\n1,2026-03-01 08:00:00\n');
    await loadFilesSource(source(dir, { table: 'events' }), db, dir);
    await writeFile(join(dir, 'drops', 'b.csv'), 'id,at\n2,2026-03-01T10:00:00+02:00\n');
    await loadFilesSource(source(dir, { table: 'events' }), db, dir);
    await writeFile(join(dir, 'drops', 'c.csv'), 'id,at\n3,2026-03-01 08:00:00\n');
    const summary = await loadFilesSource(source(dir, { table: 'events' }), db, dir);
    assert.equal(summary.status, 'success', JSON.stringify(summary.error));
    assert.deepEqual(await types(db, 'events'), ['id BIGINT', 'at TIMESTAMP WITH TIME ZONE']);
    const eight = Date.parse('2026-03-01T08:00:00Z') / 1000;
    assert.deepEqual(await rows(db, 'SELECT id, epoch("at") FROM raw.events ORDER BY id'), [[1, eight], [2, eight], [3, eight]]);
  } finally {
    await db.close();
  }
});
