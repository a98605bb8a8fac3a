import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemoData } from './generate-demo-data.js';

// Landing "a new day" is regenerating with one more day: every file and row of the earlier days
// must stay as it was. The only rows that may change are documented in generate-demo-data.ts.
const START = '2024-03-01';
const NEW_DAY = '2024-03-04';
const NEW_DAY_EPOCH = Date.parse(`${NEW_DAY}T00:00:00Z`) / 1000;

let root: string;
let three: string;
let four: string;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'reelhouse-append-'));
  three = join(root, 'three');
  four = join(root, 'four');
  await generateDemoData({ out: three, seed: 11, scale: 600, start: START, days: 3 });
  await generateDemoData({ out: four, seed: 11, scale: 600, start: START, days: 4 });
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function sha(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

async function rows(dir: string, name: string): Promise<{ header: string[]; lines: string[] }> {
  const [head = '', ...lines] = (await readFile(join(dir, name), 'utf8')).trimEnd().split('\n');
  return { header: head.split(','), lines };
}

test('one more day leaves the lake partitions of the earlier days byte for byte', async () => {
  const lake = (dir: string): Promise<string[]> => readdir(join(dir, 'lake', 'events'));
  const before3 = (await lake(three)).sort();
  const before4 = (await lake(four)).sort();
  assert.deepEqual(before3, ['event_date=2024-03-01', 'event_date=2024-03-02', 'event_date=2024-03-03']);
  assert.deepEqual(before4, [...before3, `event_date=${NEW_DAY}`]);
  for (const partition of before3) {
    const file = join('lake', 'events', partition, 'part-00000.parquet');
    assert.equal(await sha(join(four, file)), await sha(join(three, file)), file);
  }
});

test('every CSV row dated before the new day is in both outputs, and nothing else changes', async () => {
  // [file, the column that dates a row, whether that column holds epoch seconds]
  const dated: Array<[string, string, boolean]> = [
    ['users.csv', 'signup_date', false],
    ['payments.csv', 'payment_date', false],
    ['viewing_activity.csv', 'watch_date', false],
    ['movielens/ratings.csv', 'timestamp', true],
    ['movielens/tags.csv', 'timestamp', true],
  ];
  for (const [name, column, epoch] of dated) {
    const a = await rows(three, name);
    const b = await rows(four, name);
    assert.deepEqual(b.header, a.header);
    const at = a.header.indexOf(column);
    const early = (line: string): boolean => {
      const value = line.split(',')[at] ?? '';
      return epoch ? Number(value) < NEW_DAY_EPOCH : value < NEW_DAY;
    };
    assert.ok(a.lines.length > 0, name);
    assert.ok(a.lines.every(early), `${name} of three days has no row of the fourth`);
    assert.deepEqual(new Set(b.lines.filter(early)), new Set(a.lines), name);
    assert.ok(b.lines.length >= a.lines.length, name);
  }
  // A subscription that ends on the new day is open (no end date) in the shorter output.
  const a = await rows(three, 'subscriptions.csv');
  const b = await rows(four, 'subscriptions.csv');
  const fields = (line: string): string[] => line.split(',');
  const endingOnNewDay = b.lines.filter((l) => fields(l)[3] === NEW_DAY);
  const reopened = b.lines
    .filter((l) => (fields(l)[2] ?? '') < NEW_DAY)
    .map((l) => (fields(l)[3] === NEW_DAY ? l.replace(`,${NEW_DAY},`, ',,') : l));
  assert.deepEqual(reopened, a.lines);
  assert.ok(b.lines.some((l) => fields(l)[2] === NEW_DAY) || endingOnNewDay.length > 0, 'the new day changes billing');
  for (const name of ['catalog/titles.csv', 'movielens/movies.csv', 'api/titles.ndjson']) {
    assert.equal(await sha(join(four, name)), await sha(join(three, name)), name);
  }
});
