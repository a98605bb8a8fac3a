import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDuckDb } from '../../adapters/duckdb/index.js';
import { billingIdWidths, billingStatements, paymentsCsvQuery, subscriptionsCsvQuery, subscriptionsStatement, usersCsvQuery } from './billing-sql.js';
import {
  LANGUAGE_TAG_MACRO,
  movieLensMoviesQuery,
  movieLensRatingsQuery,
  movieLensTagsQuery,
  streamsQuery,
  titlesCsvQuery,
  titlesStatement,
} from './catalog-sql.js';
import { daysStatement, eventEnumStatements, eventsDayQuery, sessionsStatement, viewingActivityQuery } from './events-sql.js';
import { addDays, planGeneration, type GenerateOptions } from './generator-plan.js';

/** One file the generator wrote. */
export interface GeneratedFile {
  /** Path relative to the output folder, with `/` separators. */
  path: string;
  rows: number;
  bytes: number;
}

/** What `generateDemoData` wrote and how long it took. */
export interface GenerateSummary {
  out: string;
  seed: number;
  scale: number;
  start: string;
  end: string;
  days: number;
  users: number;
  subscriptions: number;
  payments: number;
  sessions: number;
  events: number;
  titles: number;
  streamSnapshots: number;
  files: GeneratedFile[];
  /** Wall time of the whole generation and of the event lake alone, in milliseconds. */
  elapsedMs: number;
  lakeElapsedMs: number;
}

/**
 * How lake files are written. Dictionaries are left to the ENUM columns (which the writer encodes
 * for free) instead of being tried on every column, and Parquet v2 pages delta-encode the ids and
 * times: together about half the writer's CPU of the defaults and a quarter smaller files.
 */
const LAKE_PARQUET_OPTIONS = 'FORMAT parquet, PARQUET_VERSION v2, DICTIONARY_SIZE_LIMIT 1';

/** The folder, inside `out`, that holds the player-event lake partitions. */
export const EVENTS_LAKE_DIR = 'lake/events';

/**
 * Generates the demo service's data under `options.out`: billing CSV exports, the player-event
 * Parquet lake partitioned by `event_date`, the title catalog with MovieLens-shaped ratings
 * and tags, and live-stream snapshots for the Helix-shaped demo API. The same options always
 * produce the same bytes.
 *
 * Every draw depends on the seed, an entity and a date, never on the number of days, so one more
 * day only appends: the lake partitions of the earlier days keep their bytes, and every CSV row
 * dated before the new day stays, except a subscription that ends on the new day, whose empty
 * `end_date` gets that day. `api/streams.ndjson` holds the last day's live snapshots and so is
 * that day's. (With an `events` target the rate is spread over the days, which is not stable.)
 */
