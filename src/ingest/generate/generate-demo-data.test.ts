import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { openDuckDb } from '../../adapters/duckdb/index.js';
import { isReelhouseError } from '../../core/diagnostic.js';
import { generateDemoData, type GenerateSummary } from './generate-demo-data.js';

let root: string;
let first: GenerateSummary;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'reelhouse-generate-'));
  first = await generateDemoData({ out: join(root, 'a'), seed: 7, scale: 400, start: '2024-03-01', days: 21 });
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function digests(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (d: string): Promise<void> => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) await walk(path);
      else out.set(relative(dir, path), createHash('sha256').update(await readFile(path)).digest('hex'));
    }
  };
  await walk(dir);
  return out;
}

test('the same seed writes the same bytes, on any thread count; another seed does not', async () => {
  const again = await generateDemoData({ out: join(root, 'b'), seed: 7, scale: 400, start: '2024-03-01', days: 21, threads: 1 });
  const other = await generateDemoData({ out: join(root, 'c'), seed: 8, scale: 400, start: '2024-03-01', days: 21 });
  const a = await digests(join(root, 'a'));
  const b = await digests(join(root, 'b'));
  const c = await digests(join(root, 'c'));
  assert.equal(a.size, 4 + 1 + 3 + 2 + 21, [...a.keys()].join(', '));
  assert.deepEqual(b, a);
  assert.equal(again.events, first.events);
  assert.notDeepEqual(c.get('users.csv'), a.get('users.csv'));
  assert.notEqual(other.events, 0);
});

test('billing exports have the sample CSVs\' columns and formats', async () => {
  const out = join(root, 'a');
  const lines = async (name: string): Promise<string[]> => (await readFile(join(out, name), 'utf8')).trimEnd().split('\n');
  const users = await lines('users.csv');
  assert.equal(users[0], 'user_id,country,signup_date,plan_type');
  // The scale is the population; only those who have signed up by the last day are exported.
  assert.equal(users.length - 1, first.users);
  assert.ok(first.users > 100 && first.users < 400, String(first.users));
  assert.match(users[1] ?? '', /^U\d{3},[A-Z]{2},\d{4}-\d{2}-\d{2},(basic|standard|premium)$/);
  const subs = await lines('subscriptions.csv');
  assert.equal(subs[0], 'subscription_id,user_id,start_date,end_date,monthly_price');
  assert.match(subs[1] ?? '', /^S\d{3,},U\d{3},\d{4}-\d{2}-\d{2},(\d{4}-\d{2}-\d{2})?,(9\.99|13\.99|17\.99)$/);
  assert.ok(subs.some((l) => /,,\d/.test(l)), 'some subscriptions are still active');
  assert.ok(subs.some((l) => /\d,\d{4}-\d{2}-\d{2},\d/.test(l)), 'some subscriptions ended');
  const payments = await lines('payments.csv');
  assert.equal(payments[0], 'payment_id,user_id,payment_date,amount');
  assert.match(payments[1] ?? '', /^P\d{3,},U\d{3},\d{4}-\d{2}-\d{2},\d+\.\d{2}$/);
  const activity = await lines('viewing_activity.csv');
  assert.equal(activity[0], 'user_id,watch_date,hours_watched');
});

test('the data is consistent: payments follow subscriptions and only subscribers watch', async () => {
  const out = join(root, 'a');
  const db = await openDuckDb({ path: ':memory:' });
  const q = (p: string): string => db.dialect.quoteString(join(out, p));
  try {
    const check = async (sql: string): Promise<unknown> => (await db.execute(sql)).rows[0]?.[0];
    // Every payment falls inside one of the user's subscriptions and charges its price.
    assert.equal(await check(`SELECT count(*) FROM read_csv(${q('payments.csv')}) p WHERE NOT EXISTS (
      SELECT 1 FROM read_csv(${q('subscriptions.csv')}) s WHERE s.user_id = p.user_id AND p.payment_date >= s.start_date
        AND (s.end_date IS NULL OR p.payment_date <= s.end_date) AND s.monthly_price = p.amount)`), 0);
    // Re-subscriptions and plan changes exist.
    assert.ok(Number(await check(`SELECT count(*) FROM (SELECT user_id FROM read_csv(${q('subscriptions.csv')}) GROUP BY 1 HAVING count(*) > 1)`)) > 10);
    const events = `read_parquet(${q('lake/events/*/*.parquet')}, hive_partitioning = true)`;
    assert.equal(await check(`SELECT count(*) FROM ${events}`), first.events);
    // Partitions hold their own day's events only.
    assert.equal(await check(`SELECT count(*) FROM ${events} WHERE event_ts::DATE <> event_date`), 0);
    // A session starts with play, ends with stop, and watched seconds add up to its last position.
    assert.equal(await check(`SELECT count(*) FROM (SELECT session_id, arg_min(event_type, event_id) AS a, arg_max(event_type, event_id) AS z
      FROM ${events} GROUP BY 1 HAVING min(event_ts) >= TIMESTAMP '2024-03-01 06:00:00' AND max(event_ts) < TIMESTAMP '2024-03-21 18:00:00') WHERE a <> 'play' OR z <> 'stop'`), 0);
    // Nobody watches on a day without an active subscription (churned users go quiet).
    assert.equal(await check(`SELECT count(*) FROM (SELECT DISTINCT user_id, event_ts::DATE AS d FROM ${events} WHERE event_type = 'play') e
      WHERE NOT EXISTS (SELECT 1 FROM read_csv(${q('subscriptions.csv')}) s WHERE s.user_id = e.user_id AND e.d >= s.start_date AND (s.end_date IS NULL OR e.d <= s.end_date))`), 0);
    // Evenings are busier than mornings, and a few titles get most plays.
    assert.ok(Number(await check(`SELECT count(*) FILTER (hour(event_ts) BETWEEN 19 AND 22) / count(*) FILTER (hour(event_ts) BETWEEN 6 AND 9) FROM ${events} WHERE event_type = 'play'`)) > 3);
    assert.ok(Number(await check(`SELECT sum(n) FILTER (rn <= 5) / sum(n) FROM (SELECT count(*) n, row_number() OVER (ORDER BY count(*) DESC) rn FROM ${events} WHERE event_type = 'play' GROUP BY title_id)`)) > 0.2);
    const streams = (await db.execute(`SELECT count(DISTINCT snapshot_ts), count(*) FILTER (viewer_count < 1) FROM read_json(${q('api/streams.ndjson')})`)).rows[0];
    assert.deepEqual(streams, [24, 0]);
  } finally {
    await db.close();
  }
});

test('bad options are user errors', async () => {
  await assert.rejects(generateDemoData({ out: join(root, 'x'), seed: 1, scale: 10, start: '2024-02-30', days: 3 }), (e: unknown) => isReelhouseError(e) && e.diagnostic.code === 'generate-invalid-option');
  await assert.rejects(generateDemoData({ out: join(root, 'x'), seed: 1, scale: 0, start: '2024-02-01', days: 3 }), (e: unknown) => isReelhouseError(e));
});
