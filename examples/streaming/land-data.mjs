// Lands the demo service's generated data into the project's data folder up to a given day,
// the way it would arrive day by day: exports are cut at that day, lake partitions and
// stream snapshot files that already landed are never rewritten, and each day's live-stream
// snapshots become one Parquet file per hourly extraction (the shape the REST ingestion writes).
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { openDuckDb } from '../../dist/src/adapters/duckdb/index.js';

const DAY_MS = 86_400_000;

/** The `YYYY-MM-DD` that is `n` days after `day`. */
export function addDays(day, n) {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The days (sorted) whose event partitions exist in a generated or landed folder. */
export async function lakeDays(dir) {
  const lake = join(dir, 'lake', 'events');
  if (!existsSync(lake)) return [];
  return (await readdir(lake)).map((d) => /^event_date=(\d{4}-\d{2}-\d{2})$/.exec(d)?.[1]).filter(Boolean).sort();
}

/**
 * Copies `generated` into `dataDir` as it stood at the end of `through` (YYYY-MM-DD). Stream
 * snapshots are landed for `through` and for `streamDays - 1` days before it (when missing).
 * Returns what it wrote.
 */
export async function landDemoData({ generated, dataDir, through, streamDays = 2 }) {
  const q = (s) => `'${String(s).replaceAll("'", "''")}'`;
  const g = (rel) => q(join(generated, rel).replaceAll('\\', '/'));
  const written = { exports: [], partitions: [], streamFiles: [] };
  for (const dir of ['catalog', 'movielens', 'streams', 'lake/events']) await mkdir(join(dataDir, dir), { recursive: true });
  const db = await openDuckDb({ path: ':memory:', threads: 2 });
  try {
    const day = `date ${q(through)}`;
    const epochEnd = `epoch(${day} + 1)`;
    const exports = {
      'users.csv': `select * from read_csv(${g('users.csv')}, header = true, all_varchar = true) where cast(signup_date as date) <= ${day}`,
      'subscriptions.csv': `select subscription_id, user_id, start_date,
          case when cast(end_date as date) > ${day} then null else end_date end as end_date, monthly_price
        from read_csv(${g('subscriptions.csv')}, header = true, all_varchar = true) where cast(start_date as date) <= ${day}`,
      'payments.csv': `select * from read_csv(${g('payments.csv')}, header = true, all_varchar = true) where cast(payment_date as date) <= ${day}`,
      'viewing_activity.csv': `select * from read_csv(${g('viewing_activity.csv')}, header = true, all_varchar = true) where cast(watch_date as date) <= ${day}`,
      'movielens/ratings.csv': `select * from read_csv(${g('movielens/ratings.csv')}, header = true, all_varchar = true) where cast("timestamp" as bigint) < ${epochEnd}`,
      'movielens/tags.csv': `select * from read_csv(${g('movielens/tags.csv')}, header = true, all_varchar = true) where cast("timestamp" as bigint) < ${epochEnd}`,
    };
    for (const [rel, sql] of Object.entries(exports)) {
      const target = join(dataDir, rel);
      await db.execute(`copy (${sql}) to ${q(`${target}.tmp`)} (format csv, header true)`);
      await rename(`${target}.tmp`, target);
      written.exports.push(rel);
    }
    for (const rel of ['catalog/titles.csv', 'movielens/movies.csv']) {
      await copyFile(join(generated, rel), join(dataDir, rel));
      written.exports.push(rel);
    }
    for (const d of await lakeDays(generated)) {
      if (d > through) continue;
      const part = join('lake', 'events', `event_date=${d}`);
      if (existsSync(join(dataDir, part))) continue;
      await mkdir(join(dataDir, `${part}.tmp`), { recursive: true });
      for (const f of await readdir(join(generated, part))) await copyFile(join(generated, part, f), join(dataDir, `${part}.tmp`, f));
      await rename(join(dataDir, `${part}.tmp`), join(dataDir, part));
      written.partitions.push(d);
    }
    // The generator records one day of hourly snapshots; each landed day replays them on its own date.
    const streams = g('api/streams.ndjson');
    const generatedDay = (await db.execute(`select min(cast(snapshot_ts as timestamp))::date::varchar from read_json_auto(${streams})`)).rows[0]?.[0];
    for (let back = streamDays - 1; back >= 0; back--) {
      const d = addDays(through, -back);
      const existing = (await readdir(join(dataDir, 'streams'))).filter((f) => f.startsWith(`streams_${d}T`));
      if (existing.length > 0 || !generatedDay) continue;
      const shift = `(date ${q(d)} - date ${q(generatedDay)})`;
      const hours = (await db.execute(`select distinct snapshot_ts from read_json_auto(${streams}) order by 1`)).rows.map((r) => String(r[0]));
      for (const ts of hours) {
        const at = new Date(Date.parse(ts.replace(' ', 'T').replace(/Z?$/, 'Z')) + (Date.parse(`${d}T00:00:00Z`) - Date.parse(`${generatedDay}T00:00:00Z`)));
        const name = `streams_${at.toISOString().replace(/[:.]/g, '-')}.parquet`;
        const target = join(dataDir, 'streams', name);
        await db.execute(`copy (
          select * exclude (snapshot_ts), cast(cast(snapshot_ts as timestamp) + to_days(${shift}) as timestamptz) as _extracted_at
          from read_json_auto(${streams}) where snapshot_ts = ${q(ts)}
        ) to ${q(`${target}.tmp`)} (format parquet)`);
        await rename(`${target}.tmp`, target);
        written.streamFiles.push(name);
      }
    }
  } finally {
    await db.close();
  }
  return written;
}