export async function generateDemoData(options: GenerateOptions): Promise<GenerateSummary> {
  const plan = planGeneration(options);
  const out = resolve(options.out);
  const began = Date.now();
  const progress = options.onProgress ?? (() => undefined);
  const totalSteps = 8 + plan.days;
  let done = 0;
  const step = (name: string): void => {
    progress({ step: name, done, total: totalSteps });
    done++;
  };

  await mkdir(out, { recursive: true });
  for (const dir of ['catalog', 'movielens', 'api']) await mkdir(join(out, dir), { recursive: true });
  await rm(join(out, EVENTS_LAKE_DIR), { recursive: true, force: true });
  await mkdir(join(out, EVENTS_LAKE_DIR), { recursive: true });

  // Working tables stay in memory up to the limit and spill to a private folder beyond it,
  // which keeps a 100-million-event lake under 4 GB of memory for the whole process.
  const spill = await mkdtemp(join(tmpdir(), 'reelhouse-generate-'));
  const threads = options.threads ?? 2;
  const db = await openDuckDb({
    path: ':memory:',
    threads,
    settings: { memory_limit: '2400MB', preserve_insertion_order: true },
  });
  // A global setting that cannot change once used, so it is set once, before anything runs.
  await db.execute(`SET temp_directory = ${db.dialect.quoteString(spill)}`);
  const files: GeneratedFile[] = [];
  const q = (value: string): string => db.dialect.quoteString(value);
  const count = async (sql: string): Promise<number> => Number((await db.execute(sql)).rows[0]?.[0] ?? 0);
  const copy = async (query: string, relPath: string, format: 'csv' | 'json' | 'parquet'): Promise<number> => {
    const target = join(out, relPath);
    const temp = `${target}.tmp`;
    const opts = format === 'csv' ? 'FORMAT csv, HEADER true' : format === 'json' ? 'FORMAT json' : 'FORMAT parquet';
    const result = await db.execute(`COPY (${query}) TO ${q(temp)} (${opts})`);
    await rename(temp, target);
    const rows = result.rowsChanged || Number(result.rows[0]?.[0] ?? 0);
    files.push({ path: relPath, rows, bytes: (await stat(target)).size });
    return rows;
  };

  try {
    await db.execute(LANGUAGE_TAG_MACRO);
    step('users and subscriptions');
    for (const sql of billingStatements(plan)) await db.execute(sql);
    const widths = billingIdWidths(plan);
    await db.execute(subscriptionsStatement(plan, widths.subscription));

    step('billing exports');
    const users = await copy(usersCsvQuery(plan), 'users.csv', 'csv');
    const subscriptions = await copy(subscriptionsCsvQuery(), 'subscriptions.csv', 'csv');
    const payments = await copy(paymentsCsvQuery(plan, widths.payment), 'payments.csv', 'csv');

    step('title catalog');
    await db.execute(titlesStatement(plan));
    const titles = await copy(titlesCsvQuery(), 'catalog/titles.csv', 'csv');
    await copy(titlesCsvQuery(), 'api/titles.ndjson', 'json');

    step('ratings and tags');
    await copy(movieLensMoviesQuery(), 'movielens/movies.csv', 'csv');
    await copy(movieLensRatingsQuery(plan), 'movielens/ratings.csv', 'csv');
    await copy(movieLensTagsQuery(plan), 'movielens/tags.csv', 'csv');

    step('live streams');
    await copy(streamsQuery(plan), 'api/streams.ndjson', 'json');
    const streamSnapshots = await count(`SELECT count(DISTINCT snapshot_ts) FROM read_json(${q(join(out, 'api', 'streams.ndjson'))}, columns = {snapshot_ts: 'VARCHAR'})`);

    step('viewing sessions');
    for (const sql of eventEnumStatements()) await db.execute(sql);
    await db.execute(daysStatement(plan));
    await db.execute(sessionsStatement(plan));
    const sessions = await count('SELECT count(*) FROM g_sessions');
    // Largest days first, so the last statement to finish is a small one and no thread idles long.
    const days = (await db.execute('SELECT d, day_us FROM g_days ORDER BY n_cand DESC, d')).rows;

    // A single Parquet file is written mostly by one thread, so days are written side by side,
    // each by its own statement: a file's bytes depend only on its own query, never on the mix.
    // Each statement runs on its own calling thread (DuckDB threads = 1): with worker threads
    // too, every waiting statement spins on the task queue, which took a quarter of the CPU.
    const lakeBegan = Date.now();
    let events = 0;
    let nextDay = 0;
    const lakeFiles: GeneratedFile[] = [];
    const writeDays = async (): Promise<void> => {
      for (let i = nextDay++; i < days.length; i = nextDay++) {
        const row = days[i] ?? [];
        const d = Number(row[0]);
        const day = addDays(plan.start, d);
        const relPath = `${EVENTS_LAKE_DIR}/event_date=${day}/part-00000.parquet`;
        await mkdir(join(out, EVENTS_LAKE_DIR, `event_date=${day}`), { recursive: true });
        const target = join(out, relPath);
        const result = await db.execute(`COPY (${eventsDayQuery(plan, d, BigInt(row[1] as number | string))}) TO ${q(`${target}.tmp`)} (${LAKE_PARQUET_OPTIONS})`);
        await rename(`${target}.tmp`, target);
        lakeFiles[d] = { path: relPath, rows: result.rowsChanged, bytes: (await stat(target)).size };
        events += result.rowsChanged;
        step(`events ${day}`);
      }
    };
    await db.execute('SET threads = 1');
    await Promise.all(Array.from({ length: Math.max(1, Math.min(plan.days, threads)) }, writeDays));
    await db.execute(`SET threads = ${threads}`);
    files.push(...lakeFiles);
    const lakeElapsedMs = Date.now() - lakeBegan;

    step('viewing activity');
    await copy(viewingActivityQuery(), 'viewing_activity.csv', 'csv');
    step('done');
    progress({ step: 'done', done: totalSteps, total: totalSteps });

    return {
      out,
      seed: plan.seed,
      scale: plan.scale,
      start: plan.start,
      end: plan.end,
      days: plan.days,
      users,
      subscriptions,
      payments,
      sessions,
      events,
      titles,
      streamSnapshots,
      files,
      elapsedMs: Date.now() - began,
      lakeElapsedMs,
    };
  } finally {
    await db.close();
    await rm(spill, { recursive: true, force: true });
  }
}
